import type { TransitionRule } from '@app/cases';
import { CLOSURE_OUTCOME_LABELS, LETTER_TEMPLATES, isLetterTemplateName, type LetterTemplateName } from '@app/documents';
import { humanise, sentence } from '../presentation/labels.js';
import { parseLetterDescription, sampleAt, type LetterPathSpec } from './letter-fields.js';

/**
 * The form of a lifecycle event, derived from the lifecycle table: each data field of the event
 * (its type, limits, description and whether it is required), the groups of which one must be given,
 * and, for an event that issues a letter, the letter content its drafter writes. Pure: it reads and
 * writes plain form values (application/x-www-form-urlencoded) and knows nothing of HTTP.
 */

type FieldSpec = TransitionRule['fields'][string];

/** How a value is read from the form. */
export type ValueKind = 'text' | 'lines' | 'integer' | 'money' | 'boolean' | 'date' | 'choice' | 'email' | 'json';
/** How a control is drawn. */
export type Widget = 'input' | 'textarea' | 'checkbox' | 'radios' | 'select' | 'date' | 'money';

export interface Choice {
  value: string;
  text: string;
}

export interface FormControl {
  /** The form field's name, also where its value goes: `data.responseDays`, `letter.requirements.0.item`, `reason`. */
  name: string;
  /** The element id (the name with anything but letters, digits, _ and - turned into -). */
  id: string;
  /** The id the error summary links to (the first box of a date). */
  focusId: string;
  kind: ValueKind;
  widget: Widget;
  label: string;
  hint?: string;
  /** Shown as "(optional)" after the label. */
  optional: boolean;
  /** Checked here before the event is sent. */
  required: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  choices?: Choice[];
  inputType?: 'text' | 'email';
  classes?: string;
  // The state drawn on the page (set by fillForm).
  value?: string;
  day?: string;
  month?: string;
  year?: string;
  items?: { value: string; text: string; checked?: boolean; selected?: boolean }[];
  error?: string;
  /** The label with "(optional)" when the field may be left empty. */
  displayLabel?: string;
  /** aria-describedby of the control: its hint and error, when present. */
  describedBy?: string;
}

/** One row of a list of rows (a requirement, a contravention...). */
interface RowInfo {
  /** The list's path under `letter.`, e.g. `requirements`. */
  listPath: string;
  listLabel: string;
  index: number;
  /** The list must have at least one row. */
  listRequired: boolean;
}

export interface FormGroup {
  /** A fieldset's legend; none for a single control standing alone. */
  legend?: string;
  hint?: string;
  /** The id of the fieldset's hint (set by fillForm). */
  hintId?: string;
  controls: FormControl[];
  oneOf?: { exclusive: boolean };
  row?: RowInfo;
}

export interface FormSection {
  heading?: string;
  intro?: string;
  groups: FormGroup[];
}

export interface EventForm {
  sections: FormSection[];
}

/** Options for fields that name something by id: officers, cases, notices. */
export type ChoicesFor = (fieldName: string) => Choice[] | undefined;

export const REASON_FIELD = 'reason';
const MAX_REASON = 2000;
const ROWS_MIN = 2;
const ROWS_MAX = 3;

export const controlId = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, '-');

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isMoneyName = (name: string): boolean => /Pence$/.test(name);

function control(name: string, init: Omit<FormControl, 'name' | 'id' | 'focusId'>): FormControl {
  const id = controlId(name);
  return { name, id, focusId: init.widget === 'date' ? `${id}-day` : id, ...init };
}

function enumLabel(field: string, value: string): string {
  if (field === 'outcome' && value in CLOSURE_OUTCOME_LABELS) return CLOSURE_OUTCOME_LABELS[value as keyof typeof CLOSURE_OUTCOME_LABELS];
  return humanise(value);
}

/**
 * A description as a label: names of the rule's other fields become their own descriptions, and codes
 * become words ("unit of stepsWithin (default working_days)" → "Unit of period to take the steps (default working days)").
 */
