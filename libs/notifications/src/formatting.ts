const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LEGAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2026-05-13' → '13 May 2026'. Anything else is shown as given. */
export function longDate(value: unknown): string {
  if (value instanceof Date) return `${value.getUTCDate()} ${MONTHS[value.getUTCMonth()]} ${value.getUTCFullYear()}`;
  const match = typeof value === 'string' ? LEGAL_DATE.exec(value) : null;
  if (!match) return value === undefined || value === null ? '' : String(value);
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] ?? match[2]} ${match[1]}`;
}

/** An instant → '13 May 2026 at 14:05 UTC' (every process runs in UTC). */
export function dateTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return value === undefined || value === null ? '' : String(value);
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${longDate(date)} at ${hh}:${mm} UTC`;
}

/** Links in emails are absolute; only http(s) links are kept, anything else becomes the service's home page. */
export function absoluteUrl(baseUrl: string, link: unknown): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (typeof link !== 'string' || link === '') return `${base}/`;
  if (link.startsWith('/') && !link.startsWith('//')) return `${base}${link}`;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : `${base}/`;
  } catch {
    return `${base}/`;
  }
}
