/**
 * Reading HTML form posts (application/x-www-form-urlencoded, already parsed by Fastify) and shaping
 * their errors for the GOV.UK error summary and inline messages. Pages validate their own forms so
 * that a mistake re-renders the page with its messages instead of answering with problem+json.
 */
export type FormBody = Record<string, unknown> | null | undefined;

/** A single text field, trimmed; '' when absent or sent more than once. */
export function textField(body: FormBody, name: string, options: { trim?: boolean; maxLength?: number } = {}): string {
  const value = body?.[name];
  if (typeof value !== 'string') return '';
  const text = options.trim === false ? value : value.trim();
  return options.maxLength ? text.slice(0, options.maxLength) : text;
}

/** A field that may repeat (checkboxes): every string value, in order, without duplicates. */
export function listField(body: FormBody, name: string): string[] {
  const value = body?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

/** Field name → message. The order of insertion is the order of the fields on the page. */
export type FieldErrors = Record<string, string>;

export interface ErrorSummaryItem {
  href: string;
  message: string;
}

/** The error summary's list, each linking to its field (ids are the field names, as the partials render them). */
export function errorSummary(errors: FieldErrors): ErrorSummaryItem[] {
  return Object.entries(errors).map(([field, message]) => ({ href: `#${field}`, message }));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function looksLikeEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
