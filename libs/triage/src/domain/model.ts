import { DomainError, type FieldError } from '@app/core';
import { HARM_CATEGORIES, HARM_LABELS, PRIORITY_ILLEGAL_HARMS, type HarmCategory } from './harm-categories.js';

/** The factors of the domain reference §3, in the order they are shown. */
export const TRIAGE_FACTORS = [
  'harm_severity',
  'reach',
  'children',
  'volume_recurrence',
  'strategic_significance',
  'evidence_availability',
  'provider_cooperation',
  'jurisdiction',
] as const;
export type TriageFactorName = (typeof TRIAGE_FACTORS)[number];

export const FACTOR_GROUPS: Record<TriageFactorName, 'risk_of_harm' | 'strategic_significance' | 'resource_implications'> = {
  harm_severity: 'risk_of_harm',
  reach: 'risk_of_harm',
  children: 'risk_of_harm',
  volume_recurrence: 'risk_of_harm',
  strategic_significance: 'strategic_significance',
  evidence_availability: 'resource_implications',
  provider_cooperation: 'resource_implications',
  jurisdiction: 'resource_implications',
};

export const EVIDENCE_LEVELS = ['strong', 'some', 'weak'] as const;
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];
export const COOPERATION_LEVELS = ['cooperative', 'partial', 'uncooperative', 'unknown'] as const;
export type CooperationLevel = (typeof COOPERATION_LEVELS)[number];

/**
 * A versioned triage model: every number that turns a matter's facts into a score. A published
 * version never changes, so a stored score can always be recomputed from its inputs.
 */
export interface TriageModelDefinition {
  version: string;
  description: string;
  /** Whole numbers adding up to 100: the share of the score (out of 1000) each factor can give. */
  weights: Record<TriageFactorName, number>;
  /** 0–100 per harm category. */
  harmSeverity: Record<HarmCategory, number>;
  /** Added to the highest severity (capped at 100) for each further priority illegal harm reported. */
  furtherPriorityHarmBonus: number;
  reach: { unknown: number; thresholds: { minUkUsers: number; value: number }[] };
  children: { likely: number; notIndicated: number; childHarmCategories: HarmCategory[]; pornographyProvider: number };
  volume: { thresholds: { minItems: number; value: number }[]; perFurtherSource: number; linkedDomain: number; previousMatter: number };
  strategic: { systemic: number; firstUseOfPower: number; precedent: number; crossIndustry: number; superComplaintIsSystemic: boolean };
  evidence: Record<EvidenceLevel, number>;
  cooperation: Record<CooperationLevel | 'self_reported', number>;
  jurisdiction: { uk: number; abroadWithNoticeContact: number; abroadWithoutContact: number; unknown: number };
}

/** Everything a score depends on, stored with the score so it can be reproduced. */
export interface TriageInputs {
  harmCategories: string[];
  ukUsersEstimate: number | null;
  serviceType: string;
  childrenLikely: boolean;
  itemCount: number;
  sources: string[];
  reportedViaLinkedDomain: boolean;
  previousMattersOnService: number;
  evidenceKinds: string[];
  provider: { jurisdiction: string | null; hasNoticeContact: boolean } | null;
  assessment: TriageAssessment;
}

/** What officers judge and record on a matter. */
export interface TriageAssessment {
  systemic?: boolean;
  firstUseOfPower?: boolean;
  precedent?: boolean;
  crossIndustry?: boolean;
  evidenceAvailability?: EvidenceLevel;
  providerCooperation?: CooperationLevel;
}

export interface TriageFactor {
  name: TriageFactorName;
  group: (typeof FACTOR_GROUPS)[TriageFactorName];
  /** 0–100: how strongly the factor applies. */
  value: number;
  /** The factor's share of the score. */
  weight: number;
  /** value × weight ÷ 10, rounded half up: a whole number. The contributions add up to the score exactly. */
  contribution: number;
  reason: string;
}

export interface TriageResult {
  score: number;
  modelVersion: string;
  factors: TriageFactor[];
}

export const MAX_SCORE = 1000;

