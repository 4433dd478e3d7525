import { describe, expect, it } from '@jest/globals';
import { bulkItemKey, manualStatusChangeAllowed, noticeOutcomes, paginationLinks, parseServiceList, programmeReference, statusCounts } from './programme-rules.js';

describe('reading a list of services to import', () => {
  it('takes ids and web addresses, one per line or from the first CSV column, skipping a header and duplicates', () => {
    const id = '0b7c1d52-2f2e-4a5e-9d1e-3c4b5a6d7e8f';
    const parsed = parseServiceList(`service,notes\n${id},first\nhttps://example.com/a,x\n\n"tube.example"\n${id.toUpperCase()}\nexample.com/a`);
    expect(parsed.serviceIds).toEqual([id]);
    expect(parsed.urls).toEqual([
      { line: 3, url: 'https://example.com/a' },
      { line: 5, url: 'tube.example' },
      { line: 7, url: 'example.com/a' },
    ]);
  });
});

describe('programme dashboard figures', () => {
  it('counts answers in time, late answers, overdue notices and notices still in time', () => {
    const outcome = noticeOutcomes(
      [
        { respondedAt: new Date(), late: false, dueOn: '2026-05-28' },
        { respondedAt: '2026-06-01T10:00:00Z', late: true, dueOn: '2026-05-28' },
        { respondedAt: null, late: null, dueOn: '2026-05-28' },
        { respondedAt: null, late: null, dueOn: '2026-06-30' },
      ],
      '2026-06-02',
    );
    expect(outcome).toEqual({ onTime: 1, late: 1, overdue: 1, awaiting: 1 });
  });

  it('lists every status, with zero where no service has it', () => {
    expect(statusCounts([{ status: 'engaged', n: 3 }])).toEqual({ assessed: 0, engaged: 3, compliant: 0, referred_to_investigation: 0, closed: 0 });
  });
});

describe('references and keys', () => {
  it('formats programme references and per-provider idempotency keys', () => {
    expect(programmeReference(2026, 7)).toBe('PRG-2026-0007');
    expect(bulkItemKey('p', 'a', 's')).toBe('programme:p:action:a:service:s');
  });

  it('refuses to mark a service referred to investigation without opening one', () => {
    expect(manualStatusChangeAllowed('engaged', 'referred_to_investigation')).toBe(false);
    expect(manualStatusChangeAllowed('engaged', 'compliant')).toBe(true);
    expect(manualStatusChangeAllowed('engaged', 'engaged')).toBe(false);
  });
});

describe('pages of services', () => {
  const href = (n: number): string => `?page=${n}`;

  it('links the first and last pages, the current one and its neighbours, with an ellipsis for each gap', () => {
    const view = paginationLinks(5, 10, href);
    expect(view.previous).toBe('?page=4');
    expect(view.next).toBe('?page=6');
    expect(view.items.map((i) => ('ellipsis' in i ? '…' : i.current ? `[${i.number}]` : String(i.number)))).toEqual(['1', '…', '4', '[5]', '6', '…', '10']);
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(paginationLinks(1, 2, href)).toEqual({ previous: null, next: '?page=2', items: [{ number: 1, href: '?page=1', current: true }, { number: 2, href: '?page=2', current: false }] });
    expect(paginationLinks(2, 2, href).next).toBeNull();
  });
});