export function readableDescription(description: string, fields: TransitionRule['fields'] = {}): string {
  let text = description;
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.description !== description) text = text.replace(new RegExp(`\\b${name}\\b`, 'g'), spec.description.replace(/\s*\(.*\)$/, ''));
  }
  return sentence(text.replace(/\b([a-z]+(?:_[a-z]+)+)\b/g, (code) => code.replace(/_/g, ' ')));
}

/** A control for one data field of the event, from its spec in the table. */
export function dataControl(field: string, spec: FieldSpec, choicesFor: ChoicesFor, requiredHere = spec.required === true, fields: TransitionRule['fields'] = {}): FormControl | undefined {
  const name = `data.${field}`;
  const label = readableDescription(spec.description, fields);
  const base = { optional: !requiredHere, required: requiredHere, label };
  switch (spec.type) {
    case 'string':
      return control(name, { ...base, kind: 'text', widget: 'textarea', maxLength: spec.maxLength });
    case 'strings':
      return control(name, { ...base, kind: 'lines', widget: 'textarea', hint: 'One per line.', maxLength: spec.maxLength });
    case 'integer':
      if (isMoneyName(field)) {
        return control(name, { ...base, label: readableDescription(spec.description.replace(/,?\s*in pence$/, ''), fields), kind: 'money', widget: 'money', hint: 'In pounds, for example 2,500,000', min: spec.min, max: spec.max });
      }
      return control(name, { ...base, kind: 'integer', widget: 'input', classes: 'govuk-input--width-5', hint: `A whole number from ${spec.min} to ${spec.max}.`, min: spec.min, max: spec.max });
    case 'boolean':
      return control(name, { ...base, kind: 'boolean', widget: 'checkbox', choices: [{ value: 'true', text: 'Yes' }] });
    case 'date':
      return control(name, { ...base, kind: 'date', widget: 'date', hint: 'For example, 27 3 2026' });
    case 'email':
      return control(name, { ...base, kind: 'email', widget: 'input', inputType: 'email', classes: 'govuk-!-width-two-thirds' });
    case 'enum':
      return control(name, { ...base, kind: 'choice', widget: 'radios', choices: spec.values.map((value) => ({ value, text: enumLabel(field, value) })) });
    case 'uuid': {
      const choices = choicesFor(field);
      if (choices) return control(name, { ...base, kind: 'choice', widget: 'select', choices });
      return control(name, { ...base, kind: 'text', widget: 'input', hint: 'Its id', maxLength: 36 });
    }
    case 'uuids':
      return control(name, { ...base, kind: 'lines', widget: 'textarea', hint: 'Their ids, one per line.', maxLength: 36 });
    case 'object':
      // Structured data made elsewhere (e.g. the penalty calculator's inputs), pasted as JSON.
      return control(name, { ...base, kind: 'json', widget: 'textarea', hint: `As JSON: ${spec.description}.`, maxLength: 20_000 });
  }
}

function letterControl(name: string, field: string, sample: unknown, required: boolean, label: string): FormControl {
  const base = { optional: !required, required, label };
  if (Array.isArray(sample)) return control(name, { ...base, kind: 'lines', widget: 'textarea', hint: 'One per line.' });
  if (typeof sample === 'number') {
    return isMoneyName(field)
      ? control(name, { ...base, kind: 'money', widget: 'money', hint: 'In pounds, for example 2,500,000', min: 1, max: Number.MAX_SAFE_INTEGER })
      : control(name, { ...base, kind: 'integer', widget: 'input', classes: 'govuk-input--width-10', min: 0, max: Number.MAX_SAFE_INTEGER });
  }
  const long = typeof sample !== 'string' || sample.length > 60;
  return control(name, { ...base, kind: 'text', widget: long ? 'textarea' : 'input', maxLength: 4000 });
}

