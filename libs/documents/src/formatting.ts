const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LEGAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isLegalDate(value: unknown): value is string {
  const match = typeof value === 'string' ? LEGAL_DATE.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** '2026-05-13' → '13 May 2026'. */
export function longDate(value: unknown): string {
  if (!isLegalDate(value)) return value === undefined || value === null ? '' : String(value);
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const POUNDS_AND_PENCE = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Integer pence → '£2,500,000' (whole pounds) or '£12.50'. Exact for any safe integer or bigint. */
export function money(pence: unknown): string {
  let value: bigint;
  try {
    value = typeof pence === 'bigint' ? pence : BigInt(String(pence));
  } catch {
    return String(pence);
  }
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const pounds = abs / 100n;
  const rest = abs % 100n;
  const text = rest === 0n ? POUNDS.format(pounds) : POUNDS_AND_PENCE.format(Number(`${pounds}.${rest.toString().padStart(2, '0')}`));
  return negative ? `-${text}` : text;
}
