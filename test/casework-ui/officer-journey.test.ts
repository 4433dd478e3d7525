import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_CASES, DemoCaseSeeder } from '@app/demo';
import { bootTestApp, type TestApp } from '@app/testing';
import { expectAccessible, launchBrowser, newVisitor } from '../support/browser.js';
import { errorSummaryMessages, heading, pathOf, signIn, signOut, successBanner } from '../support/web-pages.js';

const JOURNEY_CASE = DEMO_CASES.find((c) => c.key === 'c8') as (typeof DEMO_CASES)[number];

/**
 * Issue 4's definition of done, in a real browser: an officer takes the demo assessment case (NCII, on
 * a mirror domain) to a confirmation decision and closure, with a decision-maker taking the
 * decisions; every page is checked with axe and the case page is photographed at each stage.
 */
describe('an officer takes a demo case from assessment to a confirmation decision and closure', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let caseUrl = '';
  let caseId = '';
  let step = 0;

  const api = async (as: string, path: string) => t.http().get(path).set('Authorization', `Bearer ${await t.token(as)}`);

  /** Checks the page with axe and saves its screenshot (test-results/screenshots/). */
  const checked = async (label: string): Promise<void> => {
    step += 1;
    await expectAccessible(page, `journey ${String(step).padStart(2, '0')} ${label}`);
  };

  const signInAs = async (email: string): Promise<void> => {
    if (pathOf(page) !== '/sign-in') await signOut(page);
    await signIn(page, email);
    expect(pathOf(page)).toBe('/dashboard');
    await page.goto(caseUrl);
    await checked(`case page as ${email.split('@')[0]}`);
  };

  /** Opens the form of an action from the case page, fills it in, sends it, and lands back on the case. */
  const act = async (action: string, fill: () => Promise<void>): Promise<void> => {
    await page.getByRole('button', { name: action, exact: true }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe(action);
    await checked(`${action} form`);
    await fill();
    await page.locator('form[method="post"] button[type="submit"]').filter({ hasText: action }).click();
    await page.waitForLoadState('load');
    const problems = await errorSummaryMessages(page);
    if (problems.length > 0) throw new Error(`${action} was refused: ${problems.join(' | ')}`);
    expect(pathOf(page)).toBe(new URL(caseUrl, t.baseUrl).pathname);
    expect(await successBanner(page)).toBe(`${action}: done`);
    await checked(`case after ${action}`);
  };

  const stateShown = async (): Promise<string> => (await page.locator('#summary + .govuk-summary-list .govuk-tag').first().innerText()).trim();

  beforeAll(async () => {
    [t, browser] = await Promise.all([bootTestApp(), launchBrowser()]);
    await t.app.get(DemoCaseSeeder).seed();
    ({ context, page } = await newVisitor(browser, t.baseUrl));
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('opens the demo assessment case from the case list', async () => {
    await signIn(page, 'officer@demo.test');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Cases', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe('Cases');
    await checked('case list');
    await page.getByLabel('Harm').selectOption('ncii');
    await page.getByLabel('State').selectOption('assessment');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForLoadState('load');
    await checked('case list filtered');
    const rows = page.locator('tbody .govuk-table__row');
    expect(await rows.count()).toBe(1);
    await rows.first().getByRole('link').click();
    await page.waitForLoadState('load');
    expect(await heading(page)).toBe(JOURNEY_CASE.title);
    caseUrl = pathOf(page);
    caseId = caseUrl.split('/').pop() as string;
    expect(await stateShown()).toBe('Assessment');
    await checked('demo assessment case');
  });

  it('opens an investigation, issues an information notice and records the response (case officer)', async () => {
    await act('Open an investigation', async () => {
      await page.locator('#data-provisions').fill('Section 10(2)\nSection 10(3)(b)');
      await page.locator('#data-summary').fill('The mirror serves the same albums as the site that blocked UK users.');
    });
    expect(await stateShown()).toBe('Investigation');

    await act('Issue an information notice', async () => {
      expect(await page.locator('#letter-recipient-organisationName').inputValue()).toBe('Operator of Peepvault');
      expect(await page.locator('#data-recipientEmail').inputValue()).toBe('abuse@peepvault.example');
      await page.locator('#data-responseDays').fill('14');
      await page.locator('#letter-requirements-0-item').fill('Who operates peep-vault.example');
      await page.locator('#letter-requirements-0-detail').fill('The legal name and address of the operator.');
      await page.locator('#letter-requirements-1-item').fill('How removal requests are handled on the mirror');
      await page.locator('#letter-reasons').fill('Intimate images removed from peepvault.example are available again on peep-vault.example.');
      await page.locator('#letter-responseForm').fill('Answer in writing through the provider portal.');
    });
    const notice = page.locator('.govuk-summary-card').filter({ hasText: 'Response to the information notice' });
    await expect(notice.locator('.govuk-tag').innerText()).resolves.toBe('Running');
    await notice.getByText('How this date was worked out').click();
    await expect(notice.locator('.govuk-details__text li').count()).resolves.toBeGreaterThan(2);

    await act('Record a response to an information notice', async () => {
      await page.locator('#data-noticeId').selectOption({ index: 1 });
      await page.locator('#data-summary').fill('The operator named a company and says removals take two days.');
    });
    await expect(notice.locator('.govuk-tag').innerText()).resolves.toBe('Met');
  });

  it('issues the provisional notice (decision-maker)', async () => {
    await signInAs('decider@demo.test');
    await act('Issue a provisional notice of contravention', async () => {
      await page.locator('#data-representationsWorkingDays').fill('10');
      await page.locator('#letter-contraventions-0-provision').fill('Section 10(3)(b)');
      await page.locator('#letter-contraventions-0-duty').fill('the duty to swiftly take down illegal content once aware of it');
      await page.locator('#letter-contraventions-0-reasons').fill('Images removed after reports reappear on the mirror within days.');
    });
    expect(await stateShown()).toBe('Provisional notice');
  });

  it('records the representations (case officer)', async () => {
    await signInAs('officer@demo.test');
    await act('Record representations', async () => {
      await page.locator('#data-summary').fill('The operator says the mirror is run by someone else.');
    });
  });

  it('refuses a decision that does not say the representations were considered, with the reason', async () => {
    await signInAs('decider@demo.test');
    await page.getByRole('button', { name: 'Issue a confirmation decision', exact: true }).click();
    await page.waitForLoadState('load');
    await page.locator('#data-stepsRequired').fill('Remove reported intimate images within 48 hours.');
    await page.locator('#data-stepsWithin').fill('10');
    await page.locator('#letter-contraventions-0-provision').fill('Section 10(3)(b)');
    await page.locator('#letter-contraventions-0-duty').fill('the duty to swiftly take down illegal content once aware of it');
    await page.locator('#letter-contraventions-0-findings').fill('Images reappeared within days.');
    await page.locator('#letter-representations-summary').fill('We considered what the operator said.');
    await page.getByRole('button', { name: 'Issue a confirmation decision', exact: true }).click();
    await page.waitForLoadState('load');
    const messages = await errorSummaryMessages(page);
    expect(messages[0]).toMatch(/^The representations period runs until \d{4}-\d{2}-\d{2}\. The provider's representations were received: record that they were considered/);
    // The guard names the field that satisfies it: the summary links to it and the message stands beside it.
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#data-representationsConsidered');
    expect(await page.locator('[id="data.representationsConsidered-error"]').innerText()).toContain('The representations period runs until');
    await checked('confirmation decision refused');
    await page.goto(caseUrl);
  });

  it('issues the confirmation decision with the representations considered (decision-maker)', async () => {
    await act('Issue a confirmation decision', async () => {
      await page.getByLabel('Yes', { exact: true }).check();
      await page.locator('#data-stepsRequired').fill('Remove reported intimate images within 48 hours and keep a record of each removal.');
      await page.locator('#data-stepsWithin').fill('10');
      await page.getByLabel('Working days', { exact: true }).check();
      await page.locator('#data-penaltyPence').fill('1,500,000');
      await page.locator('#data-paymentDays').fill('30');
      await page.locator('#letter-contraventions-0-provision').fill('Section 10(3)(b)');
      await page.locator('#letter-contraventions-0-duty').fill('the duty to swiftly take down illegal content once aware of it');
      await page.locator('#letter-contraventions-0-findings').fill('Images removed after reports reappeared on the mirror within days.');
      await page.locator('#letter-representations-summary').fill('The operator said the mirror is run by someone else. The mirror uses the same upload system and payment account, so we do not accept that.');
      await page.locator('#letter-penalty-reasons').fill('The harm to survivors is serious.\nThe operator moved the content instead of removing it.');
    });
    expect(await stateShown()).toBe('Confirmation decision');
    for (const deadline of ['Compliance with the requirements of the confirmation decision', 'Payment of the penalty']) {
      await expect(page.locator('.govuk-summary-card').filter({ hasText: deadline }).locator('.govuk-tag').innerText()).resolves.toBe('Running');
    }
  });

  it('confirms compliance, which closes the case (case officer)', async () => {
    await signInAs('officer@demo.test');
    await act('Confirm compliance and close', async () => {
      await page.locator('#data-summary').fill('The mirror removes reported images within 48 hours; the penalty was paid.');
      await page.locator('#letter-reasons').fill('Our checks found reported images removed within 48 hours.\nThe penalty was paid in full.');
    });
    expect(await stateShown()).toBe('Closed');
    expect(await page.locator('main').innerText()).toContain('Closed: the provider complied with the confirmation decision');
  });

  it('explains every date, keeps every step in the verified audit chain, and emailed each notice exactly once', async () => {
    const deadlines = (await api('analyst@demo.test', `/api/v1/cases/${caseId}/deadlines`)).body as { kind: string; status: string; explanation: string[] }[];
    expect(deadlines.map((d) => d.kind).sort()).toEqual(['compliance', 'information_notice_response', 'penalty_payment', 'representations']);
    for (const d of deadlines) {
      expect(d.explanation.length).toBeGreaterThan(1);
      expect(['met', 'met_late', 'cancelled']).toContain(d.status);
    }

    const events = (await api('analyst@demo.test', `/api/v1/cases/${caseId}/events`)).body as { event: string; subjectType: string; hash: string; prevHash: string }[];
    const steps = events.filter((e) => e.subjectType === 'case' && e.event !== 'document_issued').map((e) => e.event);
    expect(steps).toEqual([
      'create',
      'link_case',
      'open_investigation',
      'issue_information_notice',
      'record_information_response',
      'issue_provisional_notice',
      'record_representations',
      'issue_confirmation_decision',
      'confirm_compliance',
    ]);
    for (const [i, e] of events.entries()) if (i > 0) expect(e.prevHash).toBe(events[i - 1]?.hash);
    const verify = (await api('admin@demo.test', '/api/v1/audit/verify')).body;
    expect(verify).toMatchObject({ ok: true, firstBrokenSeq: null });

    const documents = (await api('analyst@demo.test', `/api/v1/documents?caseId=${caseId}`)).body as { id: string; template: string }[];
    expect(documents.map((d) => d.template).sort()).toEqual(['closure_letter', 'confirmation_decision', 'information_notice', 'provisional_notice']);
    const outbox = (await api('decider@demo.test', `/api/v1/outbox?caseId=${caseId}&limit=500`)).body.items as { id: string; to: string; template: string }[];
    expect(outbox).toHaveLength(documents.length);
    const documentIds: string[] = [];
    for (const message of outbox) {
      expect(message).toMatchObject({ to: 'abuse@peepvault.example', template: 'notice_issued' });
      const full = (await api('decider@demo.test', `/api/v1/outbox/${message.id}`)).body as { idempotencyKey: string };
      documentIds.push(full.idempotencyKey.split(':document:')[1] as string);
    }
    expect(documentIds.sort()).toEqual(documents.map((d) => d.id).sort());

    // The closed case, as a person sees it: its documents and its whole timeline.
    await page.goto(caseUrl);
    await checked('closed case');
    const main = await page.locator('main').innerText();
    for (const title of ['Information notice', 'Provisional notice of contravention', 'Confirmation decision', 'Closure letter']) expect(main).toContain(title);
    await page.getByRole('link', { name: /^Confirmation decision/ }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('body').innerText()).toContain('£1,500,000');
  });
});