/** The groups of controls for the letter content a template's drafter writes. */
export function letterGroups(template: LetterTemplateName, description: string): FormGroup[] {
  const sample = LETTER_TEMPLATES[template].sample;
  const groups: FormGroup[] = [];
  for (const spec of parseLetterDescription(description)) {
    groups.push(...groupsForPath(spec, sampleAt(sample, spec.path)));
  }
  return groups;
}

const withHint = (c: FormControl, hint: string | undefined): FormControl => (hint ? { ...c, hint: [c.hint, hint].filter(Boolean).join(' ') } : c);

function groupsForPath(spec: LetterPathSpec, sample: unknown): FormGroup[] {
  const label = humanise(spec.path.replace(/\./g, ' '));
  const hint = spec.note ? `Give ${spec.list ? 'these' : 'this'} ${spec.note}.` : undefined;
  const required = !spec.optional && !spec.note;
  const name = `letter.${spec.path}`;
  if (spec.list) {
    const first = Array.isArray(sample) ? sample[0] : undefined;
    const rowFields = spec.rowFields ?? (isObject(first) ? Object.keys(first).map((key) => ({ name: key, list: Array.isArray(first[key]), optional: false })) : undefined);
    if (!rowFields) return [{ controls: [withHint(letterControl(name, spec.path, [], required, label), hint)] }];
    const rows = Math.min(ROWS_MAX, Math.max(ROWS_MIN, Array.isArray(sample) ? sample.length : ROWS_MIN));
    return Array.from({ length: rows }, (_, index) => ({
      legend: `${label} (${index + 1} of ${rows})${required ? '' : ' (optional)'}`,
      hint: index === 0 ? [hint, rows > 1 ? 'Leave the rows you do not need empty.' : undefined].filter(Boolean).join(' ') || undefined : undefined,
      row: { listPath: spec.path, listLabel: label, index, listRequired: required },
      controls: rowFields.map((f) => ({
        ...letterControl(`${name}.${index}.${f.name}`, f.name, f.list ? [] : isObject(first) ? first[f.name] : '', false, humanise(f.name)),
        optional: f.optional,
      })),
    }));
  }
  if (isObject(sample)) {
    return [
      {
        legend: label,
        hint,
        controls: Object.entries(sample)
          .filter(([, value]) => !isObject(value))
          .map(([key, value]) => letterControl(`${name}.${key}`, key, value, required, humanise(key))),
      },
    ];
  }
  return [{ controls: [withHint(letterControl(name, spec.path, sample ?? '', required, label), hint)] }];
}

/** The form of an event from its rule in the lifecycle table. */
export function buildEventForm(rule: TransitionRule, choicesFor: ChoicesFor): EventForm {
  const oneOfGroups = rule.oneOf ?? [];
  const inOneOf = new Set(oneOfGroups.flatMap((g) => g.fields));
  const details: FormGroup[] = [];
  const placed = new Set<string>();
  const delivery: FormGroup[] = [];
  for (const [field, spec] of Object.entries(rule.fields)) {
    // The letter has a section of its own below.
    if (field === 'letter' || placed.has(field)) continue;
    const group = oneOfGroups.find((g) => g.fields.includes(field));
    if (group) {
      const controls = group.fields
        .map((f) => (rule.fields[f] ? dataControl(f, rule.fields[f] as FieldSpec, choicesFor, false, rule.fields) : undefined))
        .filter((c): c is FormControl => c !== undefined)
        .map((c) => ({ ...c, optional: false }));
      group.fields.forEach((f) => placed.add(f));
      details.push({
        legend: group.exclusive ? 'Give one of these' : 'Give at least one of these',
        hint: group.exclusive ? 'Fill in only one.' : undefined,
        oneOf: { exclusive: group.exclusive },
        controls,
      });
      continue;
    }
    const made = dataControl(field, spec, choicesFor, spec.required === true && !inOneOf.has(field), rule.fields);
    placed.add(field);
    if (!made) continue;
    (field === 'recipientEmail' ? delivery : details).push({ controls: [made] });
  }
  const sections: FormSection[] = [];
  if (details.length > 0) sections.push({ heading: 'Details', groups: details });
  const letterSpec = rule.fields.letter;
  const template = (rule.documents ?? [])[0];
  if (letterSpec && template && isLetterTemplateName(template)) {
    sections.push({
      heading: `The ${LETTER_TEMPLATES[template].title.toLowerCase()}`,
      intro: "Write what the letter says. The case fills in its reference, the service, today's date, the signatory and every deadline with how it was worked out.",
      groups: letterGroups(template, letterSpec.description),
    });
  }
  if (delivery.length > 0) sections.push({ heading: 'Sending it', intro: 'With an email address the provider is told by email, once, with a link to the notice.', groups: delivery });
  const reasonRequired = rule.guards.includes('reason_given');
  sections.push({
    heading: reasonRequired ? 'Reason' : undefined,
    groups: [
      {
        controls: [
          control(REASON_FIELD, {
            kind: 'text',
            widget: 'textarea',
            label: reasonRequired ? 'The reason' : 'Note for the audit trail',
            hint: reasonRequired ? 'Why this is being done. It is recorded with this step in the case history.' : 'Recorded with this step in the case history.',
            optional: !reasonRequired,
            required: reasonRequired,
            maxLength: MAX_REASON,
          }),
        ],
      },
    ],
  });
  return { sections };
}

