import { describe, expect, it } from '@jest/globals';
import { EmailRenderer } from './email-renderer.js';
import { EMAIL_TEMPLATES, EMAIL_TEMPLATE_NAMES } from './email-templates.js';

const renderer = new EmailRenderer({ serviceName: 'Online safety enforcement', contactEmail: 'enforcement@example.test', baseUrl: 'https://enforcement.example.test/' });

describe('email templates', () => {
  it.each(EMAIL_TEMPLATE_NAMES)('renders %s with its sample data as a subject, an HTML page and a plain-text alternative', (name) => {
    const email = renderer.render(name, EMAIL_TEMPLATES[name].sample);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.subject).not.toMatch(/\{\{|undefined|\n/);
    expect(email.html).toMatch(/^<!DOCTYPE html>/);
    expect(email.html).toContain(`<title>${email.subject.replace(/&/g, '&amp;')}</title>`);
    expect(email.html).toContain('Online safety enforcement');
    expect(email.html).not.toMatch(/\{\{|undefined|\[object Object\]/);
    expect(email.text).not.toMatch(/<[a-z][^>]*>|\{\{|undefined|&amp;|&#x27;/);
    expect(email.text).toContain('Do not reply to it');
  });

  it('turns legal dates into words and paths into links to the service', () => {
    const email = renderer.render('deadline_reminder', EMAIL_TEMPLATES.deadline_reminder.sample);
    expect(email.subject).toBe('Reminder: Response to the information notice is due on 28 May 2026 (OSA-2026-0042)');
    expect(email.html).toContain('href="https://enforcement.example.test/cases/8b0f5a52-6c1e-4c3b-9a3e-2f1d7a9c4e10"');
    expect(email.text).toContain('in 3 days');
    expect(email.text).toContain('25 May 2026 is a bank holiday');
    const tomorrow = renderer.render('deadline_reminder', { ...EMAIL_TEMPLATES.deadline_reminder.sample, daysRemaining: 1 });
    expect(tomorrow.text).toContain('in 1 day.');
  });

  it('gives the provider a link to the portal, not the document', () => {
    const email = renderer.render('notice_issued', EMAIL_TEMPLATES.notice_issued.sample);
    expect(email.html).toContain('href="https://enforcement.example.test/provider/notices/1f3c2a9e-8d7b-4c6a-9e2f-0a1b2c3d4e5f"');
    expect(email.text).toContain('You must respond by 28 May 2026.');
  });

  it('escapes what people typed in the HTML and keeps it readable in the text', () => {
    const email = renderer.render('case_update', {
      ...EMAIL_TEMPLATES.case_update.sample,
      headline: 'Reply from <script>alert(1)</script> & Co',
      paragraphs: ['<img src=x onerror=alert(2)>'],
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(email.text).toContain('Reply from <script>alert(1)</script> & Co');
    expect(email.subject).toBe('Reply from <script>alert(1)</script> & Co (OSA-2026-0042)');
  });

  it('never links anywhere but http(s)', () => {
    const email = renderer.render('case_update', { ...EMAIL_TEMPLATES.case_update.sample, link: 'javascript:alert(1)' });
    expect(email.html).not.toContain('javascript:');
    expect(email.html).toContain('href="https://enforcement.example.test/"');
  });

  it('refuses an unknown template or one missing required data', () => {
    expect(() => renderer.render('no_such_email', {})).toThrow(/no email template named "no_such_email"/);
    const { caseReference: _omitted, ...rest } = EMAIL_TEMPLATES.case_update.sample;
    expect(() => renderer.render('case_update', rest)).toThrow(/needs caseReference/);
  });
});
