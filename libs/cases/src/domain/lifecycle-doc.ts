import { stateDiagram } from '@app/core';
import type { FieldSpec } from './fields.js';
import { GUARDS, type GuardName } from './guards.js';
import { CREATE_RULE, type TransitionRule } from './lifecycle-table.js';
import { CASE_STATES, CLOSURE_OUTCOMES, CREATE_EVENT, type CaseState } from './vocabulary.js';

/** Refusals that are not guards of one event: how every transition request can fail. */
export const GENERIC_REFUSALS: readonly { code: string; when: string }[] = [
  { code: 'CASE_EVENT_UNKNOWN', when: 'the event is not one of the lifecycle' },
  {
    code: 'CASE_TRANSITION_NOT_ALLOWED',
    when: 'the event is not possible from the case\'s current state. 422, not 409: the request is understood but the rules refuse it; 409 is kept for CASE_VERSION_CONFLICT alone, so a client may treat 409 as "reload and try again"',
  },
  { code: 'CASE_ROLE_NOT_ALLOWED', when: "the caller's roles are not among the event's roles" },
  { code: 'CASE_FIELD_REQUIRED', when: 'data the event needs is missing (the fields are named)' },
  { code: 'CASE_FIELD_INVALID', when: 'data is of the wrong type, out of range, or not a field of the event (the fields are named)' },
  { code: 'CASE_OCCURRED_AT_IN_FUTURE', when: 'occurredAt is later than the server clock' },
  { code: 'CASE_OCCURRED_AT_BEFORE_PREVIOUS', when: "occurredAt is earlier than the case's previous event" },
  { code: 'CASE_REASON_REQUIRED', when: 'a backdated step (occurredAt given) has no reason' },
  { code: 'CASE_LINK_TARGET_NOT_FOUND', when: 'a linked or merged-into case does not exist' },
  { code: 'CASE_VERSION_CONFLICT', when: 'If-Match names a version that is no longer current: someone else changed the case first' },
  { code: 'CASE_IF_MATCH_REQUIRED', when: 'POST /transitions without an If-Match header' },
  { code: 'CASE_IF_MATCH_INVALID', when: 'If-Match is not a quoted version number such as "3"' },
];

const code = (s: string): string => `\`${s}\``;
const target = (rule: TransitionRule, from: CaseState): CaseState => (rule.to === 'same' ? from : rule.to);

function fieldText(name: string, spec: FieldSpec): string {
  const type =
    spec.type === 'enum'
      ? spec.values.join(' \\| ')
      : spec.type === 'integer'
        ? `integer ${spec.min}–${spec.max === Number.MAX_SAFE_INTEGER ? '…' : spec.max}`
        : spec.type;
  return `${code(name)}${spec.required ? '\\*' : ''} (${type})`;
}

function dataCell(rule: TransitionRule): string {
  const parts = Object.entries(rule.fields).map(([name, spec]) => fieldText(name, spec));
  for (const group of rule.oneOf ?? []) parts.push(`${group.exclusive ? 'exactly' : 'at least'} one of ${group.fields.map(code).join(', ')}`);
  return parts.join('<br>') || '—';
}

function deadlineCell(rule: TransitionRule): string {
  const d = rule.deadlines;
  const parts = [
    ...(d?.starts ?? []).map((s) => `starts ${code(s.kind)}: ${s.description}`),
    ...(d?.satisfies ?? []).map((k) => `satisfies ${code(k)}`),
    ...(d?.closes ?? []).map((k) => `ends ${code(k)} (not met)`),
    ...(d?.cancelsOpen ? ['cancels every open deadline'] : []),
  ];
  return parts.join('<br>') || '—';
}

function mermaid(rules: readonly TransitionRule[]): string {
  const edges = rules.flatMap((rule) => rule.from.map((from) => ({ from, to: target(rule, from), event: rule.event })));
  return stateDiagram({ state: CREATE_RULE.to, event: CREATE_EVENT }, edges, ['closed']);
}

/**
 * docs/lifecycle.md, generated from the table. `statusOf` gives each error code's HTTP status
 * (the error catalogue of @app/core), so the statuses cannot drift either.
 */