/** Every control of the form, in page order. */
export const controlsOf = (form: EventForm): FormControl[] => form.sections.flatMap((s) => s.groups.flatMap((g) => g.controls));

/** Raw form values by field name (a date's parts as `<name>-day` and so on). */
export type RawValues = Record<string, string>;

const first = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');

/** The raw values of the form's controls in a posted body. */
export function rawValuesOf(form: EventForm, body: Record<string, unknown> | null | undefined): RawValues {
  const raw: RawValues = {};
  for (const c of controlsOf(form)) {
    if (c.widget === 'date') {
      for (const part of ['day', 'month', 'year']) raw[`${c.name}-${part}`] = first(body?.[`${c.name}-${part}`]).trim();
    } else {
      raw[c.name] = first(body?.[c.name]);
    }
  }
  return raw;
}

/** The form drawn with these values and messages. */
export function fillForm(form: EventForm, raw: RawValues, errors: Record<string, string> = {}): EventForm {
  const fill = (c: FormControl): FormControl => {
    const value = raw[c.name] ?? '';
    const error = errors[c.name];
    const describedBy = [c.hint ? `${c.id}-hint` : '', error ? `${c.id}-error` : ''].filter(Boolean).join(' ') || undefined;
    const filled: FormControl = { ...c, ...(error ? { error } : {}), displayLabel: c.optional ? `${c.label} (optional)` : c.label, ...(describedBy ? { describedBy } : {}) };
    if (c.widget === 'date') return { ...filled, day: raw[`${c.name}-day`] ?? '', month: raw[`${c.name}-month`] ?? '', year: raw[`${c.name}-year`] ?? '' };
    if (c.widget === 'checkbox') return { ...filled, items: (c.choices ?? []).map((o) => ({ ...o, checked: value === o.value })) };
    if (c.widget === 'radios') return { ...filled, items: (c.choices ?? []).map((o) => ({ ...o, checked: value === o.value })) };
    if (c.widget === 'select') {
      return { ...filled, items: [{ value: '', text: 'Choose', selected: value === '' }, ...(c.choices ?? []).map((o) => ({ ...o, selected: value === o.value }))] };
    }
    return { ...filled, value };
  };
  let groupNumber = 0;
  return {
    sections: form.sections.map((s) => ({
      ...s,
      groups: s.groups.map((g) => {
        groupNumber += 1;
        return { ...g, ...(g.hint ? { hintId: `group-${groupNumber}-hint` } : {}), controls: g.controls.map(fill) };
      }),
    })),
  };
}

