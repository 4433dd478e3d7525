import Handlebars from 'handlebars';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LEGAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** People using the service are in the UK: instants are shown in UK time (GMT or BST). */
const UK_TIME_ZONE = 'Europe/London';

function ukParts(instant: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: UK_TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

function toInstant(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'string' && value !== '') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  return undefined;
}

/**
 * GOV.UK style date: "13 May 2026". A legal date (YYYY-MM-DD) is shown as that calendar date;
 * an instant (Date or ISO 8601 string) as its date in UK time. Anything else renders as empty.
 */
export function formatDate(value: unknown): string {
  if (typeof value === 'string') {
    const legal = LEGAL_DATE.exec(value);
    if (legal) {
      const month = MONTHS[Number(legal[2]) - 1];
      return month ? `${Number(legal[3])} ${month} ${legal[1]}` : '';
    }
  }
  const instant = toInstant(value);
  if (!instant) return '';
  const { year, month, day } = ukParts(instant);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** GOV.UK style time: "9am", "2:05pm", "midday", "midnight" (UK time). */
export function formatTime(value: unknown): string {
  const instant = toInstant(value);
  if (!instant) return '';
  const { hour, minute } = ukParts(instant);
  if (minute === 0 && hour === 0) return 'midnight';
  if (minute === 0 && hour === 12) return 'midday';
  const suffix = hour < 12 ? 'am' : 'pm';
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${twelve}${suffix}` : `${twelve}:${String(minute).padStart(2, '0')}${suffix}`;
}

/** "13 May 2026 at 2:05pm" (UK time). */
export function formatDateTime(value: unknown): string {
  const date = formatDate(value);
  return date ? `${date} at ${formatTime(value)}` : '';
}

/** Role codes as people read them. */
export const ROLE_NAMES: Record<string, string> = {
  admin: 'Administrator',
  case_officer: 'Case officer',
  decision_maker: 'Decision maker',
  analyst: 'Analyst',
  provider: 'Service provider',
  complainant_body: 'Eligible entity (super-complaints)',
};

export const ORGANISATION_KIND_NAMES: Record<string, string> = {
  regulator: 'Regulator',
  provider: 'Service provider',
  eligible_entity: 'Eligible entity',
};

/**
 * Registers the helpers every template may use. None of them returns a SafeString built from its
 * input: whatever they return is escaped by Handlebars like any other value.
 */
export function registerViewHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
  hbs.registerHelper('formatDate', (value: unknown) => formatDate(value));
  hbs.registerHelper('formatTime', (value: unknown) => formatTime(value));
  hbs.registerHelper('formatDateTime', (value: unknown) => formatDateTime(value));
  hbs.registerHelper('roleName', (role: unknown) => (typeof role === 'string' ? (ROLE_NAMES[role] ?? role) : ''));
  hbs.registerHelper('organisationKindName', (kind: unknown) => (typeof kind === 'string' ? (ORGANISATION_KIND_NAMES[kind] ?? kind) : ''));
  /** "1 user" / "3 users" */
  hbs.registerHelper('plural', (count: unknown, singular: unknown, pluralForm: unknown) => {
    const n = Number(count);
    const word = n === 1 ? String(singular) : typeof pluralForm === 'string' ? pluralForm : `${String(singular)}s`;
    return `${n} ${word}`;
  });
  /** Ids for form controls and error-summary links, derived from a field name ("roles" → "roles"). */
  hbs.registerHelper('fieldId', (name: unknown, index: unknown) => {
    const base = String(name).replace(/[^A-Za-z0-9_-]/g, '-');
    return typeof index === 'number' && index > 0 ? `${base}-${index + 1}` : base;
  });
}
