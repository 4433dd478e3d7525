import { DomainError, type FieldError } from '@app/core';
import { normaliseUrl, type NormalisedUrl } from '@app/registry';
import { HARM_CATEGORIES, type HarmCategory } from '@app/triage';
import { validateEvidence, type Evidence, type EvidenceInput } from './evidence.js';
import { detectMediaInText, MEDIA_REFUSAL_REASON } from './media.js';
import { INTAKE_SOURCES, type IntakeSource } from './sources.js';

/** A validated intake item, whichever way it arrived (API, form, officer, bulk import). */
export interface IntakeCommand {
  source: IntakeSource;
  service: NormalisedUrl;
  harmCategories: HarmCategory[];
  description: string;
  occurredOn: string | null;
  reporter: Record<string, string | boolean> | null;
  personAffected: Record<string, string> | null;
  childrenLikely: boolean;
  evidence: Evidence[];
  /** The source-specific part, without personal data. */
  details: Record<string, unknown>;
}

/** The key of each source's specific part in the request. */
export const DETAILS_KEY: Record<IntakeSource, string> = {
  complaint: 'complaint',
  provider_self_report: 'providerSelfReport',
  supervision: 'supervision',
  other_regulatory_function: 'otherRegulatoryFunction',
  whistleblower: 'whistleblower',
  other_body: 'otherBody',
  super_complaint: 'superComplaint',
};

type FieldSpec =
  | { type: 'string'; max: number; required?: boolean; pattern?: RegExp; patternMessage?: string; oneOf?: readonly string[] }
  | { type: 'boolean'; required?: boolean }
  | { type: 'integer'; min: number; max: number; required?: boolean }
  | { type: 'email'; max: number };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

const DETAIL_SPECS: Record<IntakeSource, Record<string, FieldSpec>> = {
  complaint: {
    channel: { type: 'string', max: 20, oneOf: ['portal', 'contact_centre', 'post', 'api'] },
    reportedToProvider: { type: 'boolean' },
    providerResponse: { type: 'string', max: 5000 },
  },
  provider_self_report: {
    remediationSoFar: { type: 'string', max: 10000, required: true },
    providerReference: { type: 'string', max: 200 },
    discoveredOn: { type: 'string', max: 10, pattern: DATE, patternMessage: 'must be a date as YYYY-MM-DD' },
    usersAffectedEstimate: { type: 'integer', min: 0, max: 10_000_000_000 },
  },
  supervision: { engagementReference: { type: 'string', max: 200 }, supervisionTeam: { type: 'string', max: 200 } },
  other_regulatory_function: {
    function: { type: 'string', max: 40, required: true, oneOf: ['information_request', 'risk_assessment', 'categorisation', 'fees', 'transparency', 'other'] },
    relatedReference: { type: 'string', max: 200 },
    missedDeadlineOn: { type: 'string', max: 10, pattern: DATE, patternMessage: 'must be a date as YYYY-MM-DD' },
  },
  whistleblower: {
    relationship: { type: 'string', max: 40, required: true, oneOf: ['employee', 'former_employee', 'contractor', 'industry_stakeholder', 'other'] },
    confidentialityRequested: { type: 'boolean' },
    insiderEvidenceSummary: { type: 'string', max: 10000 },
  },
  other_body: {
    bodyType: { type: 'string', max: 20, required: true, oneOf: ['police', 'regulator', 'hotline', 'charity', 'government', 'other'] },
    bodyName: { type: 'string', max: 300, required: true },
    bodyReference: { type: 'string', max: 200, required: true },
  },
  super_complaint: {
    superComplaintReference: { type: 'string', max: 100, required: true },
    superComplaintId: { type: 'string', max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, patternMessage: 'must be a UUID' },
    eligibleEntityName: { type: 'string', max: 300 },
  },
};

const REPORTER_SPEC: Record<string, FieldSpec> = {
  name: { type: 'string', max: 300 },
  email: { type: 'email', max: 320 },
  phone: { type: 'string', max: 50 },
  organisation: { type: 'string', max: 300 },
  role: { type: 'string', max: 300 },
  isPersonAffected: { type: 'boolean' },
};

const PERSON_AFFECTED_SPEC: Record<string, FieldSpec> = {
  name: { type: 'string', max: 300 },
  ageGroup: { type: 'string', max: 10, oneOf: ['under_13', '13_17', '18_plus', 'unknown'] },
  relationshipToReporter: { type: 'string', max: 300 },
  details: { type: 'string', max: 5000 },
};

