import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from 'playwright-core';

/** Debian's Chromium (scripts/ensure-deps.sh installs it); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** WCAG 2.2 AA, as axe-core tags it. */
export const ACCESSIBILITY_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/**
 * One headless Chromium per test file. Playwright gives each launch a fresh temporary profile
 * (user-data-dir); the flags keep Chromium off the network, which this machine does not have.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new browser context (its own cookies: one person) whose relative URLs go to the test server.
 * Options pass through, e.g. `{ javaScriptEnabled: false }`.
 */
export async function newVisitor(browser: Browser, baseUrl: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', timezoneId: 'Europe/London', ...options });
  const page = await context.newPage();
  return { context, page };
}

const slug = (label: string): string =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100) || 'page';

/** Saves a full-page screenshot to test-results/screenshots/<label>.png and returns its path. */
export async function screenshot(page: Page, label: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${slug(label)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Violations as a person reads them: rule, impact, what to fix, and where. */
export function describeViolations(url: string, violations: AxeViolation[]): string {
  const lines = [`${violations.length} accessibility violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}  ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 5)) {
      lines.push(`    at ${node.target.map(String).join(' ')}: ${node.html.slice(0, 200)}`);
      if (node.failureSummary) lines.push(`      ${node.failureSummary.replace(/\n/g, '\n      ')}`);
    }
    if (v.nodes.length > 5) lines.push(`    …and ${v.nodes.length - 5} more`);
  }
  return lines.join('\n');
}

/**
 * Runs axe-core (WCAG 2.2 AA tags) on the page as it is now, saves a screenshot, and throws with a
 * readable list if anything is violated.
 */
export async function expectAccessible(page: Page, label: string): Promise<string> {
  const results = await new AxeBuilder({ page }).withTags(ACCESSIBILITY_TAGS).analyze();
  const shot = await screenshot(page, label);
  if (results.violations.length > 0) {
    throw new Error(`${describeViolations(page.url(), results.violations as AxeViolation[])}\nScreenshot: ${shot}`);
  }
  return shot;
}

/** Opens a path, then checks the page it lands on for accessibility (and screenshots it). */
export async function visit(page: Page, path: string, label: string = path): Promise<Response | null> {
  const response = await page.goto(path);
  await expectAccessible(page, label);
  return response;
}
