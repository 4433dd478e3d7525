import { stateDiagram } from '@app/core';
import {
  ELIGIBILITY_DAYS,
  ELIGIBILITY_DAYS_FOR_KNOWN_ENTITY,
  FILING_LIMIT_MONTHS,
  GUARD_CODES,
  REPEAT_LIMIT_YEARS,
  RESPONSE_DAYS,
  type FieldSpec,
  type SuperComplaintGuard,
  type SuperComplaintTransition,
} from './lifecycle-table.js';
import { FINAL_SUPER_COMPLAINT_STATES, SUPER_COMPLAINT_OUTCOMES, SUPER_COMPLAINT_STATES, type SuperComplaintState } from './vocabulary.js';

/** What each guard requires, in words (the table names the guard and its code; this says when it holds). */
const GUARD_WORDS: Record<SuperComplaintGuard, string> = {
  filing_complete: 'the draft has a title, summary, feature, services (web addresses) or kinds of service, harms, evidence and what the entity asks for',
  within_six_month_limit: `the entity filed no other super-complaint in the last ${FILING_LIMIT_MONTHS} months, or an officer recorded an exception for this one`,
  not_repeating_published: `the complaint does not repeat one whose response was published in the last ${REPEAT_LIMIT_YEARS} years (same feature and a shared harm)`,
  enforcement_outcome_links_cases: 'an outcome of `enforcement_action_opened` links the cases: `caseIds` of cases already opened, or `openCases` to open them now',
};

/** Refusals that are not guards of one event: how every request to change a super-complaint can fail. */
export const SUPER_COMPLAINT_REFUSALS: readonly { code: string; when: string }[] = [
  { code: 'SUPER_COMPLAINT_EVENT_UNKNOWN', when: 'the event is not one of the lifecycle' },
  { code: 'SUPER_COMPLAINT_ROLE_NOT_ALLOWED', when: "the caller's roles are not among the event's roles (or someone other than the entity sends documents)" },
  { code: 'SUPER_COMPLAINT_TRANSITION_NOT_ALLOWED', when: "the event is not possible from the super-complaint's current state" },
  { code: 'VALIDATION_FAILED', when: 'data the event needs is missing, of the wrong type, or not a field of the event (the fields are named)' },
  { code: 'SUPER_COMPLAINT_CASE_NOT_FOUND', when: 'a case named in `caseIds` does not exist' },
  { code: 'SUPER_COMPLAINT_NOT_DRAFT', when: 'a filed super-complaint is edited (send a message instead)' },
  { code: 'SUPER_COMPLAINT_ATTACHMENTS_CLOSED', when: 'documents are sent when the super-complaint is neither a draft nor waiting for requested information' },
  { code: 'SUPER_COMPLAINT_IF_MATCH_REQUIRED', when: 'a change through the API without an If-Match header' },
  { code: 'SUPER_COMPLAINT_IF_MATCH_INVALID', when: 'If-Match is not a quoted version number such as "3"' },
  { code: 'SUPER_COMPLAINT_VERSION_CONFLICT', when: 'If-Match names a version that is no longer current: someone else changed the super-complaint first' },
];

const code = (s: string): string => `\`${s}\``;
const target = (rule: SuperComplaintTransition, from: SuperComplaintState): SuperComplaintState => (rule.to === 'same' ? from : rule.to);

function fieldText(name: string, spec: FieldSpec): string {
  const type = spec.type === 'enum' ? spec.values.join(' \\| ') : spec.type === 'uuids' ? `ids (at most ${spec.maxItems})` : spec.type;
  return `${code(name)}${spec.required ? '\\*' : ''} (${type})`;
}

function dataCell(rule: SuperComplaintTransition): string {
  return Object.entries(rule.fields).map(([name, spec]) => fieldText(name, spec)).join('<br>') || '—';
}

function deadlineCell(rule: SuperComplaintTransition): string {
  const d = rule.deadlines;
  const parts = [
    ...(d.starts ?? []).map((s) => `starts ${code(s.kind)}: ${s.description}`),
    ...(d.satisfies ?? []).map((k) => `satisfies ${code(k)}`),
    ...(d.stops ?? []).map((k) => `stops the clock of ${code(k)}`),
    ...(d.restarts ?? []).map((k) => `restarts the clock of ${code(k)}`),
    ...(d.cancelsOpen ? ['cancels every open deadline'] : []),
  ];
  return parts.join('<br>') || '—';
}

function mermaid(rules: readonly SuperComplaintTransition[]): string {
  const edges = rules.flatMap((rule) => rule.from.map((from) => ({ from, to: target(rule, from), event: rule.event })));
  return stateDiagram({ state: 'draft', event: 'create' }, edges, FINAL_SUPER_COMPLAINT_STATES);
}

