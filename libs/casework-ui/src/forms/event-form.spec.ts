import { describe, expect, it } from '@jest/globals';
import { CASE_EVENTS, Lifecycle, TRANSITIONS, type CaseSnapshot, type TransitionRule } from '@app/cases';
import { isLetterTemplateName } from '@app/documents';
import { buildEventForm, controlForField, controlsOf, dateFromParts, fillForm, poundsToPence, readEventForm, type RawValues } from './event-form.js';
import { parseLetterDescription } from './letter-fields.js';
import { EVENT_LABELS } from '../presentation/labels.js';

const ruleOf = (event: string, from = 'assessment'): TransitionRule => {
  const rule = TRANSITIONS.find((r) => r.event === event && (r.from as readonly string[]).includes(from));
  if (!rule) throw new Error(`no rule for ${event} from ${from}`);
  return rule;
};
const noChoices = () => undefined;
const names = (rule: TransitionRule) => controlsOf(buildEventForm(rule, noChoices)).map((c) => c.name);

describe('the form of a lifecycle event, drawn from the lifecycle table', () => {
  it('has a label for every event of the lifecycle', () => {
    for (const event of CASE_EVENTS) expect(EVENT_LABELS[event]).toMatch(/^[A-Z]/);
  });

  it('offers a control for every data field of every rule, and the letter content of every letter-issuing event', () => {
    for (const rule of TRANSITIONS) {
      const fields = names(rule);
      for (const [field, spec] of Object.entries(rule.fields)) {
        if (spec.type === 'object') expect(fields.some((f) => f.startsWith('letter.'))).toBe(true);
        else expect(fields).toContain(`data.${field}`);
      }
      expect(fields).toContain('reason');
    }
  });

  it('reads the drafter\'s paths of each letter from the table and finds each in the sample letter of its template', () => {
    for (const rule of TRANSITIONS.filter((r) => r.fields.letter)) {
      const template = (rule.documents ?? [])[0] as string;
      expect(isLetterTemplateName(template)).toBe(true);
      const specs = parseLetterDescription((rule.fields.letter as { description: string }).description);
      expect(specs.map((s) => s.path)).toContain('recipient.organisationName');
      expect(specs.length).toBeGreaterThan(1);
    }
    expect(parseLetterDescription("the letter's content: recipient.organisationName, requirements[{item, detail?}], reasons[], responseForm, provisions[]?")).toEqual([
      { path: 'recipient.organisationName', list: false, optional: false },
      { path: 'requirements', list: true, rowFields: [{ name: 'item', list: false, optional: false }, { name: 'detail', list: false, optional: true }], optional: false },
      { path: 'reasons', list: true, optional: false },
      { path: 'responseForm', list: false, optional: false },
      { path: 'provisions', list: true, optional: true },
    ]);
    expect(parseLetterDescription('x: penalty.reasons[] (with a penalty)')).toEqual([{ path: 'penalty.reasons', list: true, optional: false, note: 'with a penalty' }]);
  });

  it('groups fields of which exactly one must be given, and marks optional fields', () => {
    const form = buildEventForm(ruleOf('issue_information_notice'), noChoices);
    const group = form.sections[0]?.groups.find((g) => g.oneOf);
    expect(group?.controls.map((c) => c.name)).toEqual(['data.responseDays', 'data.dueOn']);
    expect(group?.oneOf).toEqual({ exclusive: true });
    const filled = controlsOf(fillForm(form, {}));
    expect(filled.find((c) => c.name === 'data.requiresSteps')?.displayLabel).toMatch(/\(optional\)$/);
    expect(filled.find((c) => c.name === 'letter.responseForm')?.displayLabel).toBe('Response form');
    // Lists of rows take their fields from the table, or from the sample letter when the table names none.
    expect(filled.filter((c) => c.name.startsWith('letter.provisions.0.')).map((c) => c.name)).toEqual(['letter.provisions.0.reference', 'letter.provisions.0.description']);
  });

  it('reads a filled-in information notice into data the lifecycle accepts', () => {
    const rule = ruleOf('issue_information_notice');
    const form = buildEventForm(rule, noChoices);
    const raw: RawValues = {
      'data.responseDays': '14',
      'data.requiresSteps': 'true',
      'data.recipientEmail': 'trust@example.com',
      'letter.recipient.organisationName': 'Demo Platform Ltd',
      'letter.requirements.0.item': 'Your risk assessment',
      'letter.requirements.0.detail': '',
      'letter.requirements.1.item': 'Your moderation figures',
      'letter.requirements.1.detail': 'Per month',
      'letter.reasons': 'We had complaints.\r\n\r\nWe need to decide whether to investigate.',
      'letter.responseForm': 'One PDF.',
      reason: 'Complaints from survivors',
    };
    const read = readEventForm(form, raw);
    expect(read.errors).toEqual({});
    expect(read.reason).toBe('Complaints from survivors');
    expect(read.data).toEqual({
      responseDays: 14,
      requiresSteps: true,
      recipientEmail: 'trust@example.com',
      letter: {
        recipient: { organisationName: 'Demo Platform Ltd' },
        requirements: [{ item: 'Your risk assessment' }, { item: 'Your moderation figures', detail: 'Per month' }],
        reasons: ['We had complaints.', 'We need to decide whether to investigate.'],
        responseForm: 'One PDF.',
      },
    });
    const snapshot: CaseSnapshot = {
      id: '00000000-0000-4000-8000-000000000001',
      state: 'assessment',
      version: 1,
      jurisdiction: 'england-and-wales',
      assignedOfficerId: null,
      investigatingOfficerId: null,
      investigationOpenedAt: null,
      representationsReceivedAt: null,
      lastOccurredAt: new Date('2026-05-01T09:00:00Z'),
      deadlines: [],
    };
    const verdict = new Lifecycle().evaluate(snapshot, 'issue_information_notice', { id: 'u', roles: ['case_officer'] }, read.data, new Date('2026-05-13T09:00:00Z'));
    expect(verdict.allowed).toBe(true);
  });

  it('says what is missing or wrong, beside the field, in words', () => {
    const form = buildEventForm(ruleOf('issue_information_notice'), noChoices);
    const read = readEventForm(form, { 'data.responseDays': '0', 'data.dueOn-day': '31', 'data.dueOn-month': '2', 'data.dueOn-year': '2026', 'letter.requirements.1.detail': 'orphan detail' });
    expect(read.errors).toMatchObject({
      'data.responseDays': 'Days to respond, counted from the day after issue must be from 1 to 365',
      'data.dueOn': 'The date by which to respond must be a real date, for example 27 3 2026',
      'letter.recipient.organisationName': 'Enter recipient organisation name',
      'letter.requirements.1.item': 'Enter item in requirements 2, or leave the whole row empty',
      'letter.reasons': 'Enter reasons',
      'letter.responseForm': 'Enter response form',
    });
    const both = readEventForm(form, { 'data.responseDays': '14', 'data.dueOn-day': '1', 'data.dueOn-month': '6', 'data.dueOn-year': '2026' });
    expect(both.errors['data.dueOn']).toMatch(/^Give only one of/);
    const neither = readEventForm(form, {});
    expect(neither.errors['data.responseDays']).toBe('Give days to respond, counted from the day after issue or the date by which to respond');
    expect(neither.errors['letter.requirements.0.item']).toBe('Enter at least one row of requirements');
  });

  it('takes money in pounds and keeps it in pence', () => {
    expect(poundsToPence('2,500,000')).toBe(250_000_000);
    expect(poundsToPence('£1050000.5')).toBe(105_000_050);
    expect(poundsToPence('12.345')).toBeUndefined();
    expect(poundsToPence('1,00')).toBeUndefined();
    const form = buildEventForm(ruleOf('issue_confirmation_decision', 'provisional_notice'), noChoices);
    const penalty = controlsOf(form).find((c) => c.name === 'data.penaltyPence');
    expect(penalty).toMatchObject({ kind: 'money', label: 'The penalty imposed' });
    expect(readEventForm(form, { 'data.penaltyPence': '£2,000,000' }).data.penaltyPence).toBe(200_000_000);
  });

  it('takes the penalty calculation as pasted JSON, and says when it is not a JSON object', () => {
    const form = buildEventForm(ruleOf('issue_confirmation_decision', 'provisional_notice'), noChoices);
    const control = controlsOf(form).find((c) => c.name === 'data.penaltyCalculation');
    expect(control).toMatchObject({ kind: 'json', widget: 'textarea', optional: true });
    const calculation = { qualifyingWorldwideRevenuePence: 0, seriousness: 'serious' };
    expect(readEventForm(form, { 'data.penaltyCalculation': JSON.stringify(calculation) }).data.penaltyCalculation).toEqual(calculation);
    for (const bad of ['[1, 2]', '{"unclosed": ', '"text"']) {
      expect(readEventForm(form, { 'data.penaltyCalculation': bad }).errors['data.penaltyCalculation']).toContain('must be a JSON object');
    }
  });

  it('turns descriptions that name other fields or codes into words', () => {
    const form = buildEventForm(ruleOf('issue_confirmation_decision', 'provisional_notice'), noChoices);
    expect(controlsOf(form).find((c) => c.name === 'data.stepsUnit')?.label).toBe('Unit of period to take the steps (default working days)');
  });

  it('accepts only real dates', () => {
    expect(dateFromParts('28', '5', '2026')).toBe('2026-05-28');
    expect(dateFromParts('29', '2', '2026')).toBeUndefined();
    expect(dateFromParts('1', '13', '2026')).toBeUndefined();
  });

  it('finds the control a refusal names, for letters and for groups', () => {
    const form = buildEventForm(ruleOf('issue_information_notice'), noChoices);
    expect(controlForField(form, 'data.letter.requirements')?.name).toBe('letter.requirements.0.item');
    expect(controlForField(form, 'data.responseDays or data.dueOn')?.name).toBe('data.responseDays');
    expect(controlForField(form, 'data.recipientEmail')?.name).toBe('data.recipientEmail');
    expect(controlForField(form, 'reason')?.name).toBe('reason');
  });

  it('offers people and notices to choose from where the table asks for an id', () => {
    const choices = [{ value: '00000000-0000-4000-8000-00000000000a', text: 'Olu Officer' }];
    const form = buildEventForm(ruleOf('assign_officer'), (field) => (field.endsWith('OfficerId') ? choices : undefined));
    const filled = controlsOf(fillForm(form, { 'data.assignedOfficerId': choices[0]?.value ?? '' }));
    expect(filled.find((c) => c.name === 'data.assignedOfficerId')).toMatchObject({ widget: 'select' });
    expect(filled.find((c) => c.name === 'data.assignedOfficerId')?.items?.find((i) => i.selected)?.text).toBe('Olu Officer');
    expect(readEventForm(form, { 'data.assignedOfficerId': 'not-offered' }).errors['data.assignedOfficerId']).toMatch(/choose one of the options/);
  });

  it('asks for a reason when the rule requires one', () => {
    const form = buildEventForm(ruleOf('reopen', 'closed'), noChoices);
    expect(readEventForm(form, {}).errors).toEqual({ reason: 'Enter the reason' });
  });
});
