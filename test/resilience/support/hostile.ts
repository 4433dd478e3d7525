import fc from 'fast-check';

/** Strings that have broken web services before: injection, encodings, limits, lookalikes. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u202Egnp.exe',
  '\uD800',
  '\uDFFF\uD800',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦'.repeat(200),
  'Ω≈ç√∫˜µ≤≥÷',
  '𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐',
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  '1; SELECT pg_sleep(10)',
  '" UNION SELECT password_hash FROM users --',
  '\\',
  '%',
  '%00',
  '%s%s%s%n',
  '${7*7}{{7*7}}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9'.repeat(400),
  '-9223372036854775809',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31T23:59:59.999Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'null',
  'true',
  '[]',
  '{}',
  'x'.repeat(70_000),
];

export const NASTY_NUMBERS = [0, -1, 1, -0, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_VALUE, 1e308, Number.MIN_VALUE];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uuid() },
);

/** Any JSON value, weighted towards the hostile ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: hostileString },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...NASTY_NUMBERS, true, false, null) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'id', ''), tie('value'), { maxKeys: 3 }) },
  ),
})).value;

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  nullable?: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** A valid-looking value for a schema: what makes a request reach the deeper layers before the hostile part trips them. */
function plausible(schema: Schema, doc: OpenApiDocument, depth: number): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, doc);
  if (resolved.enum?.length) return fc.constantFrom(...resolved.enum);
  const combined = resolved.allOf?.[0] ?? resolved.oneOf?.[0] ?? resolved.anyOf?.[0];
  if (combined) return plausible(combined, doc, depth);
  switch (resolved.type) {
    case 'integer':
      return fc.oneof(fc.integer({ min: resolved.minimum ?? -10, max: resolved.maximum ?? 1_000_000 }), fc.constantFrom(resolved.minimum ?? 0, resolved.maximum ?? 0));
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 2 ? fc.constant([]) : fc.array(plausible(resolved.items ?? {}, doc, depth + 1), { maxLength: 3 });
    case 'object':
      return depth > 2 ? fc.constant({}) : objectFor(resolved, doc, depth + 1);
    default:
      if (resolved.properties) return depth > 2 ? fc.constant({}) : objectFor(resolved, doc, depth + 1);
      if (resolved.format === 'uuid') return fc.uuid();
      if (resolved.format === 'date') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (resolved.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (resolved.format === 'email') return fc.emailAddress();
      return fc.string({ maxLength: Math.min(resolved.maxLength ?? 40, 40) });
  }
}

function resolve(schema: Schema, doc: OpenApiDocument): Schema {
  let current = schema;
  for (let i = 0; current.$ref && i < 10; i += 1) current = doc.components?.schemas?.[current.$ref.split('/').pop() as string] ?? {};
  return current;
}

/** An object of the schema's fields, each plausible or hostile, some left out, unknown ones added. */
function objectFor(schema: Schema, doc: OpenApiDocument, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(schema.properties ?? {});
  const record = Object.fromEntries(fields.map(([name, field]) => [name, fc.oneof({ weight: 3, arbitrary: plausible(field, doc, depth) }, { weight: 1, arbitrary: hostileValue })]));
  return fc
    .tuple(fc.record(record, { requiredKeys: [] }), fc.dictionary(fc.constantFrom('unknownField', '__proto__', 'constructor', 'isAdmin', 'role'), hostileValue, { maxKeys: 2 }))
    .map(([known, extra]) => ({ ...known, ...extra }));
}

export function bodyFor(schema: Schema | undefined, doc: OpenApiDocument): fc.Arbitrary<unknown> {
  if (!schema) return hostileValue;
  return fc.oneof({ weight: 4, arbitrary: plausible(schema, doc, 0) }, { weight: 1, arbitrary: hostileValue });
}

export function paramFor(schema: Schema | undefined, doc: OpenApiDocument): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: hostileString },
    { weight: 2, arbitrary: plausible(schema ?? { type: 'string' }, doc, 0).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
  );
}

/** How the body is sent: JSON, JSON with a duplicated key, or in a content type the endpoint does not take. */
export type Encoding = 'json' | 'duplicate-keys' | 'form' | 'text' | 'xml' | 'multipart-no-boundary' | 'none' | 'truncated-json';
export const encoding: fc.Arbitrary<Encoding> = fc.constantFrom<Encoding>(
  'json',
  'json',
  'json',
  'duplicate-keys',
  'form',
  'text',
  'xml',
  'multipart-no-boundary',
  'none',
  'truncated-json',
);

export function encode(body: unknown, how: Encoding): { contentType?: string; payload?: string } {
  const json = JSON.stringify(body) ?? 'null';
  switch (how) {
    case 'json':
      return { contentType: 'application/json', payload: json };
    case 'duplicate-keys':
      return { contentType: 'application/json', payload: json.startsWith('{') && json.length > 2 ? `{"role":"admin",${json.slice(1, -1)},${json.slice(1, -1)}}` : `{"a":1,"a":${json}}` };
    case 'form':
      return {
        contentType: 'application/x-www-form-urlencoded',
        payload: body && typeof body === 'object' ? new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : String(JSON.stringify(v))])).toString() : `value=${encodeURIComponent(json)}`,
      };
    case 'text':
      return { contentType: 'text/plain', payload: json };
    case 'xml':
      return { contentType: 'application/xml', payload: `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>` };
    case 'multipart-no-boundary':
      return { contentType: 'multipart/form-data', payload: json };
    case 'truncated-json':
      return { contentType: 'application/json', payload: json.slice(0, Math.max(1, Math.floor(json.length / 2))) };
    case 'none':
      return {};
  }
}

/** What a response must never show: a stack trace, source paths or driver internals. */
export const LEAK = /\n\s+at [^\n]+:\d+:\d+|node_modules|\.ts:\d+|QueryFailedError|TypeORMError|syntax error at or near|duplicate key value violates/;
