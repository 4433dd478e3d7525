import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { EMAIL_TEMPLATES, isEmailTemplateName, type EmailTemplateData, type EmailTemplateName } from './email-templates.js';
import { absoluteUrl, dateTime, longDate } from './formatting.js';
import { emailViewsDir } from './views-dir.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailBranding {
  serviceName: string;
  /** Where people may write about an email they did not expect. */
  contactEmail: string;
  /** Root of the service's links, e.g. https://enforcement.example.gov.uk */
  baseUrl: string;
}

interface CompiledEmail {
  subject: Handlebars.TemplateDelegate;
  html: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** Splits `---\nsubject: ...\n---\n` from the body of an email template. */
function parseFrontMatter(source: string, file: string): { subject: string; body: string } {
  const match = FRONT_MATTER.exec(source);
  const subject = match?.[1]
    ?.split(/\r?\n/)
    .map((line) => /^subject:\s*(.+)$/.exec(line)?.[1])
    .find((value) => value !== undefined);
  if (!match || !subject) throw new Error(`${file} must start with front matter naming its subject (---\\nsubject: ...\\n---)`);
  return { subject: subject.trim(), body: source.slice(match[0].length) };
}

/**
 * Renders the emails in apps/server/views/emails: HTML (escaped by default, inside the shared
 * layout), a plain-text alternative and the subject. Templates are compiled once and cached.
 */
export class EmailRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<EmailTemplateName, CompiledEmail>();
  private readonly layouts: { html: Handlebars.TemplateDelegate; text: Handlebars.TemplateDelegate };

  constructor(
    private readonly branding: EmailBranding,
    private readonly dir: string = emailViewsDir(),
  ) {
    const hb = this.handlebars;
    hb.registerHelper('longDate', (value: unknown) => longDate(value));
    hb.registerHelper('dateTime', (value: unknown) => dateTime(value));
    hb.registerHelper('absoluteUrl', (link: unknown) => absoluteUrl(branding.baseUrl, link));
    hb.registerHelper('plural', (count: unknown, one: string, many: string) => (Number(count) === 1 ? one : many));
    this.layouts = {
      html: hb.compile(this.read('layout.hbs')),
      text: hb.compile(this.read('layout.txt.hbs'), { noEscape: true }),
    };
  }

  render<T extends EmailTemplateName>(template: T, data: EmailTemplateData[T]): RenderedEmail;
  render(template: string, data: object): RenderedEmail;
  render(template: string, data: object): RenderedEmail {
    if (!isEmailTemplateName(template)) throw new Error(`There is no email template named "${template}"`);
    const missing = (EMAIL_TEMPLATES[template].required as string[]).filter((field) => {
      const value = (data as Record<string, unknown>)[field];
      return value === undefined || value === null || value === '';
    });
    if (missing.length > 0) throw new Error(`The email "${template}" needs ${missing.join(', ')}`);
    const compiled = this.compile(template);
    const context = { ...data, serviceName: this.branding.serviceName, contactEmail: this.branding.contactEmail };
    const subject = compiled.subject(context).replace(/\s+/g, ' ').trim();
    const withSubject = { ...context, subject };
    return {
      subject,
      html: this.layouts.html({ ...withSubject, body: compiled.html(withSubject).trim() }),
      text: `${this.layouts.text({ ...withSubject, body: compiled.text(withSubject).trim() }).trim()}\n`,
    };
  }

  private compile(template: EmailTemplateName): CompiledEmail {
    const cached = this.compiled.get(template);
    if (cached) return cached;
    const file = `${template}.hbs`;
    const { subject, body } = parseFrontMatter(this.read(file), file);
    const compiled: CompiledEmail = {
      subject: this.handlebars.compile(subject, { noEscape: true }),
      html: this.handlebars.compile(body),
      text: this.handlebars.compile(this.read(`${template}.txt.hbs`), { noEscape: true }),
    };
    this.compiled.set(template, compiled);
    return compiled;
  }

  private read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }
}