const clamp = (n: number): number => Math.max(0, Math.min(100, n));
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const harmLabel = (code: string): string => HARM_LABELS[code as HarmCategory] ?? code;

function harmSeverity(m: TriageModelDefinition, input: TriageInputs): [number, string] {
  const known = input.harmCategories.filter((h): h is HarmCategory => Object.hasOwn(m.harmSeverity, h));
  if (known.length === 0) return [0, 'No harm category was given.'];
  const ranked = [...known].sort((a, b) => m.harmSeverity[b] - m.harmSeverity[a] || a.localeCompare(b));
  const top = ranked[0] as HarmCategory;
  const priority = new Set(known.filter((h) => (PRIORITY_ILLEGAL_HARMS as readonly string[]).includes(h)));
  const further = Math.max(0, priority.size - (priority.has(top) ? 1 : 0));
  const value = clamp(m.harmSeverity[top] + further * m.furtherPriorityHarmBonus);
  const kind = (PRIORITY_ILLEGAL_HARMS as readonly string[]).includes(top) ? 'a priority illegal harm' : 'a duty beyond illegal content';
  let reason = `Most severe harm reported: ${harmLabel(top)} (${top}), ${kind}, severity ${m.harmSeverity[top]}/100`;
  if (further > 0) reason += `; plus ${plural(further, 'further priority illegal harm')} (+${further * m.furtherPriorityHarmBonus})`;
  return [value, `${reason}.`];
}

function reach(m: TriageModelDefinition, input: TriageInputs): [number, string] {
  if (input.ukUsersEstimate === null) return [m.reach.unknown, 'The number of UK users of the service is not known yet.'];
  const band = m.reach.thresholds.find((t) => input.ukUsersEstimate !== null && input.ukUsersEstimate >= t.minUkUsers);
  const value = band ? band.value : 0;
  return [value, `About ${plural(input.ukUsersEstimate, 'UK user')}${band ? ` (${plural(band.minUkUsers, 'user')} or more)` : ''}.`];
}

function children(m: TriageModelDefinition, input: TriageInputs): [number, string] {
  const childHarms = input.harmCategories.filter((h) => (m.children.childHarmCategories as string[]).includes(h));
  if (input.childrenLikely) return [m.children.likely, 'A report says children are likely to be affected.'];
  if (childHarms.length > 0) return [m.children.likely, `The harm reported concerns children (${childHarms.join(', ')}).`];
  if (input.serviceType === 'pornography_provider') return [m.children.pornographyProvider, 'The service publishes pornography, which children must not be able to reach.'];
  return [m.children.notIndicated, 'Nothing reported suggests children are affected.'];
}

function volumeRecurrence(m: TriageModelDefinition, input: TriageInputs): [number, string] {
  const band = m.volume.thresholds.find((t) => input.itemCount >= t.minItems);
  let value = band ? band.value : 0;
  const parts = [`${plural(input.itemCount, 'report')}`];
  const sources = new Set(input.sources).size;
  if (sources > 1) {
    value += (sources - 1) * m.volume.perFurtherSource;
    parts.push(`from ${sources} different sources (+${(sources - 1) * m.volume.perFurtherSource})`);
  }
  if (input.reportedViaLinkedDomain) {
    value += m.volume.linkedDomain;
    parts.push(`reported at a mirror or successor domain, so the service has moved to evade action (+${m.volume.linkedDomain})`);
  }
  if (input.previousMattersOnService > 0) {
    value += m.volume.previousMatter;
    parts.push(`${plural(input.previousMattersOnService, 'earlier matter')} about this service (+${m.volume.previousMatter})`);
  }
  return [clamp(value), `${parts.join('; ')}.`];
}