const lower = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/** Pounds as people write them ("2,500,000", "£1,050,000.50") to integer pence; undefined when it is not an amount. */
export function poundsToPence(text: string): number | undefined {
  const cleaned = text.replace(/^£\s*/, '').replace(/\s/g, '');
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole, fraction = ''] = cleaned.replace(/,/g, '').split('.');
  const pence = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(pence) ? pence : undefined;
}

/** A real date from its day, month and year boxes, as YYYY-MM-DD; undefined when it is not one. */
export function dateFromParts(day: string, month: string, year: string): string | undefined {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Parsed = { ok: true; value: unknown } | { ok: false; message: string } | { ok: true; value: undefined };

function parseControl(c: FormControl, raw: RawValues): Parsed {
  if (c.kind === 'date') {
    const [day, month, year] = ['day', 'month', 'year'].map((p) => raw[`${c.name}-${p}`] ?? '') as [string, string, string];
    if (day === '' && month === '' && year === '') return { ok: true, value: undefined };
    const date = dateFromParts(day, month, year);
    return date ? { ok: true, value: date } : { ok: false, message: `${c.label} must be a real date, for example 27 3 2026` };
  }
  const text = (raw[c.name] ?? '').trim();
  if (text === '') return { ok: true, value: undefined };
  switch (c.kind) {
    case 'text':
      return c.maxLength !== undefined && text.length > c.maxLength ? { ok: false, message: `${c.label} must be ${c.maxLength} characters or fewer` } : { ok: true, value: text };
    case 'lines': {
      const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
      const long = c.maxLength !== undefined && lines.some((l) => l.length > c.maxLength!);
      return long ? { ok: false, message: `Each line of ${lower(c.label)} must be ${c.maxLength} characters or fewer` } : { ok: true, value: lines };
    }
    case 'integer': {
      if (!/^\d{1,15}$/.test(text.replace(/,/g, ''))) return { ok: false, message: `${c.label} must be a whole number` };
      const value = Number(text.replace(/,/g, ''));
      if ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max)) return { ok: false, message: `${c.label} must be from ${c.min} to ${c.max}` };
      return { ok: true, value };
    }
    case 'money': {
      const pence = poundsToPence(text);
      if (pence === undefined) return { ok: false, message: `${c.label} must be an amount in pounds, like 2,500,000 or 1500.50` };
      if (c.min !== undefined && pence < c.min) return { ok: false, message: `${c.label} must be more than £0` };
      return { ok: true, value: pence };
    }
    case 'boolean':
      return { ok: true, value: text === 'true' ? true : undefined };
    case 'email':
      return text.length <= 254 && EMAIL.test(text) ? { ok: true, value: text } : { ok: false, message: `${c.label}: enter an email address in the correct format, like name@example.com` };
    case 'choice':
      return c.choices && !c.choices.some((o) => o.value === text) ? { ok: false, message: `${c.label}: choose one of the options` } : { ok: true, value: text };
    case 'json': {
      if (c.maxLength !== undefined && text.length > c.maxLength) return { ok: false, message: `${c.label} must be ${c.maxLength} characters or fewer` };
      try {
        const value: unknown = JSON.parse(text);
        if (isObject(value)) return { ok: true, value };
      } catch {
        // reported below
      }
      return { ok: false, message: `${c.label} must be a JSON object, like the one the penalty calculator shows` };
    }
  }
}

const missingMessage = (c: FormControl): string => (c.kind === 'choice' || c.kind === 'boolean' ? `Select ${lower(c.label)}` : `Enter ${lower(c.label)}`);

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

export interface ReadForm {
  /** The event's data, letter included. */
  data: Record<string, unknown>;
  reason: string | undefined;
  /** Messages by field name, in page order. */
  errors: Record<string, string>;
}

