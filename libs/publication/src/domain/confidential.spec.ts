import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { confidentialPassages, markerProblem, redact, REDACTION_MARK } from './confidential.js';
import { checkDraft, normaliseDraft, toPublicEntry } from './entry-content.js';
import { stagesOf } from './stages.js';
import { openDataCsv, atomFeed, publicUrls, xmlText } from './exports.js';

describe('confidential passages', () => {
  it('removes each marked passage, whatever the case and spacing of the markers, across lines', () => {
    expect(redact('Public. [[confidential]]secret one[[/confidential]] More public.')).toBe(`Public. ${REDACTION_MARK} More public.`);
    expect(redact('A [[ CONFIDENTIAL ]]x\ny[[/ Confidential]] b [[confidential]]z[[/confidential]]')).toBe(`A ${REDACTION_MARK} b ${REDACTION_MARK}`);
    expect(confidentialPassages('a [[confidential]] one [[/confidential]] b [[confidential]]two[[/confidential]]')).toEqual(['one', 'two']);
  });

  it('refuses markers that are not closed, not opened, nested or misspelt', () => {
    for (const text of [
      'a [[confidential]] secret',
      'secret [[/confidential]] a',
      '[[confidential]] a [[confidential]] b [[/confidential]] c [[/confidential]]',
      '[confidential]secret[/confidential]',
      '[[confidential] secret [[/confidential]]',
    ]) {
      expect(markerProblem(text)).not.toBeNull();
      expect(() => redact(text)).toThrow();
    }
    expect(markerProblem('No markers at all.')).toBeNull();
  });

  it('never lets the text of a well-formed passage through, whatever surrounds it', () => {
    const plain = fc.string({ maxLength: 40 }).filter((s) => !/[[\]]|confidential/i.test(s));
    fc.assert(
      fc.property(plain, plain, plain, (before, secret, after) => {
        const marked = `${before}[[confidential]]SECRET${secret}SECRET[[/confidential]]${after}`;
        expect(markerProblem(marked)).toBeNull();
        expect(redact(marked)).not.toContain('SECRET');
      }),
    );
  });
});

describe('the public version of a draft', () => {
  const draft = normaliseDraft({
    title: 'Title [[confidential]]hidden[[/confidential]]',
    summary: 'Summary.',
    providerName: 'Named Provider Ltd',
    anonymised: true,
    anonymisedLabel: 'A video-sharing service',
    services: ['NamedTube'],
    provisions: ['Section 9'],
    harmCategories: ['csam', 'not-a-harm'],
    openedOn: '2026-01-05',
    status: 'investigation',
    updates: [{ date: '2026-01-05', text: 'Opened.' }],
  });

  it('hides the provider and services of an anonymised entry and drops unknown harm codes', () => {
    expect(checkDraft(draft)).toEqual({});
    const entry = toPublicEntry('ENF-2026-000001', draft, { version: 1, publishedAt: new Date('2026-02-01T10:00:00Z'), firstPublishedAt: null }, null);
    expect(entry).toMatchObject({ title: `Title ${REDACTION_MARK}`, provider: 'A video-sharing service', services: [], harmCategories: ['csam'] });
    expect(JSON.stringify(entry)).not.toMatch(/Named|hidden/);
  });

  it('keeps the first publication time of an update whose text did not change', () => {
    const first = toPublicEntry('ENF-2026-000001', draft, { version: 1, publishedAt: new Date('2026-02-01T10:00:00Z'), firstPublishedAt: null }, null);
    const next = normaliseDraft({ ...draft, updates: [...draft.updates, { date: '2026-03-01', text: 'Notice issued.' }] });
    const second = toPublicEntry('ENF-2026-000001', next, { version: 2, publishedAt: new Date('2026-03-02T10:00:00Z'), firstPublishedAt: new Date('2026-02-01T10:00:00Z') }, first);
    expect(second.updates.map((u) => u.publishedAt)).toEqual(['2026-02-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z']);
    expect(second.firstPublishedAt).toBe('2026-02-01T10:00:00.000Z');
  });

  it('names what is missing in a draft', () => {
    const errors = checkDraft(normaliseDraft({ status: 'closed', updates: [{ date: '1 May', text: '' }] }));
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(['title', 'summary', 'providerName', 'provisions', 'harmCategories', 'openedOn', 'outcome', 'closedOn', 'update-1-date', 'update-1-text']));
  });
});

describe('stages from the case events (domain reference §11)', () => {
  it('starts and ends the investigation, representations, compliance and disruption stages', () => {
    expect(
      stagesOf([
        { event: 'open_investigation', on: '2026-01-01' },
        { event: 'issue_information_notice', on: '2026-01-05' },
        { event: 'issue_provisional_notice', on: '2026-02-01' },
        { event: 'issue_confirmation_decision', on: '2026-03-01' },
        { event: 'record_non_compliance', on: '2026-04-01' },
        { event: 'apply_for_business_disruption', on: '2026-05-01' },
        { event: 'record_court_order', on: '2026-05-20', data: { result: 'order_varied' } },
        { event: 'record_court_order', on: '2026-06-01', data: { result: 'order_made' } },
      ]),
    ).toEqual([
      { stage: 'investigation', startedOn: '2026-01-01', endedOn: '2026-02-01' },
      { stage: 'representations', startedOn: '2026-02-01', endedOn: '2026-03-01' },
      { stage: 'compliance', startedOn: '2026-03-01', endedOn: '2026-04-01' },
      { stage: 'disruption', startedOn: '2026-05-01', endedOn: '2026-06-01' },
    ]);
  });
});

describe('open data and feed formats', () => {
  it('quotes CSV cells and defuses cells a spreadsheet would run as formulas', () => {
    const csv = openDataCsv([
      {
        reference: 'ENF-2026-000001', url: 'u', title: '=HYPERLINK("x")', provider: 'A, B', anonymised: false, services: [], provisions: ['Section 9'], harmCategories: ['csam'],
        status: 'investigation', outcome: null, openedOn: '2026-01-01', closedOn: null, penaltyPence: null, stages: [], updates: [], decisions: [], version: 1,
        firstPublishedAt: 't', lastPublishedAt: 't',
      },
    ]);
    expect(csv.split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")","A, B"`);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xmlText('a < b & "c"\u0001')).toBe('a &lt; b &amp; &quot;c&quot;');
    expect(atomFeed([], publicUrls('http://example.test/'), new Date('2026-01-01T00:00:00Z'), 'T')).toContain('<updated>2026-01-01T00:00:00.000Z</updated>');
  });
});
