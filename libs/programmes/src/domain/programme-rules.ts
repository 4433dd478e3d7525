import { PROGRAMME_SERVICE_STATUSES, type ProgrammeServiceStatus } from './vocabulary.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ParsedServiceList {
  /** Service ids, in the order given, without duplicates. */
  serviceIds: string[];
  /** Web addresses or domains to look up in the registry, with the line each came from. */
  urls: { line: number; url: string }[];
}

/**
 * Reads a pasted list or a CSV file of services: one service per line, as a service id or a web
 * address (a CSV keeps its first column; a header row such as "service" or "url" is skipped).
 */
export function parseServiceList(text: string): ParsedServiceList {
  const serviceIds: string[] = [];
  const urls: { line: number; url: string }[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const first = (raw.split(/[,;\t]/)[0] ?? '').trim().replace(/^"(.*)"$/, '$1').trim();
    if (first === '') continue;
    if (index === 0 && /^(service|service_?id|id|url|service_?url|domain)$/i.test(first)) continue;
    const key = first.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (UUID.test(first)) serviceIds.push(key);
    else urls.push({ line: index + 1, url: first });
  }
  return { serviceIds, urls };
}

export interface NoticeOutcome {
  /** The provider answered by the due date. */
  onTime: number;
  /** The provider answered after the due date. */
  late: number;
  /** No answer yet and the due date has passed. */
  overdue: number;
  /** No answer yet, still in time. */
  awaiting: number;
}

/** Counts notices by outcome: answered in time, answered late, overdue without an answer, awaiting. */
export function noticeOutcomes(
  notices: { respondedAt: Date | string | null; late: boolean | null; dueOn: string | null }[],
  today: string,
): NoticeOutcome {
  const out: NoticeOutcome = { onTime: 0, late: 0, overdue: 0, awaiting: 0 };
  for (const n of notices) {
    if (n.respondedAt) {
      if (n.late) out.late += 1;
      else out.onTime += 1;
    } else if (n.dueOn !== null && n.dueOn < today) out.overdue += 1;
    else out.awaiting += 1;
  }
  return out;
}

/** Every status with its count, zeros included, in the order of the vocabulary. */
export function statusCounts(rows: { status: ProgrammeServiceStatus; n: number }[]): Record<ProgrammeServiceStatus, number> {
  const counts = Object.fromEntries(PROGRAMME_SERVICE_STATUSES.map((s) => [s, 0])) as Record<ProgrammeServiceStatus, number>;
  for (const row of rows) counts[row.status] += row.n;
  return counts;
}

/** "PRG-2026-0007". */
export const programmeReference = (year: number, sequence: number): string => `PRG-${year}-${String(sequence).padStart(4, '0')}`;

/** The key that makes each provider's notice of a bulk action unique however often it is retried. */
export const bulkItemKey = (programmeId: string, actionId: string, serviceId: string): string => `programme:${programmeId}:action:${actionId}:service:${serviceId}`;

/** Manual status changes an officer may record (referral to investigation happens by opening one). */
export function manualStatusChangeAllowed(from: ProgrammeServiceStatus, to: ProgrammeServiceStatus): boolean {
  if (from === to) return false;
  if (to === 'referred_to_investigation') return false;
  return true;
}

/** Maps with at most `limit` calls in flight (registry look-ups share the connection pool). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export interface PaginationView {
  previous: string | null;
  next: string | null;
  items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[];
}

/**
 * The GOV.UK pagination component's links: the first and last pages, the current one and its
 * neighbours, with an ellipsis for each gap.
 */
export function paginationLinks(current: number, pageCount: number, href: (page: number) => string): PaginationView {
  const shown = [...new Set([1, current - 1, current, current + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: PaginationView['items'] = [];
  shown.forEach((n, i) => {
    const before = shown[i - 1];
    if (before !== undefined && n - before > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === current });
  });
  return { previous: current > 1 ? href(current - 1) : null, next: current < pageCount ? href(current + 1) : null, items };
}