/** Reads the posted values into the event's data, checking what this form can check by itself. */
export function readEventForm(form: EventForm, raw: RawValues): ReadForm {
  const errors: Record<string, string> = {};
  const data: Record<string, unknown> = {};
  let reason: string | undefined;
  const lists = new Map<string, Record<string, unknown>[]>();
  for (const section of form.sections) {
    for (const group of section.groups) {
      const values = group.controls.map((c) => ({ c, parsed: parseControl(c, raw) }));
      for (const { c, parsed } of values) if (!parsed.ok) errors[c.name] = parsed.message;
      const given = values.filter(({ parsed }) => parsed.ok && parsed.value !== undefined);
      if (group.oneOf) {
        if (given.length === 0 && values.every(({ parsed }) => parsed.ok)) {
          const firstControl = group.controls[0];
          if (firstControl) errors[firstControl.name] = `Give ${group.controls.map((c) => lower(c.label)).join(' or ')}`;
        } else if (group.oneOf.exclusive && given.length > 1) {
          errors[(given[1] as { c: FormControl }).c.name] = `Give only one of: ${group.controls.map((c) => lower(c.label)).join('; ')}`;
        }
      }
      if (group.row) {
        const { listPath, index, listLabel } = group.row;
        if (given.length > 0) {
          for (const { c, parsed } of values) {
            if (parsed.ok && parsed.value === undefined && !c.optional) errors[c.name] = `Enter ${lower(c.label)} in ${lower(listLabel)} ${index + 1}, or leave the whole row empty`;
          }
          const row: Record<string, unknown> = {};
          for (const { c, parsed } of given) row[c.name.split('.').pop() as string] = (parsed as { value: unknown }).value;
          lists.set(listPath, [...(lists.get(listPath) ?? []), row]);
        }
        continue;
      }
      for (const { c, parsed } of values) {
        if (!parsed.ok) continue;
        if (parsed.value === undefined) {
          if (c.required) errors[c.name] = missingMessage(c);
          continue;
        }
        if (c.name === REASON_FIELD) reason = parsed.value as string;
        else setPath(data, c.name.replace(/^data\./, '').split('.'), parsed.value);
      }
    }
  }
  // A list of rows that must have one: its first row is where the message goes.
  for (const section of form.sections) {
    for (const group of section.groups) {
      if (!group.row || group.row.index !== 0 || !group.row.listRequired || lists.has(group.row.listPath)) continue;
      const firstControl = group.controls[0];
      if (firstControl && !errors[firstControl.name]) errors[firstControl.name] = `Enter at least one row of ${lower(group.row.listLabel)}`;
    }
  }
  for (const [listPath, rows] of lists) setPath(data, ['letter', ...listPath.split('.')], rows);
  return { data, reason, errors: orderedErrors(form, errors) };
}

function orderedErrors(form: EventForm, errors: Record<string, string>): Record<string, string> {
  const ordered: Record<string, string> = {};
  for (const c of controlsOf(form)) if (errors[c.name]) ordered[c.name] = errors[c.name] as string;
  return ordered;
}

/**
 * The control a field named by the lifecycle or the documents context belongs to: `data.responseDays`,
 * `data.letter.requirements`, `data.letter.penalty.reasons`, `reason`.
 */
export function controlForField(form: EventForm, field: string): FormControl | undefined {
  const name = field.startsWith('data.') ? field.slice('data.'.length) : field;
  const path = name === REASON_FIELD || name === 'occurredAt' ? REASON_FIELD : `data.${name}`.replace(/^data\.letter\./, 'letter.');
  const controls = controlsOf(form);
  return (
    controls.find((c) => c.name === path) ??
    controls.find((c) => c.name.startsWith(`${path}.`)) ??
    // `data.responseDays or data.dueOn`: the group's first control.
    controls.find((c) => path.split(' or ').some((p) => c.name === p))
  );
}

/** The message a field problem shows beside its control. */
export function fieldMessage(c: FormControl, message: string): string {
  if (/^is required$/.test(message)) return missingMessage(c);
  return `${c.label}: ${message.replace(/^data\.[A-Za-z.]+ /, '')}`;
}
