import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { longDate, sha256Hex } from '@app/documents';
import { GROUND_WORDING } from '../domain/statutory-test.js';
import { COURT_EVENT_LABELS, STATUS_LABELS, THIRD_PARTY_LABELS, VARIATION_STATUS_LABELS } from '../domain/vocabulary.js';
import type { ApplicationDossier } from './disruption-applications.js';

export interface RenderedBundle {
  title: string;
  /** A complete, self-contained HTML document with its print stylesheet embedded. */
  html: string;
  /** Hex SHA-256 of the UTF-8 bytes of `html`. */
  sha256: string;
  generatedAt: string;
}

/** apps/server/views/bundles (printable bundles, not pages), found from this file or from the working directory. */
export function disruptionViewsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i += 1) {
    const candidate = join(dir, 'apps', 'server', 'views', 'bundles');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const fromCwd = resolve(process.cwd(), 'apps', 'server', 'views', 'bundles');
  if (existsSync(fromCwd)) return fromCwd;
  throw new Error('The templates folder apps/server/views/bundles was not found');
}

const words = (value: unknown): string => String(value ?? '').replace(/_/g, ' ');
const dateTime = (value: unknown): string => {
  if (typeof value !== 'string' && !(value instanceof Date)) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${longDate(d.toISOString().slice(0, 10))}, ${d.toISOString().slice(11, 16)} UTC`;
};

/**
 * The application bundle for the court: grounds as the statutory checklist with their evidence,
 * the case's chronology from its audit trail, an evidence index with hashes, the third parties,
 * and the domains and apps covered. Handlebars, every value escaped.
 */
export class BundleRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly template: Handlebars.TemplateDelegate;
  private readonly stylesheet: string;

  constructor(dir: string = disruptionViewsDir()) {
    const hb = this.handlebars;
    hb.registerHelper('longDate', (v: unknown) => longDate(v));
    hb.registerHelper('dateTime', (v: unknown) => dateTime(v));
    hb.registerHelper('words', (v: unknown) => words(v));
    hb.registerHelper('inc', (i: unknown) => Number(i) + 1);
    hb.registerHelper('short', (hash: unknown) => (typeof hash === 'string' ? hash.slice(0, 16) : ''));
    this.template = hb.compile(readFileSync(join(dir, 'disruption-application.hbs'), 'utf8'), { strict: false });
    this.stylesheet = readFileSync(join(dir, 'disruption-application.css'), 'utf8');
  }

  render(dossier: ApplicationDossier, generatedAt: Date): RenderedBundle {
    const { application: a, caseView, chronology, documents } = dossier;
    const title = `Application bundle ${a.reference}`;
    const asserted = new Map(a.grounds.map((g) => [g.ground, g]));
    const evidenceIndex = [
      ...documents.map((d) => ({ kind: 'Document issued on the case', label: d.title, date: d.issuedAt, hash: d.sha256, ref: d.id })),
      ...a.grounds.flatMap((g) =>
        g.evidence.map((e) => ({ kind: `Evidence for ${words(g.ground)}`, label: e.description ? `${e.label}: ${e.description}` : e.label, date: null, hash: e.hash, ref: e.kind === 'audit_event' ? `audit event ${e.ref}` : e.ref })),
      ),
    ];
    const html = this.template({
      title,
      stylesheet: this.stylesheet,
      generatedAt: generatedAt.toISOString(),
      application: { ...a, statusLabel: STATUS_LABELS[a.status].text },
      caseView,
      checklist: a.statutoryTest.checklist
        .filter((c) => c.requirement !== 'not_applicable')
        .map((c) => ({
          ...c,
          wording: GROUND_WORDING[c.ground],
          requirementText: c.requirement === 'required' ? 'Required' : 'One of these is required',
          statement: asserted.get(c.ground)?.statement ?? null,
          evidence: asserted.get(c.ground)?.evidence ?? [],
        })),
      testMet: a.statutoryTest.met,
      missing: a.statutoryTest.missing,
      chronology: chronology.map((e) => ({
        seq: e.seq,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt !== e.occurredAt ? e.recordedAt : null,
        step: words(e.event),
        change: e.fromState && e.toState && e.fromState !== e.toState ? `${words(e.fromState)} to ${words(e.toState)}` : e.toState && !e.fromState ? words(e.toState) : null,
        actor: e.actor,
        reason: e.reason,
        hash: e.hash,
      })),
      evidenceIndex,
      thirdParties: a.thirdParties.map((p) => ({ ...p, kindLabel: THIRD_PARTY_LABELS[p.kind] })),
      courtEvents: a.courtEvents.map((e) => ({ ...e, label: COURT_EVENT_LABELS[e.kind] })),
      variations: a.variations.map((v) => ({ ...v, statusLabel: VARIATION_STATUS_LABELS[v.status].text })),
    });
    return { title, html, sha256: sha256Hex(html), generatedAt: generatedAt.toISOString() };
  }
}
