/** The data an event carries: each field's type and limits, checked before any guard runs. */
export type FieldSpec = { description: string; required?: boolean } & (
  | { type: 'string'; maxLength: number }
  | { type: 'strings'; maxItems: number; maxLength: number }
  | { type: 'integer'; min: number; max: number }
  | { type: 'boolean' }
  | { type: 'date' }
  | { type: 'uuid' }
  | { type: 'uuids'; maxItems: number }
  | { type: 'email' }
  | { type: 'enum'; values: readonly string[] }
  /** A JSON object checked elsewhere (a letter's content is checked by the documents context). */
  | { type: 'object'; maxKeys: number }
);

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

export interface FieldProblem {
  field: string;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A real calendar date written YYYY-MM-DD. */
export function isLegalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function problemWith(spec: FieldSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string';
      return value.length > spec.maxLength ? `must be at most ${spec.maxLength} characters` : null;
    case 'strings':
      if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
        return 'must be a non-empty list of non-empty strings';
      }
      if (value.length > spec.maxItems) return `must have at most ${spec.maxItems} items`;
      return value.some((v: string) => v.length > spec.maxLength) ? `items must be at most ${spec.maxLength} characters` : null;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      return value < spec.min || value > spec.max ? `must be from ${spec.min} to ${spec.max}` : null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return isLegalDate(value) ? null : 'must be a date written YYYY-MM-DD';
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? null : 'must be a UUID';
    case 'uuids':
      if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || !UUID.test(v))) {
        return 'must be a non-empty list of UUIDs';
      }
      return value.length > spec.maxItems ? `must have at most ${spec.maxItems} items` : null;
    case 'email':
      return typeof value === 'string' && value.length <= 254 && EMAIL.test(value) ? null : 'must be an email address';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? null : `must be one of ${spec.values.join(', ')}`;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JSON object';
      return Object.keys(value).length > spec.maxKeys ? `must have at most ${spec.maxKeys} fields` : null;
  }
}

export interface FieldCheck {
  /** Required fields (or groups of which one is required) that are absent, named as `data.<field>`. */
  missing: string[];
  invalid: FieldProblem[];
}

/** Checks an event's data against its field specs: unknown fields are invalid, absent required ones missing. */
export function checkFields(
  specs: FieldSpecs,
  oneOf: readonly { fields: readonly string[]; exclusive: boolean }[],
  data: Readonly<Record<string, unknown>>,
): FieldCheck {
  const missing: string[] = [];
  const invalid: FieldProblem[] = [];
  for (const [name, value] of Object.entries(data)) {
    const spec = specs[name];
    if (!spec) {
      const known = Object.keys(specs);
      invalid.push({ field: `data.${name}`, message: known.length ? `is not a field of this event (its fields: ${known.join(', ')})` : 'is not a field of this event (it takes no data)' });
      continue;
    }
    if (value === undefined || value === null) continue;
    const problem = problemWith(spec, value);
    if (problem) invalid.push({ field: `data.${name}`, message: problem });
  }
  const present = (name: string): boolean => data[name] !== undefined && data[name] !== null;
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !present(name)) missing.push(`data.${name}`);
  }
  for (const group of oneOf) {
    const given = group.fields.filter(present);
    if (given.length === 0) missing.push(group.fields.map((n) => `data.${n}`).join(' or '));
    if (group.exclusive && given.length > 1) invalid.push({ field: `data.${given[1]}`, message: `give only one of ${group.fields.join(', ')}` });
  }
  return { missing, invalid };
}
