import type { PublicDecision, PublicEntry } from './entry-content.js';
import { PUBLIC_STAGES, type DecisionKind } from './vocabulary.js';

/** Where public pages and files live, from the service's public base URL. */
export interface PublicUrls {
  base: string;
  entry(reference: string): string;
  decision(reference: string, decisionId: string): string;
  feed: string;
  schema: string;
}

export function publicUrls(baseUrl: string): PublicUrls {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    base,
    entry: (reference) => `${base}/enforcement/${encodeURIComponent(reference)}`,
    decision: (reference, decisionId) => `${base}/enforcement/${encodeURIComponent(reference)}/decisions/${decisionId}`,
    feed: `${base}/enforcement/feed.atom`,
    schema: `${base}/api/v1/public/open-data/schema.json`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Statements of reasons (in the spirit of the EU DSA Transparency Database schema)
// ---------------------------------------------------------------------------------------------------

export interface StatementOfReasons {
  uuid: string;
  /** Platform-unique id in the DSA's sense: here the case reference and the decision id. */
  puid: string;
  caseReference: string;
  caseUrl: string;
  decisionUrl: string;
  regime: 'Online Safety Act 2023 (United Kingdom)';
  decisionType: DecisionKind;
  decisionDate: string;
  decisionGround: 'suspected_contravention' | 'contravention' | 'no_contravention' | 'case_closed' | 'court_order' | 'other';
  legalBasis: { instrument: 'Online Safety Act 2023'; power: string | null; provisions: string[] };
  groundsExplanation: string;
  categories: string[];
  territorialScope: string[];
  measures: { type: string; amountPence?: number; currency?: 'GBP'; description?: string }[];
  serviceProvider: string;
  services: string[];
  automatedDetection: false;
  automatedDecision: 'not_automated';
  applicationDate: string;
  publishedAt: string;
}

const POWERS: Record<DecisionKind, string | null> = {
  provisional_notice: 's.130',
  confirmation_decision: 's.132',
  penalty_notice: 's.139',
  closure: null,
  court_order: 's.144–s.147',
  other: null,
};

function groundOf(entry: PublicEntry, decision: PublicDecision): StatementOfReasons['decisionGround'] {
  switch (decision.kind) {
    case 'provisional_notice':
      return 'suspected_contravention';
    case 'confirmation_decision':
    case 'penalty_notice':
      return 'contravention';
    case 'court_order':
      return 'court_order';
    case 'closure':
      return entry.outcome === 'no_contravention' ? 'no_contravention' : 'case_closed';
    default:
      return 'other';
  }
}

function measuresOf(entry: PublicEntry, decision: PublicDecision): StatementOfReasons['measures'] {
  const measures: StatementOfReasons['measures'] = [];
  if (decision.kind === 'provisional_notice') measures.push({ type: 'provisional_notice_of_contravention' });
  if (decision.penaltyPence !== null) measures.push({ type: decision.kind === 'provisional_notice' ? 'proposed_penalty' : 'monetary_penalty', amountPence: decision.penaltyPence, currency: 'GBP' });
  if (decision.stepsRequired !== '') measures.push({ type: decision.kind === 'provisional_notice' ? 'proposed_steps' : 'steps_required', description: decision.stepsRequired });
  if (decision.kind === 'court_order') measures.push({ type: 'business_disruption_order' });
  if (decision.kind === 'closure') measures.push({ type: 'case_closed', ...(entry.outcome ? { description: entry.outcome } : {}) });
  return measures;
}

/** One statement per decision linked from a published entry. */
export function statementsOfReasons(entry: PublicEntry, urls: PublicUrls): StatementOfReasons[] {
  return entry.decisions.map((d) => ({
    uuid: d.id,
    puid: `${entry.reference}/${d.id}`,
    caseReference: entry.reference,
    caseUrl: urls.entry(entry.reference),
    decisionUrl: urls.decision(entry.reference, d.id),
    regime: 'Online Safety Act 2023 (United Kingdom)',
    decisionType: d.kind,
    decisionDate: d.decidedOn,
    decisionGround: groundOf(entry, d),
    legalBasis: { instrument: 'Online Safety Act 2023', power: POWERS[d.kind], provisions: entry.provisions },
    groundsExplanation: d.grounds,
    categories: entry.harmCategories,
    territorialScope: ['GB'],
    measures: measuresOf(entry, d),
    serviceProvider: entry.provider,
    services: entry.services,
    automatedDetection: false,
    automatedDecision: 'not_automated',
    applicationDate: d.decidedOn,
    publishedAt: entry.lastPublishedAt,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Open data
// ---------------------------------------------------------------------------------------------------

export const OPEN_DATA_SCHEMA_VERSION = '1.0.0';

/** A case in the open data (JSON): published content only, no personal data. */
export interface OpenDataCase {
  reference: string;
  url: string;
  title: string;
  provider: string;
  anonymised: boolean;
  services: string[];
  provisions: string[];
  harmCategories: string[];
  status: string;
  outcome: string | null;
  openedOn: string;
  closedOn: string | null;
  penaltyPence: number | null;
  stages: { stage: string; startedOn: string; endedOn: string | null }[];
  updates: { id: string; date: string; text: string; publishedAt: string }[];
  decisions: { id: string; kind: string; decidedOn: string; title: string; penaltyPence: number | null; url: string }[];
  version: number;
  firstPublishedAt: string;
  lastPublishedAt: string;
}

export function openDataCase(entry: PublicEntry, urls: PublicUrls): OpenDataCase {
  return {
    reference: entry.reference,
    url: urls.entry(entry.reference),
    title: entry.title,
    provider: entry.provider,
    anonymised: entry.anonymised,
    services: entry.services,
    provisions: entry.provisions,
    harmCategories: entry.harmCategories,
    status: entry.status,
    outcome: entry.outcome,
    openedOn: entry.openedOn,
    closedOn: entry.closedOn,
    penaltyPence: entry.penaltyPence,
    stages: entry.stages,
    updates: entry.updates.map((u) => ({ id: u.id, date: u.date, text: u.text, publishedAt: u.publishedAt })),
    decisions: entry.decisions.map((d) => ({ id: d.id, kind: d.kind, decidedOn: d.decidedOn, title: d.title, penaltyPence: d.penaltyPence, url: urls.decision(entry.reference, d.id) })),
    version: entry.version,
    firstPublishedAt: entry.firstPublishedAt,
    lastPublishedAt: entry.lastPublishedAt,
  };
}

const legalDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const instant = { type: 'string', format: 'date-time' } as const;

/** JSON Schema (2020-12) of cases.json, served at /api/v1/public/open-data/schema.json (docs/open-data.md). */
export function openDataSchema(urls: PublicUrls): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: urls.schema,
    title: 'Online safety enforcement bulletin: published cases',
    description: 'Every published enforcement case entry, its stages, dates, penalties, outcomes and dated updates. Only content approved for publication; no personal data.',
    type: 'object',
    additionalProperties: false,
    required: ['schema', 'schemaVersion', 'generatedAt', 'licence', 'cases'],
    properties: {
      schema: { type: 'string', description: 'The address of this schema' },
      schemaVersion: { const: OPEN_DATA_SCHEMA_VERSION },
      generatedAt: instant,
      licence: { type: 'string' },
      cases: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [
            'reference', 'url', 'title', 'provider', 'anonymised', 'services', 'provisions', 'harmCategories', 'status', 'outcome', 'openedOn', 'closedOn',
            'penaltyPence', 'stages', 'updates', 'decisions', 'version', 'firstPublishedAt', 'lastPublishedAt',
          ],
          properties: {
            reference: { type: 'string', pattern: '^[A-Z]+-\\d{4}-\\d+$', description: 'Stable identifier of the case (never reused)' },
            url: { type: 'string', format: 'uri' },
            title: { type: 'string', minLength: 1 },
            provider: { type: 'string', minLength: 1, description: 'The provider’s name, or a label when the entry is anonymised' },
            anonymised: { type: 'boolean' },
            services: { type: 'array', items: { type: 'string' }, description: 'Empty when anonymised' },
            provisions: { type: 'array', items: { type: 'string' } },
            harmCategories: { type: 'array', items: { type: 'string' } },
            status: { enum: ['investigation', 'provisional_notice', 'confirmation_decision', 'non_compliance', 'business_disruption', 'closed'] },
            outcome: { enum: [null, 'no_action', 'remediated', 'warning_issued', 'geoblocked', 'no_contravention', 'complied', 'order_made', 'order_refused', 'withdrawn', 'merged'] },
            openedOn: legalDate,
            closedOn: { anyOf: [legalDate, { type: 'null' }] },
            penaltyPence: { type: ['integer', 'null'], minimum: 0, description: 'Penalty imposed in pence, when published' },
            stages: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['stage', 'startedOn', 'endedOn'],
                properties: { stage: { enum: [...PUBLIC_STAGES] }, startedOn: legalDate, endedOn: { anyOf: [legalDate, { type: 'null' }] } },
              },
            },
            updates: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'date', 'text', 'publishedAt'],
                properties: { id: { type: 'string', format: 'uuid' }, date: legalDate, text: { type: 'string' }, publishedAt: instant },
              },
            },
            decisions: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'kind', 'decidedOn', 'title', 'penaltyPence', 'url'],
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  kind: { enum: ['provisional_notice', 'confirmation_decision', 'penalty_notice', 'closure', 'court_order', 'other'] },
                  decidedOn: legalDate,
                  title: { type: 'string' },
                  penaltyPence: { type: ['integer', 'null'], minimum: 0 },
                  url: { type: 'string', format: 'uri' },
                },
              },
            },
            version: { type: 'integer', minimum: 1 },
            firstPublishedAt: instant,
            lastPublishedAt: instant,
          },
        },
      },
    },
  };
}