const EVIDENCE_SPEC: Record<string, FieldSpec> = {
  url: { type: 'string', max: 2048 },
  hashAlgorithm: { type: 'string', max: 20 },
  hash: { type: 'string', max: 2048 },
  description: { type: 'string', max: 5000 },
};

const TOP_LEVEL = new Set([
  'source',
  'serviceUrl',
  'harmCategories',
  'description',
  'occurredOn',
  'reporter',
  'personAffected',
  'childrenLikely',
  'evidence',
  ...Object.values(DETAILS_KEY),
]);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function readObject(value: unknown, spec: Record<string, FieldSpec>, path: string, errors: FieldError[]): Record<string, string | number | boolean> | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    errors.push({ field: path, message: 'must be an object' });
    return null;
  }
  const out: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(value)) if (!(key in spec)) errors.push({ field: `${path}.${key}`, message: 'is not a known field' });
  for (const [key, s] of Object.entries(spec)) {
    const v = value[key];
    const field = `${path}.${key}`;
    if (v === undefined || v === null || v === '') {
      if ('required' in s && s.required) errors.push({ field, message: 'is required' });
      continue;
    }
    if (s.type === 'boolean') {
      if (typeof v !== 'boolean') errors.push({ field, message: 'must be true or false' });
      else out[key] = v;
    } else if (s.type === 'integer') {
      if (!Number.isSafeInteger(v) || (v as number) < s.min || (v as number) > s.max) errors.push({ field, message: `must be a whole number from ${s.min} to ${s.max}` });
      else out[key] = v as number;
    } else if (typeof v !== 'string') {
      errors.push({ field, message: 'must be text' });
    } else {
      const text = v.trim();
      if (text.length > s.max) errors.push({ field, message: `must be at most ${s.max} characters` });
      else if (s.type === 'email' && !EMAIL.test(text)) errors.push({ field, message: 'must be an email address, like name@example.com' });
      else if (s.type === 'string' && s.oneOf && !s.oneOf.includes(text)) errors.push({ field, message: `must be one of ${s.oneOf.join(', ')}` });
      else if (s.type === 'string' && s.pattern && !s.pattern.test(text)) errors.push({ field, message: s.patternMessage ?? 'is not in the expected form' });
      else if (text !== '') out[key] = text;
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

function validDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The first string in a value that carries an image or video, with its path. */
function findMedia(value: unknown, path: string): { field: string; kind: string } | undefined {
  if (typeof value === 'string') {
    const kind = detectMediaInText(value);
    return kind ? { field: path, kind } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findMedia(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findMedia(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

export interface ParseOptions {
  /** Today (YYYY-MM-DD), to refuse dates in the future. */
  today: string;
}

/**
 * Validates one intake item completely (types, lengths, codes, dates, the source's specific part,
 * evidence hashes, URL normalisation) and refuses images and videos in any field. Throws
 * VALIDATION_FAILED naming every bad field, MEDIA_IN_FIELD, or INVALID_URL.
 */
export function parseIntakeInput(raw: unknown, options: ParseOptions): IntakeCommand {
  if (!isObject(raw)) throw new DomainError('VALIDATION_FAILED', 'The item must be a JSON object.', { errors: [{ field: 'body', message: 'must be an object' }] });
  const media = findMedia(raw, '');
  if (media) {
    throw new DomainError('MEDIA_IN_FIELD', `${media.field} contains a ${media.kind}. ${MEDIA_REFUSAL_REASON}`, { errors: [{ field: media.field, message: `contains a ${media.kind}` }] });
  }
  const errors: FieldError[] = [];
  for (const key of Object.keys(raw)) if (!TOP_LEVEL.has(key)) errors.push({ field: key, message: 'is not a known field' });

  const source = raw.source;
  if (typeof source !== 'string' || !(INTAKE_SOURCES as readonly string[]).includes(source)) {
    errors.push({ field: 'source', message: `must be one of ${INTAKE_SOURCES.join(', ')}` });
  }
  let service: NormalisedUrl | undefined;
  let urlError: DomainError | undefined;
  if (typeof raw.serviceUrl !== 'string' || raw.serviceUrl.trim() === '') errors.push({ field: 'serviceUrl', message: 'is required: the web address of the site or app' });
  else {
    try {
      service = normaliseUrl(raw.serviceUrl, 'serviceUrl');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      urlError = error;
      errors.push(...(error.extras.errors ?? [{ field: 'serviceUrl', message: error.detail }]));
    }
  }
  const harms = raw.harmCategories;
  let harmCategories: HarmCategory[] = [];
  if (!Array.isArray(harms) || harms.length === 0) errors.push({ field: 'harmCategories', message: 'must list at least one harm category code' });
  else {
    harms.forEach((h, i) => {
      if (typeof h !== 'string' || !(HARM_CATEGORIES as readonly string[]).includes(h)) errors.push({ field: `harmCategories[${i}]`, message: `"${String(h).slice(0, 40)}" is not a harm category code` });
    });
    harmCategories = [...new Set(harms.filter((h): h is HarmCategory => (HARM_CATEGORIES as readonly string[]).includes(h as string)))].sort();
  }
  const description = typeof raw.description === 'string' ? raw.description.trim() : '';
  if (description === '') errors.push({ field: 'description', message: 'is required: say what happened on the service' });
  else if (description.length > 20000) errors.push({ field: 'description', message: 'must be at most 20000 characters' });

  let occurredOn: string | null = null;
  if (raw.occurredOn !== undefined && raw.occurredOn !== null && raw.occurredOn !== '') {
    if (typeof raw.occurredOn !== 'string' || !DATE.test(raw.occurredOn) || !validDate(raw.occurredOn)) errors.push({ field: 'occurredOn', message: 'must be a date as YYYY-MM-DD' });
    else if (raw.occurredOn > options.today) errors.push({ field: 'occurredOn', message: 'cannot be in the future' });
    else occurredOn = raw.occurredOn;
  }
  if (raw.childrenLikely !== undefined && raw.childrenLikely !== null && typeof raw.childrenLikely !== 'boolean') {
    errors.push({ field: 'childrenLikely', message: 'must be true or false' });
  }
  const reporter = readObject(raw.reporter, REPORTER_SPEC, 'reporter', errors) as Record<string, string | boolean> | null;
  const personAffected = readObject(raw.personAffected, PERSON_AFFECTED_SPEC, 'personAffected', errors) as Record<string, string> | null;

  let evidence: Evidence[] = [];
  if (raw.evidence !== undefined && raw.evidence !== null) {
    if (!Array.isArray(raw.evidence)) errors.push({ field: 'evidence', message: 'must be a list' });
    else if (raw.evidence.length > 100) errors.push({ field: 'evidence', message: 'must have at most 100 items' });
    else {
      const items: EvidenceInput[] = [];
      raw.evidence.forEach((e, i) => {
        const item = readObject(e, EVIDENCE_SPEC, `evidence[${i}]`, errors);
        items.push((item ?? {}) as EvidenceInput);
      });
      if (errors.length === 0) {
        try {
          evidence = validateEvidence(items, 'evidence', (url, field) => normaliseUrl(url, field).url);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          errors.push(...(error.extras.errors ?? []));
        }
      }
    }
  }

  let details: Record<string, unknown> = {};
  if (typeof source === 'string' && (INTAKE_SOURCES as readonly string[]).includes(source)) {
    const own = DETAILS_KEY[source as IntakeSource];
    for (const [other, key] of Object.entries(DETAILS_KEY)) {
      if (other !== source && raw[key] !== undefined && raw[key] !== null) errors.push({ field: key, message: `belongs to source ${other}, not ${source}` });
    }
    const spec = DETAIL_SPECS[source as IntakeSource];
    const hasRequired = Object.values(spec).some((s) => 'required' in s && s.required);
    if (raw[own] === undefined || raw[own] === null) {
      if (hasRequired) {
        const missing = Object.entries(spec).filter(([, s]) => 'required' in s && s.required).map(([k]) => `${own}.${k}`);
        for (const field of missing) errors.push({ field, message: 'is required for this source' });
      }
    } else {
      details = readObject(raw[own], spec, own, errors) ?? {};
    }
    for (const field of ['discoveredOn', 'missedDeadlineOn']) {
      const value = details[field];
      if (typeof value === 'string' && (!validDate(value) || value > options.today)) errors.push({ field: `${own}.${field}`, message: 'must be a real date, not in the future' });
    }
  }

  if (urlError && errors.length === 1) throw urlError;
  if (errors.length > 0) {
    throw new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
  const childAge = personAffected?.ageGroup === 'under_13' || personAffected?.ageGroup === '13_17';
  return {
    source: source as IntakeSource,
    service: service as NormalisedUrl,
    harmCategories,
    description,
    occurredOn,
    reporter,
    personAffected,
    childrenLikely: raw.childrenLikely === true || childAge,
    evidence,
    details,
  };
}
