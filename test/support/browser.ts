import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, ensureChromium } from '../../scripts/services/chromium';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Where the browser tests save screenshots of the main pages (git-ignored with .godocker/). */
export const screenshotDir = path.join(repoRoot, '.godocker', 'screenshots');

/** Launches Debian's headless Chromium (installed by apt when missing). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await ensureChromium((line) => console.log(line));
  return chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS], headless: true });
}

/** A page of its own (fresh storage) that records every console error and uncaught exception. */
export interface WatchedPage {
  page: Page;
  /** Console errors and page errors so far, minus those the test said to expect. */
  errors: () => string[];
  /** Declares console errors this test provokes on purpose (e.g. the 404 of another's job). */
  expect: (pattern: RegExp) => void;
  close: () => Promise<void>;
}

/** Opens a page on `baseUrl` in a new browser context, sized like a laptop or a phone. */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  size: 'laptop' | 'phone' = 'laptop',
): Promise<WatchedPage> {
  const viewport = size === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 900 };
  const context = await browser.newContext({ baseURL: baseUrl, viewport, acceptDownloads: true });
  const page = await context.newPage();
  const seen: string[] = [];
  const expected: RegExp[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error')
      seen.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  return {
    page,
    errors: () => seen.filter((line) => !expected.some((pattern) => pattern.test(line))),
    expect: (pattern) => void expected.push(pattern),
    close: () => context.close(),
  };
}

/** Saves a full-page screenshot as .godocker/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Logs in through the login form and waits for the jobs page. */
export async function logInThroughUi(
  page: Page,
  username: string,
  password: string,
): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
}

/** One rule axe-core found broken on a page, with the elements that break it. */
export interface AccessibilityViolation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2 A and AA rules) on the page as it is now. The script is evaluated through
 * the DevTools protocol, so the page's strict CSP stays in force for its own code.
 */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const found = await page.evaluate<
    Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>
  >(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((result) => result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })),
      })))`);
  return found.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.flatMap((n) => n.target),
  }));
}