function strategic(m: TriageModelDefinition, input: TriageInputs): [number, string] {
  const a = input.assessment;
  const viaSuperComplaint = m.strategic.superComplaintIsSystemic && input.sources.includes('super_complaint');
  const flags: [boolean, number, string][] = [
    [a.systemic === true || viaSuperComplaint, m.strategic.systemic, viaSuperComplaint && a.systemic !== true ? 'systemic (raised by a super-complaint)' : 'systemic issue'],
    [a.firstUseOfPower === true, m.strategic.firstUseOfPower, 'first use of a power'],
    [a.precedent === true, m.strategic.precedent, 'would set a precedent'],
    [a.crossIndustry === true, m.strategic.crossIndustry, 'relevant across the industry'],
  ];
  const on = flags.filter(([set]) => set);
  if (on.length === 0) return [0, 'No strategic significance recorded yet.'];
  return [clamp(on.reduce((sum, [, points]) => sum + points, 0)), `${on.map(([, points, label]) => `${label} (+${points})`).join('; ')}.`];
}

function evidence(m: TriageModelDefinition, input: TriageInputs): [number, string] {
  if (input.assessment.evidenceAvailability) {
    const level = input.assessment.evidenceAvailability;
    return [m.evidence[level], `An officer assessed the evidence as ${level}.`];
  }
  if (input.evidenceKinds.includes('hash')) return [m.evidence.strong, 'Content hashes were supplied, so the content can be matched.'];
  if (input.evidenceKinds.includes('url')) return [m.evidence.some, 'Links to the content were supplied.'];
  return [m.evidence.weak, 'Only a description was supplied.'];
}

function cooperation(m: TriageModelDefinition, input: TriageInputs): [number, string] {
  const level = input.assessment.providerCooperation;
  if (level && level !== 'unknown') return [m.cooperation[level], `An officer assessed the provider as ${level}.`];
  if (input.sources.includes('provider_self_report')) return [m.cooperation.self_reported, 'The provider reported the failure itself.'];
  return [m.cooperation.unknown, "The provider's cooperation is not known yet."];
}

function jurisdiction(m: TriageModelDefinition, input: TriageInputs): [number, string] {
  const p = input.provider;
  if (!p || !p.jurisdiction) return [m.jurisdiction.unknown, 'Where the provider is established is not known yet.'];
  if (p.jurisdiction === 'GB') return [m.jurisdiction.uk, 'The provider is established in the UK.'];
  if (p.hasNoticeContact) return [m.jurisdiction.abroadWithNoticeContact, `The provider is established abroad (${p.jurisdiction}) with a contact for notices.`];
  return [m.jurisdiction.abroadWithoutContact, `The provider is established abroad (${p.jurisdiction}) with no contact for notices.`];
}

const EVALUATORS: Record<TriageFactorName, (m: TriageModelDefinition, input: TriageInputs) => [number, string]> = {
  harm_severity: harmSeverity,
  reach,
  children,
  volume_recurrence: volumeRecurrence,
  strategic_significance: strategic,
  evidence_availability: evidence,
  provider_cooperation: cooperation,
  jurisdiction,
};

/** value × weight ÷ 10, rounded half up, in whole numbers: exact. */
export const contributionOf = (value: number, weight: number): number => Math.floor((value * weight + 5) / 10);

/** Scores a matter: a pure function of the model and the inputs. */
export function scoreMatter(model: TriageModelDefinition, input: TriageInputs): TriageResult {
  const factors = TRIAGE_FACTORS.map((name): TriageFactor => {
    const [raw, reason] = EVALUATORS[name](model, input);
    const value = clamp(Math.round(raw));
    const weight = model.weights[name];
    return { name, group: FACTOR_GROUPS[name], value, weight, contribution: contributionOf(value, weight), reason };
  });
  return { score: factors.reduce((sum, f) => sum + f.contribution, 0), modelVersion: model.version, factors };
}