/** The CSV columns of cases.csv, in order (docs/open-data.md). */
export const CSV_COLUMNS = [
  'reference', 'url', 'title', 'provider', 'anonymised', 'services', 'provisions', 'harm_categories', 'status', 'outcome', 'opened_on', 'closed_on', 'penalty_pence',
  ...PUBLIC_STAGES.flatMap((s) => [`${s}_started_on`, `${s}_ended_on`]),
  'updates', 'decisions', 'version', 'first_published_at', 'last_published_at',
] as const;

/** A spreadsheet would run a cell starting with these as a formula: such text cells get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | boolean | null, text: boolean): string {
  if (value === null) return '';
  let s = String(value);
  if (text && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** cases.csv: one row per published case; lists joined with "; "; the first run of each stage. */
export function openDataCsv(cases: readonly OpenDataCase[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const c of cases) {
    const stage = (name: string) => c.stages.find((s) => s.stage === name);
    const cells: (string | number | boolean | null)[] = [
      c.reference, c.url, c.title, c.provider, c.anonymised, c.services.join('; '), c.provisions.join('; '), c.harmCategories.join('; '), c.status, c.outcome, c.openedOn, c.closedOn, c.penaltyPence,
      ...PUBLIC_STAGES.flatMap((s) => [stage(s)?.startedOn ?? null, stage(s)?.endedOn ?? null]),
      c.updates.length, c.decisions.length, c.version, c.firstPublishedAt, c.lastPublishedAt,
    ];
    lines.push(cells.map((v) => csvCell(v, typeof v === 'string')).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------------
// Atom 1.0 (RFC 4287)
// ---------------------------------------------------------------------------------------------------

/** Characters XML 1.0 cannot carry at all are dropped; markup characters are escaped. */
export function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface FeedItem {
  entry: PublicEntry;
  update: PublicEntry['updates'][number];
}

/** The Atom feed of published updates, newest first. */
export function atomFeed(items: readonly FeedItem[], urls: PublicUrls, generatedAt: Date, title: string): string {
  const updated = items.reduce((max, i) => (i.update.publishedAt > max ? i.update.publishedAt : max), items.length > 0 ? '' : generatedAt.toISOString());
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
    `  <id>${xmlText(`${urls.base}/enforcement`)}</id>`,
    `  <title>${xmlText(title)}</title>`,
    '  <subtitle>Dated updates on the investigations and decisions of the online safety regulator</subtitle>',
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(urls.feed)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(`${urls.base}/enforcement`)}"/>`,
    '  <author><name>Online safety regulator</name></author>',
  ];
  for (const { entry, update } of items) {
    lines.push(
      '  <entry>',
      `    <id>urn:uuid:${update.id}</id>`,
      `    <title>${xmlText(`${entry.reference}: ${entry.title}`)}</title>`,
      `    <updated>${update.publishedAt}</updated>`,
      `    <published>${update.publishedAt}</published>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(urls.entry(entry.reference))}"/>`,
      `    <category term="${xmlText(entry.status)}"/>`,
      ...entry.provisions.map((p) => `    <category term="${xmlText(p)}" scheme="${xmlText(`${urls.base}/enforcement/provisions`)}"/>`),
      `    <summary type="text">${xmlText(`${update.date}: ${update.text}`)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
