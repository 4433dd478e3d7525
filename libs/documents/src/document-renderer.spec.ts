import { describe, expect, it } from '@jest/globals';
import { DocumentRenderer, sha256Hex, styleHashSources } from './document-renderer.js';
import { money } from './formatting.js';
import { LETTER_TEMPLATES, LETTER_TEMPLATE_NAMES, type LetterTemplateData, type LetterTemplateName } from './letter-templates.js';

const renderer = new DocumentRenderer();
const sample = <T extends LetterTemplateName>(name: T): LetterTemplateData[T] => structuredClone(LETTER_TEMPLATES[name].sample);
/** The letter's visible text, tags removed and whitespace collapsed, for checking sections in words. */
const words = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** Sections every letter must have, in words the recipient reads. */
const REQUIRED_SECTIONS: Record<LetterTemplateName, (string | RegExp)[]> = {
  information_notice: [
    'What you are required to give us',
    'Why we require it',
    'Legal basis',
    'section 100 of the Online Safety Act 2023',
    'The form of your response',
    'You must respond by 28 May 2026',
    '25 May 2026 (Spring bank holiday) is not a working day.',
    'If you fail to comply',
    'section 102(8)',
    'criminal offences',
  ],
  warning_letter: ['What we found', 'The duties concerned', 'Section 10(3)(b)', 'What we expect you to do', 'Reply by 4 June 2026', 'What happens next', 'not a finding'],
  provisional_notice: [
    'Provisional notice of contravention',
    'section 130 of the Online Safety Act 2023',
    'reasonable grounds to believe',
    'Our reasons:',
    'Steps we propose to require',
    'Penalty we propose',
    'Proposed penalty £2,500,000',
    '£500 a day',
    'Factors that increase the penalty',
    'Factors that reduce the penalty',
    'Your right to make representations',
    'within 20 working days',
    'Representations must reach us by 11 June 2026',
    'oral',
  ],
  confirmation_decision: [
    'Confirmation decision',
    'sections 132 to 137',
    'Steps you must take',
    'Take this step by 28 May 2026',
    'Penalty £2,000,000',
    'Pay the penalty by 12 June 2026',
    '30 calendar days; day 1 is 14 May 2026.',
    '£500 a day from 29 May 2026',
    'Your right to appeal',
    'Upper Tribunal under section 168',
    'business disruption measures',
    'section 149',
  ],
  closure_letter: ['Closure of case OSA-2026-0042', 'Closed: the provider complied with the confirmation decision', 'has closed this case on 20 July 2026', 'Our reasons', 'What happens now', 'may open a new case, or reopen this one'],
};

describe('letters and notices', () => {
  it.each(LETTER_TEMPLATE_NAMES)('renders the %s with its sample data, with every required section', (name) => {
    const document = renderer.render(name, sample(name));
    expect(document.html).toMatch(/^<!DOCTYPE html>/);
    expect(document.title).toBe(`${LETTER_TEMPLATES[name].title} OSA-2026-0042`);
    const text = words(document.html);
    for (const section of REQUIRED_SECTIONS[name]) expect(text).toContain(section);
    // Letterhead, addressee, signature.
    expect(text).toContain('Ofcom');
    expect(text).toContain('Demo Platform Ltd');
    expect(text).toContain('Tom Okafor Director of Enforcement');
    expect(text).not.toMatch(/undefined|\[object Object\]|NaN|\{\{/);
  });

  it.each(LETTER_TEMPLATE_NAMES)('gives the %s the same bytes and hash for the same input, and a different hash for different input', (name) => {
    const first = renderer.render(name, sample(name));
    const second = new DocumentRenderer().render(name, sample(name));
    expect(second.html).toBe(first.html);
    expect(second.sha256).toBe(first.sha256);
    expect(first.sha256).toBe(sha256Hex(first.html));
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    const changed = renderer.render(name, { ...sample(name), caseReference: 'OSA-2026-0043' });
    expect(changed.sha256).not.toBe(first.sha256);
  });

  it.each(LETTER_TEMPLATE_NAMES)('escapes what users typed in the %s', (name) => {
    const data = sample(name);
    data.recipient.organisationName = '<script>alert("pwned")</script> Ltd';
    data.service.name = '<img src=x onerror=alert(1)>';
    const { html } = renderer.render(name, data);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Ltd');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('embeds its print stylesheet: A4, page margins, and nothing but the letter when printed', () => {
    const { html } = renderer.render('warning_letter', sample('warning_letter'));
    expect(html).not.toMatch(/<link|<script|src="http/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(style).toMatch(/@page\s*\{\s*size:\s*A4;\s*margin:/);
    expect(style).toMatch(/@media print\s*\{[\s\S]*\.screen-only[\s\S]*display:\s*none/);
    expect(styleHashSources(html)).toHaveLength(1);
    expect(styleHashSources(html)[0]).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  });

  it('marks a preview on screen only, and a draft information notice as a draft', () => {
    const preview = renderer.render('information_notice', sample('information_notice'), { preview: { backLink: '/documents/templates' } });
    expect(preview.html).toContain('class="preview-banner screen-only"');
    expect(renderer.render('information_notice', sample('information_notice')).html).not.toContain('class="preview-banner');
    const draft = renderer.render('information_notice', { ...sample('information_notice'), draft: true, draftCommentsBy: '2026-05-20' });
    expect(words(draft.html)).toContain('This is a draft. We send it so that you can tell us, by 20 May 2026,');
    expect(draft.html).toContain('class="draft-mark"');
  });

  it('states that no penalty is proposed, and that no steps are required, when none are', () => {
    const { proposedPenalty: _p, proposedSteps: _s, ...rest } = sample('provisional_notice');
    const text = words(renderer.render('provisional_notice', rest).html);
    expect(text).toContain('We do not propose to impose a penalty.');
    expect(text).toContain('We do not propose to require you to take specific steps.');
  });

  it('refuses a document that lacks what the law requires it to say, naming each missing field', () => {
    const { representations: _r, ...noPeriod } = sample('provisional_notice');
    expect(() => renderer.render('provisional_notice', noPeriod as LetterTemplateData['provisional_notice'])).toThrow(
      expect.objectContaining({ code: 'DOCUMENT_DATA_INCOMPLETE', extras: expect.objectContaining({ errors: expect.arrayContaining([{ field: 'representations.dueOn', message: 'is required' }]) }) }),
    );
    const nothingRequired = { ...sample('confirmation_decision'), requirements: [], penalty: undefined };
    expect(() => renderer.render('confirmation_decision', nothingRequired)).toThrow(/must require steps, impose a penalty, or both/);
    const badDate = { ...sample('warning_letter'), deadline: { dueOn: '2026-02-30', explanation: ['x'] } };
    expect(() => renderer.render('warning_letter', badDate)).toThrow(/deadline.dueOn \(must be a date written YYYY-MM-DD\)/);
    expect(() => renderer.render('closure_letter', { ...sample('closure_letter'), outcome: 'vanished' as never })).toThrow(/outcome/);
    expect(() => renderer.render('no_such_letter' as never, {} as never)).toThrow(expect.objectContaining({ code: 'DOCUMENT_TEMPLATE_NOT_FOUND' }));
  });

  it('writes money from integer pence', () => {
    expect(money(1_800_000_000)).toBe('£18,000,000');
    expect(money(1250)).toBe('£12.50');
    expect(money(5)).toBe('£0.05');
    expect(money(123_456_789_012_345_67n)).toBe('£123,456,789,012,345.67');
  });
});