export function renderLifecycleDoc(rules: readonly TransitionRule[], statusOf: (code: string) => number | undefined): string {
  const status = (c: string): string => String(statusOf(c) ?? '?');
  const guardNames = [...new Set(rules.flatMap((r) => r.guards))] as GuardName[];
  const out: string[] = [];
  out.push(
    '# The enforcement lifecycle',
    '',
    '<!-- Generated from libs/cases/src/domain/lifecycle-table.ts by `npm run docs:lifecycle`. Do not edit by hand: a test fails when this file and the table differ. -->',
    '',
    'A case moves through the lifecycle of the domain reference (§5) as an auditable state machine. The table in',
    '`libs/cases/src/domain/lifecycle-table.ts` is the one place the rules live: the `Lifecycle` class evaluates it,',
    '`GET /api/v1/cases/:id/transitions` lists from it what the caller may fire now and why the rest is refused, and',
    'this page is generated from it.',
    '',
    `States: ${CASE_STATES.map(code).join(', ')}. Closure outcomes: ${CLOSURE_OUTCOMES.map(code).join(', ')}.`,
    '',
    '## Diagram',
    '',
    '```mermaid',
    mermaid(rules),
    '```',
    '',
    '## Transitions',
    '',
    `A case is created in ${code(CREATE_RULE.to)} (audit event ${code(CREATE_EVENT)}) by ${CREATE_RULE.roles.map(code).join(' or ')}: ${CREATE_RULE.summary}.`,
    '`to` = `same`: the event records something and the state does not change. Data fields marked \\* are required.',
    '',
    '| event | from | to | roles | guards (code) | data | deadlines | documents | effects |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const rule of rules) {
    const guards = rule.guards.map((g) => `${code(g)} (${code(GUARDS[g].code)})`).join('<br>') || '—';
    const effects = [rule.summary, rule.effects?.description].filter(Boolean).join('; ');
    out.push(
      `| ${code(rule.event)} | ${rule.from.map(code).join(', ')} | ${rule.to === 'same' ? 'same' : code(rule.to)} | ${rule.roles.map(code).join(', ')} | ${guards} | ${dataCell(rule)} | ${deadlineCell(rule)} | ${(rule.documents ?? []).map(code).join(', ') || '—'} | ${effects} |`,
    );
  }
  out.push('', '## Guards', '', 'Each guard refuses with 422 and its own code, and a reason a person can act on.', '', '| guard | code | status | holds when |', '| --- | --- | --- | --- |');
  for (const name of guardNames) {
    const guard = GUARDS[name];
    out.push(`| ${code(name)} | ${code(guard.code)} | ${status(guard.code)} | ${guard.description} |`);
  }
  out.push('', '## Every other refusal', '', '| code | status | when |', '| --- | --- | --- |');
  for (const refusal of GENERIC_REFUSALS) out.push(`| ${code(refusal.code)} | ${status(refusal.code)} | ${refusal.when} |`);
  out.push(
    '',
    '## How a transition is applied',
    '',
    '- `POST /api/v1/cases/:id/transitions` with `If-Match: "<version>"` and `{event, reason?, occurredAt?, data?}`. The checks run in this',
    '  order: the event exists, it is possible from the current state, the caller holds one of its roles, the history-import rules,',
    '  the guards in the order listed, then the data.',
    '- Everything an accepted event does happens in one database transaction: the case row',
    '  (`UPDATE cases SET ..., version = version + 1 WHERE id = $1 AND version = $2`: no row means someone else moved the case first,',
    '  409 `CASE_VERSION_CONFLICT`), its audit event in the chain `case:<id>`, the deadlines it starts, satisfies or cancels, the',
    '  documents it issues and the messages it sends. Two people can never both move a case from the same version.',
    '- An event that issues a letter takes its content in `data.letter`; the case writes its reference, the dates, the service and every',
    '  deadline into it, and the documents context checks the rest: content left out refuses the event with `CASE_FIELD_REQUIRED` naming',
    '  each `data.letter.<field>`. With `recipientEmail`, the provider is told through the outbox.',
    '- An information notice has its own deadline (subject `information_notice`, id = the `noticeId` in the audit event), so several',
    '  can run at once; the other deadlines belong to the case. A guard reads a deadline\'s current due date, extensions included.',
    '- The `provider` role may record representations and information responses through the provider portal; the case routes',
    '  themselves are for regulator roles only (analysts read).',
    '- Legal dates (a deadline\'s start, "today" for a guard) are the UK calendar date of the moment the step happened. Deadlines are',
    "  computed by the deadlines context in the case's jurisdiction (`england-and-wales` by default, `scotland`, `northern-ireland`);",
    '  day 1 of a period is the day after it starts.',
    '',
    '## Importing history',
    '',
    '`occurredAt` on a transition (or on `POST /api/v1/cases`) records when a step really happened: never in the future, never before the',
    "case's previous event. The time it was recorded (`recordedAt`) is always the server clock. A backdated step needs a `reason`",
    '(where the record comes from) and may be entered by the roles of its event (regulator roles only) or by `admin`. Guards judge the',
    'step at its `occurredAt`: a representations period, for instance, has ended if it ended before the decision really happened.',
    'Reports use `occurredAt`.',
    '',
  );
  return out.join('\n');
}
