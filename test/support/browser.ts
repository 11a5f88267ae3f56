import { accessSync, constants, mkdirSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from 'playwright-core';

/**
 * Real-browser tests drive Debian's Chromium through playwright-core (`npx playwright install` cannot
 * download a browser on the build machines). The browser reaches loopback only: every other host name
 * resolves to nothing, and each context aborts requests to any origin the test did not allow.
 */

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '127.0.0.2'];

/** Where screenshots go (kept out of git; CI may keep the folder as an artifact). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** The browser binary: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/**
 * Whether the browser tests are switched off on purpose (SKIP_BROWSER_TESTS=1). Said loudly: a
 * quiet skip would look like a pass. Without the variable a missing browser is a failure, not a skip.
 */
export function browserTestsSkipped(): boolean {
  if (process.env.SKIP_BROWSER_TESTS !== '1') return false;
  console.warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '!!  SKIP_BROWSER_TESTS=1: the web console\'s browser tests are SKIPPED.',
      '!!  Nothing in test/browser/ ran. Unset it and install Chromium to run them.',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );
  return true;
}

function assertChromiumPresent(path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `The browser tests need Chromium, and there is no executable at ${path}` +
        `${process.env.CHROMIUM_PATH ? ' (from CHROMIUM_PATH)' : ''}. ` +
        'Install it with `sudo apt-get install chromium` (Debian/Ubuntu; .ci/run does this in CI), ' +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary. ' +
        'To skip these tests deliberately, set SKIP_BROWSER_TESTS=1.',
    );
  }
}

export interface LaunchOptions {
  /** IP addresses besides loopback the browser may resolve (the resolver rule maps IP literals too). */
  extraHosts?: string[];
}

/** Starts headless Chromium with no way out but loopback (and `extraHosts`). One per test file. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  assertChromiumPresent(executablePath);
  const exclusions = [...LOOPBACK_HOSTS, ...(options.extraHosts ?? [])].map((h) => ` , EXCLUDE ${h}`).join('');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...BASE_ARGS, `--host-resolver-rules=MAP * ~NOTFOUND${exclusions}`],
    timeout: 30_000,
  });
}

export interface DeskContext {
  context: BrowserContext;
  /** Requests the context refused because they went to an origin the test did not allow. */
  blocked: string[];
}

/**
 * A fresh browser context (own cookies: another person) that lets requests reach only `origins`
 * (e.g. the desk's `http://127.0.0.1:<port>`); everything else is aborted and listed in `blocked`.
 * English and a laptop-sized window unless `options` say otherwise.
 */
export async function deskContext(browser: Browser, origins: string[], options: BrowserContextOptions = {}): Promise<DeskContext> {
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 }, ...options });
  context.setDefaultTimeout(15_000);
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let origin = 'null';
    try {
      origin = new URL(url).origin;
    } catch {
      // Not a URL with an origin: refuse it like any stranger.
    }
    if (allowed.has(origin)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, blocked };
}

/** Saves a screenshot (the whole page unless `fullPage: false`) as test-artifacts/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}

/** An IPv4 address of this machine that is not loopback, if it has one (to be a "remote" visitor). */
export function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('127.')) return a.address;
  }
  return undefined;
}