/**
 * docs/super-complaint-lifecycle.md, generated from the table. `statusOf` gives each error code's HTTP
 * status (the error catalogue of @app/core), so the statuses cannot drift either.
 */
export function renderSuperComplaintLifecycleDoc(rules: readonly SuperComplaintTransition[], statusOf: (code: string) => number | undefined): string {
  const status = (c: string): string => String(statusOf(c) ?? '?');
  const guardNames = [...new Set(rules.flatMap((r) => r.guards))];
  const out: string[] = [];
  out.push(
    '# The super-complaint lifecycle',
    '',
    '<!-- Generated from libs/super-complaints/src/domain/lifecycle-table.ts by `npm run docs:super-complaints`. Do not edit by hand: a test fails when this file and the table differ. -->',
    '',
    'A super-complaint of an eligible entity (OSA 2023 s.169–s.170; SI 2025/919) moves through its own lifecycle as an auditable',
    'state machine. The table in `libs/super-complaints/src/domain/lifecycle-table.ts` is the one place the rules live: `planTransition`',
    'applies it to every request, the portal offers from it the steps the viewer may take, and this page is generated from it.',
    '',
    `States: ${SUPER_COMPLAINT_STATES.map(code).join(', ')} (final: ${FINAL_SUPER_COMPLAINT_STATES.map(code).join(', ')}). Outcomes of a response: ${SUPER_COMPLAINT_OUTCOMES.map(code).join(', ')}.`,
    '',
    '## Diagram',
    '',
    '```mermaid',
    mermaid(rules),
    '```',
    '',
    '## Periods',
    '',
    `- Eligibility decision: ${ELIGIBILITY_DAYS} calendar days from filing (${ELIGIBILITY_DAYS_FOR_KNOWN_ENTITY} for an entity found eligible before).`,
    `- Response: ${RESPONSE_DAYS} calendar days from the eligibility decision; the clock stops while the regulator waits for information it asked the entity for.`,
    `- One filing per entity in ${FILING_LIMIT_MONTHS} months unless an officer records an exception; a complaint repeating one published within ${REPEAT_LIMIT_YEARS} years is refused.`,
    '',
    '## Transitions',
    '',
    'An eligible entity creates a super-complaint as a `draft` (`POST /api/v1/super-complaints`), which it may change until it files it (`submit`).',
    '`to` = `same`: the event records something and the state does not change. Data fields marked \\* are required.',
    '',
    '| event | from | to | roles | guards (code) | data | deadlines | effect |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const rule of rules) {
    const guards = rule.guards.map((g) => `${code(g)} (${code(GUARD_CODES[g])})`).join('<br>') || '—';
    out.push(
      `| ${code(rule.event)} | ${rule.from.map(code).join(', ')} | ${rule.to === 'same' ? 'same' : code(rule.to)} | ${rule.roles.map(code).join(', ')} | ${guards} | ${dataCell(rule)} | ${deadlineCell(rule)} | ${rule.summary} |`,
    );
  }
  out.push('', '## Guards', '', '| guard | code | status | holds when |', '| --- | --- | --- | --- |');
  for (const name of guardNames) out.push(`| ${code(name)} | ${code(GUARD_CODES[name])} | ${status(GUARD_CODES[name])} | ${GUARD_WORDS[name]} |`);
  out.push('', '## Every other refusal', '', '| code | status | when |', '| --- | --- | --- |');
  for (const refusal of SUPER_COMPLAINT_REFUSALS) out.push(`| ${code(refusal.code)} | ${status(refusal.code)} | ${refusal.when} |`);
  out.push(
    '',
    '## How a step is applied',
    '',
    '- Through the API, every change (`PATCH /api/v1/super-complaints/:id`, `POST …/submit`, `POST …/events`, `POST …/attachments`) takes',
    '  `If-Match: "<version>"` with the version last read (the `ETag` of `GET /api/v1/super-complaints/:id`) and answers with the new `ETag`.',
    '- Everything an accepted step does happens in one database transaction: the super-complaint row (locked, version + 1), its audit event',
    '  in the chain `super_complaint:<id>`, the deadlines it starts, stops, restarts, satisfies or cancels, the files sent with it, and the',
    '  emails to the entity through the outbox.',
    '- Documents are PDF, CSV or plain text files (never images), checked by their content, encrypted at rest and kept with their SHA-256.',
    '  The entity adds them to a draft, or with its answer to an information request. Officers and the entity may download them; anyone',
    '  else is answered 404.',
    '- `publish_response` with `openCases` opens one enforcement case per service named, with the harm categories of the super-complaint,',
    '  after checking every rule of the step, and links them in `caseIds`; the entity sees their references.',
    '- Legal dates are UK calendar dates; day 1 of a period is the day after it starts.',
    '',
  );
  return out.join('\n');
}
