import { Inject, Injectable } from '@nestjs/common';
import { DomainError, decodeCursor, encodeCursor, pageSize, type Page } from '@app/core';
import type { CaseState, HarmCategory } from '../domain/vocabulary.js';
import { CaseDeadlines } from '../integration/case-deadlines.js';
import { CaseRepository, type CaseListFilter, type CaseRecord, type CaseSort } from '../persistence/case.repository.js';
import { toCaseSummary, type CaseSummary } from './case-view.js';

export interface ListCasesQuery {
  state?: CaseState;
  /** Assigned or investigating officer. */
  officerId?: string;
  serviceId?: string;
  harm?: HarmCategory;
  /** true: only cases with an overdue deadline; false: only cases without one. */
  overdue?: boolean;
  sort?: CaseSort;
  limit?: number;
  cursor?: string;
}

/** How many cases one request examines for the overdue filter before returning a partial page with a cursor. */
const OVERDUE_SCAN_LIMIT = 1000;
const SCAN_BATCH = 100;

type Key = { k: string; i: string };

const keyOf = (record: CaseRecord, sort: CaseSort): Key => {
  const field = sort.replace(/^-/, '');
  return { k: field === 'reference' ? record.reference : (field === 'updatedAt' ? record.updatedAt : record.createdAt).toISOString(), i: record.id };
};

function decodeKey(cursor: string | undefined, sort: CaseSort): Key | undefined {
  const key = decodeCursor<Key & { s?: string }>(cursor);
  if (!key) return undefined;
  const field = sort.replace(/^-/, '');
  const validKey = typeof key.k === 'string' && (field === 'reference' || !Number.isNaN(Date.parse(key.k)));
  if (!validKey || typeof key.i !== 'string' || !/^[0-9a-f-]{36}$/i.test(key.i) || key.s !== sort) {
    throw new DomainError('VALIDATION_FAILED', 'The cursor does not belong to this list or sort order. Start again without a cursor.', {
      errors: [{ field: 'cursor', message: 'unrecognised cursor' }],
    });
  }
  return { k: key.k, i: key.i };
}

/** Cases, filtered and sorted, a page at a time. */
@Injectable()
export class ListCases {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(CaseDeadlines) private readonly deadlines: CaseDeadlines,
  ) {}

  /**
   * For each service, those of its `recent` most recently opened cases that are not closed (newest
   * first), for many services in one read: intake attaching a batch of reports to running cases.
   */
  async openCasesOfServices(serviceIds: readonly string[], recent = 50): Promise<Map<string, { id: string; reference: string; harmCategories: string[] }[]>> {
    const out = new Map<string, { id: string; reference: string; harmCategories: string[] }[]>();
    for (const row of await this.cases.recentOpenForServices([...new Set(serviceIds)], recent)) {
      const list = out.get(row.service_id) ?? [];
      list.push({ id: row.id, reference: row.reference, harmCategories: row.harm_categories });
      out.set(row.service_id, list);
    }
    return out;
  }

  /** Every case about these services, as case id → service id (another context scoping cases to an organisation). */
  async casesOfServices(serviceIds: readonly string[]): Promise<Map<string, string>> {
    return new Map((await this.cases.idsForServices([...new Set(serviceIds)])).map((r) => [r.id, r.service_id]));
  }

  async execute(query: ListCasesQuery): Promise<Page<CaseSummary>> {
    const limit = pageSize(query.limit);
    const sort = query.sort ?? '-createdAt';
    const after = decodeKey(query.cursor, sort);
    const filter: CaseListFilter = { state: query.state, officerId: query.officerId, serviceId: query.serviceId, harm: query.harm };
    const cursorOf = (record: CaseRecord): string => encodeCursor({ ...keyOf(record, sort), s: sort });

    if (query.overdue === undefined) {
      const rows = await this.cases.list(filter, sort, limit + 1, after);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(toCaseSummary), nextCursor: rows.length > limit && last ? cursorOf(last) : null };
    }

    // Whether a deadline is overdue is the deadlines context's to say: examine the cases in order.
    const items: CaseRecord[] = [];
    let scannedTo: CaseRecord | undefined;
    let scanned = 0;
    let exhausted = false;
    let position = after;
    for (;;) {
      const batch = await this.cases.list(filter, sort, SCAN_BATCH, position);
      let stoppedEarly = false;
      for (const [index, record] of batch.entries()) {
        scanned += 1;
        scannedTo = record;
        const overdue = (await this.deadlines.forCase(record.id)).some((d) => d.status === 'overdue');
        if (overdue === query.overdue) items.push(record);
        if (items.length === limit) {
          stoppedEarly = index < batch.length - 1;
          break;
        }
      }
      if (batch.length < SCAN_BATCH && !stoppedEarly) {
        exhausted = true;
        break;
      }
      if (items.length === limit || scanned >= OVERDUE_SCAN_LIMIT || !scannedTo) break;
      position = keyOf(scannedTo, sort);
    }
    const more = !exhausted && scannedTo !== undefined;
    return { items: items.map(toCaseSummary), nextCursor: more ? cursorOf(scannedTo as CaseRecord) : null };
  }
}