const VERSION = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Checks a definition completely; names every problem. */
export function validateModel(candidate: unknown): TriageModelDefinition {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => void errors.push({ field, message });
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const score = (field: string, v: unknown, max = 100): void => {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > max) fail(field, `must be a whole number from 0 to ${max}`);
  };
  const record = (field: string, v: unknown, keys: readonly string[], max = 100): void => {
    if (!isObj(v)) return fail(field, 'must be an object');
    for (const k of keys) score(`${field}.${k}`, v[k], max);
    for (const k of Object.keys(v)) if (!keys.includes(k)) fail(`${field}.${k}`, 'is not a known key');
  };
  const thresholds = (field: string, v: unknown, key: string): void => {
    if (!Array.isArray(v) || v.length === 0) return fail(field, 'must be a non-empty list');
    let previous = Number.POSITIVE_INFINITY;
    v.forEach((t: unknown, i) => {
      if (!isObj(t)) return fail(`${field}[${i}]`, 'must be an object');
      const min = t[key];
      if (!Number.isSafeInteger(min) || (min as number) < 0) fail(`${field}[${i}].${key}`, 'must be a whole number of 0 or more');
      else if ((min as number) >= previous) fail(`${field}[${i}].${key}`, 'thresholds must be in descending order');
      else previous = min as number;
      score(`${field}[${i}].value`, t.value);
    });
  };
  if (!isObj(candidate)) {
    throw new DomainError('TRIAGE_MODEL_INVALID', 'The model definition must be a JSON object.', { errors: [{ field: 'definition', message: 'must be an object' }] });
  }
  const c = candidate;
  if (typeof c.version !== 'string' || !VERSION.test(c.version)) fail('version', 'must be 1–64 lower-case letters, digits, dots, hyphens or underscores');
  if (typeof c.description !== 'string' || c.description.trim() === '') fail('description', 'must say what changed in this version');
  record('weights', c.weights, TRIAGE_FACTORS);
  if (isObj(c.weights)) {
    const w = c.weights;
    const total = TRIAGE_FACTORS.reduce((sum, f) => sum + (Number.isInteger(w[f]) ? (w[f] as number) : 0), 0);
    if (total !== 100) fail('weights', `must add up to 100 (they add up to ${total})`);
  }
  record('harmSeverity', c.harmSeverity, HARM_CATEGORIES);
  score('furtherPriorityHarmBonus', c.furtherPriorityHarmBonus);
  if (!isObj(c.reach)) fail('reach', 'must be an object');
  else {
    score('reach.unknown', c.reach.unknown);
    thresholds('reach.thresholds', c.reach.thresholds, 'minUkUsers');
  }
  if (!isObj(c.children)) fail('children', 'must be an object');
  else {
    score('children.likely', c.children.likely);
    score('children.notIndicated', c.children.notIndicated);
    score('children.pornographyProvider', c.children.pornographyProvider);
    const cats = c.children.childHarmCategories;
    if (!Array.isArray(cats) || cats.some((h) => !(HARM_CATEGORIES as readonly string[]).includes(h as string))) fail('children.childHarmCategories', 'must list harm category codes');
  }
  if (!isObj(c.volume)) fail('volume', 'must be an object');
  else {
    thresholds('volume.thresholds', c.volume.thresholds, 'minItems');
    score('volume.perFurtherSource', c.volume.perFurtherSource);
    score('volume.linkedDomain', c.volume.linkedDomain);
    score('volume.previousMatter', c.volume.previousMatter);
  }
  if (!isObj(c.strategic)) fail('strategic', 'must be an object');
  else {
    for (const k of ['systemic', 'firstUseOfPower', 'precedent', 'crossIndustry']) score(`strategic.${k}`, c.strategic[k]);
    if (typeof c.strategic.superComplaintIsSystemic !== 'boolean') fail('strategic.superComplaintIsSystemic', 'must be true or false');
  }
  record('evidence', c.evidence, EVIDENCE_LEVELS);
  record('cooperation', c.cooperation, [...COOPERATION_LEVELS, 'self_reported']);
  record('jurisdiction', c.jurisdiction, ['uk', 'abroadWithNoticeContact', 'abroadWithoutContact', 'unknown']);
  const allowed = ['version', 'description', 'weights', 'harmSeverity', 'furtherPriorityHarmBonus', 'reach', 'children', 'volume', 'strategic', 'evidence', 'cooperation', 'jurisdiction'];
  for (const k of Object.keys(c)) if (!allowed.includes(k)) fail(k, 'is not a known part of a triage model');
  if (errors.length > 0) {
    throw new DomainError('TRIAGE_MODEL_INVALID', `The triage model is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { errors });
  }
  return candidate as unknown as TriageModelDefinition;
}
