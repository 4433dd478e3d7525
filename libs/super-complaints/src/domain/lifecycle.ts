import { DomainError, type FieldError, type Role } from '@app/core';
import {
  GUARD_CODES,
  transitionFor,
  type FieldSpec,
  type FilingFacts,
  type SuperComplaintGuard,
  type SuperComplaintTransition,
} from './lifecycle-table.js';
import { SUPER_COMPLAINT_EVENTS, type SuperComplaintDeadlineKind, type SuperComplaintState } from './vocabulary.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DeadlineOperation =
  | { op: 'start'; kind: SuperComplaintDeadlineKind; days: number }
  | { op: 'satisfy' | 'stop' | 'restart'; kind: SuperComplaintDeadlineKind }
  | { op: 'cancel_open' };

export interface SuperComplaintPlan {
  event: SuperComplaintTransition['event'];
  from: SuperComplaintState;
  to: SuperComplaintState;
  /** The event's data, validated against the table (unknown keys dropped). */
  data: Record<string, unknown>;
  deadlines: DeadlineOperation[];
}

/** The rules of the table applied to one request: which event, by whom, from which state, with which data. */
export function planTransition(input: {
  state: SuperComplaintState;
  event: string;
  roles: readonly Role[];
  data: Readonly<Record<string, unknown>>;
  facts?: FilingFacts;
}): SuperComplaintPlan {
  const rule = transitionFor(input.event);
  if (!rule) {
    throw new DomainError('SUPER_COMPLAINT_EVENT_UNKNOWN', `"${input.event}" is not an event of a super-complaint. Use one of: ${SUPER_COMPLAINT_EVENTS.join(', ')}.`);
  }
  if (!input.roles.some((r) => rule.roles.includes(r))) {
    throw new DomainError('SUPER_COMPLAINT_ROLE_NOT_ALLOWED', `Only ${rule.roles.join(' or ').replace(/_/g, ' ')} users can ${rule.summary.split(':')[0]}.`);
  }
  if (!rule.from.includes(input.state)) {
    throw new DomainError(
      'SUPER_COMPLAINT_TRANSITION_NOT_ALLOWED',
      `The super-complaint is ${input.state.replace(/_/g, ' ')}: "${rule.event}" is possible only when it is ${rule.from.map((s) => s.replace(/_/g, ' ')).join(', ')}.`,
    );
  }
  const data = validateData(rule.fields, input.data);
  for (const guard of rule.guards) checkGuard(guard, data, input.facts);

  const deadlines: DeadlineOperation[] = [];
  for (const kind of rule.deadlines.satisfies ?? []) deadlines.push({ op: 'satisfy', kind });
  for (const kind of rule.deadlines.stops ?? []) deadlines.push({ op: 'stop', kind });
  for (const kind of rule.deadlines.restarts ?? []) deadlines.push({ op: 'restart', kind });
  if (rule.deadlines.cancelsOpen) deadlines.push({ op: 'cancel_open' });
  for (const start of rule.deadlines.starts ?? []) {
    deadlines.push({ op: 'start', kind: start.kind, days: start.days({ entityAlreadyFoundEligible: input.facts?.entityAlreadyFoundEligible ?? false }) });
  }
  return { event: rule.event, from: input.state, to: rule.to === 'same' ? input.state : rule.to, data, deadlines };
}

function validateData(fields: Readonly<Record<string, FieldSpec>>, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const errors: FieldError[] = [];
  const data: Record<string, unknown> = {};
  const unknown = Object.keys(raw).filter((k) => !(k in fields));
  for (const key of unknown) errors.push({ field: key, message: `is not data of this event (it takes: ${Object.keys(fields).join(', ') || 'nothing'})` });
  for (const [name, spec] of Object.entries(fields)) {
    const value = raw[name];
    const absent = value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
    if (absent) {
      if (spec.required) errors.push({ field: name, message: `is required: ${spec.description}` });
      continue;
    }
    if (spec.type === 'text') {
      if (typeof value !== 'string' || value.length > spec.maxLength) errors.push({ field: name, message: `must be text of at most ${spec.maxLength} characters` });
      else data[name] = value.trim();
    } else if (spec.type === 'enum') {
      if (typeof value !== 'string' || !spec.values.includes(value)) errors.push({ field: name, message: `must be one of ${spec.values.join(', ')}` });
      else data[name] = value;
    } else if (spec.type === 'boolean') {
      if (typeof value !== 'boolean') errors.push({ field: name, message: 'must be true or false' });
      else data[name] = value;
    } else {
      if (!Array.isArray(value) || value.length > spec.maxItems || !value.every((v) => typeof v === 'string' && UUID.test(v))) {
        errors.push({ field: name, message: `must be a list of at most ${spec.maxItems} ids (UUIDs)` });
      } else data[name] = [...new Set(value as string[])];
    }
  }
  if (errors.length) throw new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
  return data;
}

function checkGuard(guard: SuperComplaintGuard, data: Record<string, unknown>, facts: FilingFacts | undefined): void {
  const code = GUARD_CODES[guard];
  switch (guard) {
    case 'filing_complete':
      if (facts && facts.missing.length > 0) {
        throw new DomainError(code, `The super-complaint cannot be filed yet: it still needs ${facts.missing.join(', ')}. Complete the draft and file it again.`, {
          errors: facts.missing.map((field) => ({ field, message: 'is required to file' })),
        });
      }
      return;
    case 'within_six_month_limit':
      if (facts?.recentFiling && !facts.exceptionGranted) {
        throw new DomainError(
          code,
          `Your organisation filed ${facts.recentFiling.reference} on ${facts.recentFiling.filedOn}: an eligible entity may file one super-complaint in six months. Ask an officer to record an exception if one applies.`,
        );
      }
      return;
    case 'not_repeating_published':
      if (facts?.repeatsPublished) {
        throw new DomainError(
          code,
          `This complaint repeats ${facts.repeatsPublished.reference}, whose response was published on ${facts.repeatsPublished.publishedOn}: a complaint repeating one published within two years cannot be filed.`,
        );
      }
      return;
    case 'enforcement_outcome_links_cases':
      if (data.outcome === 'enforcement_action_opened' && !Array.isArray(data.caseIds) && data.openCases !== true) {
        throw new DomainError(code, 'An outcome of enforcement action opened must link the cases: give the ids of cases already opened in caseIds, or set openCases to open them now.', {
          errors: [{ field: 'caseIds', message: 'is required when the outcome is enforcement_action_opened, unless openCases is true' }],
        });
      }
      if (data.outcome !== 'enforcement_action_opened' && (Array.isArray(data.caseIds) || data.openCases === true)) {
        const field = Array.isArray(data.caseIds) ? 'caseIds' : 'openCases';
        throw new DomainError('VALIDATION_FAILED', `${field} goes only with the outcome enforcement_action_opened: choose that outcome, or leave ${field} out.`, {
          errors: [{ field, message: 'only with the outcome enforcement_action_opened' }],
        });
      }
      return;
  }
}
