import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { DomainError, type FieldError } from '@app/core';
import { isLegalDate, longDate, money } from './formatting.js';
import {
  CLOSURE_OUTCOME_LABELS,
  DEFAULT_LETTERHEAD,
  LETTER_TEMPLATES,
  LETTER_TEMPLATE_NAMES,
  isLetterTemplateName,
  type ClosureOutcome,
  type LetterTemplateData,
  type LetterTemplateName,
} from './letter-templates.js';
import { lettersViewsDir } from './views-dir.js';

export interface RenderedDocument {
  template: LetterTemplateName;
  /** e.g. "Provisional notice of contravention OSA-2026-0042". */
  title: string;
  /** A complete, self-contained HTML document (its print stylesheet embedded). */
  html: string;
  /** Hex SHA-256 of the UTF-8 bytes of `html`. */
  sha256: string;
}

export interface RenderOptions {
  /** Adds a screen-only banner saying this is a preview, linking back to the list of templates. */
  preview?: { backLink: string };
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Content-Security-Policy source expressions for the <style> elements of a rendered document, so a
 * stored document can be shown with a policy that allows its own stylesheet and nothing else.
 */
export function styleHashSources(html: string): string[] {
  const sources = new Set<string>();
  for (const match of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
    sources.add(`'sha256-${createHash('sha256').update(match[1] ?? '', 'utf8').digest('base64')}'`);
  }
  return [...sources];
}

function valueAt(data: unknown, path: string): unknown[] {
  let values: unknown[] = [data];
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    const key = list ? part.slice(0, -2) : part;
    values = values.flatMap((v) => {
      const next = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      return list ? (Array.isArray(next) ? next : []) : [next];
    });
  }
  return values;
}

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/** Renders letters and notices from apps/server/views/letters. Escapes all data by default. */
export class DocumentRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<LetterTemplateName, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly stylesheet: string;

  constructor(private readonly dir: string = lettersViewsDir()) {
    const hb = this.handlebars;
    hb.registerHelper('longDate', (value: unknown) => longDate(value));
    hb.registerHelper('money', (pence: unknown) => money(pence));
    hb.registerHelper('inc', (index: unknown) => Number(index) + 1);
    hb.registerHelper('outcomeLabel', (outcome: unknown) => CLOSURE_OUTCOME_LABELS[outcome as ClosureOutcome] ?? String(outcome));
    for (const file of readdirSync(join(dir, 'partials'))) {
      if (file.endsWith('.hbs')) hb.registerPartial(file.slice(0, -4), readFileSync(join(dir, 'partials', file), 'utf8'));
    }
    this.layout = hb.compile(readFileSync(join(dir, 'layout.hbs'), 'utf8'));
    // Inside <style>, "</" could only end the element early: the stylesheet is ours, but make sure.
    this.stylesheet = readFileSync(join(dir, 'letter.css'), 'utf8').replace(/<\//g, '<\\/').trim();
  }

  /** The names of every template. */
  names(): LetterTemplateName[] {
    return [...LETTER_TEMPLATE_NAMES];
  }

  /** Checks the data, then renders the document; the same input always gives the same bytes and hash. */
  render<T extends LetterTemplateName>(template: T, data: LetterTemplateData[T], options: RenderOptions = {}): RenderedDocument {
    if (!isLetterTemplateName(template)) {
      throw new DomainError('DOCUMENT_TEMPLATE_NOT_FOUND', `There is no template named "${String(template)}". Use one of: ${LETTER_TEMPLATE_NAMES.join(', ')}.`);
    }
    this.check(template, data);
    const info = LETTER_TEMPLATES[template];
    const title = `${info.title} ${data.caseReference}`;
    const context = { ...data, regulator: data.regulator ?? DEFAULT_LETTERHEAD, title, documentName: info.title };
    const body = this.compiled(template)(context).trim();
    const html = this.layout({ ...context, body, stylesheet: this.stylesheet, preview: options.preview });
    return { template, title, html, sha256: sha256Hex(html) };
  }

  /** Every required field present, every date a real YYYY-MM-DD date; otherwise 422 naming the fields. */
  check(template: LetterTemplateName, data: unknown): void {
    const info = LETTER_TEMPLATES[template];
    const errors: FieldError[] = [];
    if (data === null || typeof data !== 'object') {
      errors.push({ field: 'data', message: 'must be an object' });
    } else {
      for (const path of info.required) {
        if (valueAt(data, path).some(isEmpty)) errors.push({ field: path, message: 'is required' });
      }
      for (const path of info.dates) {
        for (const value of valueAt(data, path)) {
          if (value !== undefined && !isLegalDate(value)) errors.push({ field: path.replace(/\[\]/g, ''), message: 'must be a date written YYYY-MM-DD' });
        }
      }
      if (template === 'confirmation_decision') {
        const decision = data as LetterTemplateData['confirmation_decision'];
        if (isEmpty(decision.requirements) && !decision.penalty) {
          errors.push({ field: 'requirements', message: 'a confirmation decision must require steps, impose a penalty, or both' });
        }
      }
      if (template === 'closure_letter') {
        const outcome = (data as { outcome?: unknown }).outcome;
        if (outcome !== undefined && !(typeof outcome === 'string' && outcome in CLOSURE_OUTCOME_LABELS)) {
          errors.push({ field: 'outcome', message: `must be one of ${Object.keys(CLOSURE_OUTCOME_LABELS).join(', ')}` });
        }
      }
    }
    if (errors.length > 0) {
      throw new DomainError(
        'DOCUMENT_DATA_INCOMPLETE',
        `The ${info.title.toLowerCase()} cannot be issued without: ${errors.map((e) => `${e.field} (${e.message})`).join('; ')}.`,
        { errors },
      );
    }
  }

  private compiled(template: LetterTemplateName): Handlebars.TemplateDelegate {
    let compiled = this.templates.get(template);
    if (!compiled) {
      compiled = this.handlebars.compile(readFileSync(join(this.dir, `${template}.hbs`), 'utf8'));
      this.templates.set(template, compiled);
    }
    return compiled;
  }
}
