import { copyFileSync, mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HOSTILE_SAMPLES } from '../../src/chat/console/samples.ts';
import { type DeskProcess, PROJECT_ROOT, startDeskProcess } from '../support/desk-process.ts';
import { browserTestsSkipped, deskContext, launchBrowser, screenshot } from '../support/browser.ts';
import { openAs, waitCard, waitLive } from './console-page.ts';

/**
 * The first minutes of a new user, in a real browser: `npm start` with no credentials at all (the
 * example configuration, an embedded database in memory, no Slack, no Teams, no INGEST_SECRET), the
 * address it prints, samples from "Try it" through the signed webhook, a drill and its board, /kpi,
 * and the operator's view. The README's screenshots come from here.
 */
describe.skipIf(browserTestsSkipped())('the console from npm start in Chromium', () => {
  let desk: DeskProcess;
  let url: string;
  let browser: Browser;
  let contexts: { context: BrowserContext; blocked: string[] }[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    desk = await startDeskProcess({ DATABASE_URL: 'memory://' });
    await desk.waitForLog((l) => /^Open http:\/\/\S+ /.test(l.msg ?? ''), 'the line saying where the console is');
    url = /^Open (http:\/\/\S+) /.exec(desk.logs.find((l) => /^Open http/.test(l.msg ?? ''))!.msg!)![1]!;
  });
  afterEach(async () => {
    const blocked = contexts.flatMap((c) => c.blocked);
    await Promise.all(contexts.map((c) => c.context.close()));
    contexts = [];
    expect(blocked, 'requests to anywhere but the desk').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    if (desk) expect((await desk.stop()).code).toBe(0);
  });

  async function person(): Promise<BrowserContext> {
    const dc = await deskContext(browser, [url]);
    contexts.push(dc);
    return dc.context;
  }

  const cardCount = (page: Page) => page.locator('[data-testid="card"]').count();
  /** Waits until the page shows exactly `n` cards (they arrive through the live stream). */
  const waitForCards = (page: Page, n: number) => page.waitForFunction((count) => document.querySelectorAll('[data-testid="card"]').length === count, n);

  /** Sends samples from the Try it page and waits for its answer. */
  async function sendSamples(tryPage: Page, set: string, count: number): Promise<void> {
    await tryPage.locator(`#sample-set-${set}`).check();
    await tryPage.locator(`#sample-count-${count}`).check();
    await tryPage.locator('[data-testid="sample-send"]').click();
    // "5 samples sent, 5 stored." or, for a German-speaking member, "5 Beispiele gesendet, 5 gespeichert."
    await tryPage.locator('[data-testid="toast"][data-kind="ok"]', { hasText: new RegExp(`^${count} \\S+ \\S+, ${count} \\S+\\.$`) }).waitFor();
  }

  it('says where to open it, and opens on an empty inbox that points to Try it', async () => {
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    const page = await (await person()).newPage();
    const response = await page.goto(`${url}/`);
    expect(response?.status()).toBe(200);
    await page.locator('[data-testid="inbox-empty"]').waitFor();
    expect(await cardCount(page)).toBe(0);
    expect(await page.locator('[data-testid="team-column"]').count()).toBeGreaterThan(0);
    await page.locator('[data-testid="inbox-empty"] a', { hasText: 'Try it' }).click();
    await page.waitForURL(`${url}/try`);
    await page.locator('[data-testid="sample-send"]').waitFor();
    await page.locator('[data-testid="crisis-board-empty"]').waitFor();
  });

  it('sends samples through the webhook: they appear live in an open inbox, and one can be claimed', async () => {
    const context = await person();
    const inbox = await openAs(context, url, 'deniz', 'Deniz');
    const tryPage = await context.newPage();
    await tryPage.goto(`${url}/try`);
    await waitLive(tryPage);
    await sendSamples(tryPage, 'mixed', 10);

    await waitForCards(inbox, 10);
    await inbox.locator('[data-testid="inbox-empty"]').waitFor({ state: 'hidden' });
    const texts = await inbox.locator('[data-testid="card-text"]').allTextContents();
    expect(texts.every((t) => t.trim().length > 0)).toBe(true);
    const first = inbox.locator('[data-testid="card"][data-status="open"]:has([data-testid="card-claim"])').first();
    const commentId = (await first.getAttribute('data-comment-id'))!;
    await first.locator('[data-testid="card-claim"]').click();
    await waitCard(inbox, commentId, 'claimed', 'Claimed by Deniz Yilmaz');
    await screenshot(inbox, 'inbox', { fullPage: false });
    await screenshot(inbox, 'inbox-full');
  });

  it('shows hostile samples as text, runs none of their markup, and loads nothing from elsewhere', async () => {
    const context = await person();
    const inbox = await openAs(context, url, 'deniz', 'Deniz');
    const before = await cardCount(inbox);
    const tryPage = await context.newPage();
    await tryPage.goto(`${url}/try`);
    await sendSamples(tryPage, 'hostile', 10);
    await waitForCards(inbox, before + 10);

    const check = async () => {
      const texts = await inbox.locator('[data-testid="card-text"]').allTextContents();
      const authors = await inbox.locator('[data-testid="card-author"]').allTextContents();
      // Markup, Markdown and Slack mrkdwn come out as the characters they are (bidi controls are
      // taken out on purpose, and the long one is cut: those two are not compared here).
      for (const sample of HOSTILE_SAMPLES.filter((s) => /^[\x20-\x7e]{1,300}$/.test(s.text))) {
        expect(texts.some((t) => t.includes(sample.text)), sample.text).toBe(true);
      }
      expect(authors).toContain('<script>alert(1)</script>');
      expect(authors).toContain('<img src=x onerror=alert(1)>');
      // Nothing of theirs became an element: no script, image, link, style or svg inside any card text.
      expect(await inbox.locator('[data-testid="card-text"] :is(script, img, a, style, svg, b, em, code)').count()).toBe(0);
      expect(await inbox.locator('[data-testid="card-author"] :is(script, img, a, svg)').count()).toBe(0);
      expect(await inbox.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
    };
    await check(); // placed by the page script from the live stream
    await inbox.reload();
    await check(); // rendered by the server
  });

  it('starts a drill from Try it: the answer, the board on this page and live on another, and its buttons', async () => {
    const watcher = await openAs(await person(), url, 'deniz', 'Deniz', '/try');
    await watcher.locator('[data-testid="crisis-board-empty"]').waitFor();
    const tryPage = await openAs(await person(), url, 'ben', 'Ben', '/try');

    await tryPage.locator('[data-testid="command-crisis-drill"]').click();
    await tryPage.locator('#command-answer', { hasText: 'Recall: plastic fragments in granola bars' }).waitFor();
    // No chat platform on this desk: the answer and the board say the board is the room.
    await tryPage.locator('#command-answer [data-testid="crisis-no-room-note"]').waitFor();
    await tryPage.locator('[data-testid="crisis-board"] [data-testid="crisis-no-room"]').waitFor();
    const board = tryPage.locator('[data-testid="crisis-board"][data-crisis-status="active"]');
    await board.waitFor();
    expect(await board.locator('[data-testid="crisis-kind"]').textContent()).toMatch(/drill/i);
    // The other page follows without a reload.
    await watcher.locator('[data-testid="crisis-board"][data-crisis-status="active"]').waitFor();

    await board.locator('[data-testid="crisis-ack"]').click();
    await tryPage.locator('[data-testid="crisis-board"] .roster li', { hasText: /✅ @?Ben Meyer/ }).first().waitFor();
    const step = tryPage.locator('[data-testid="crisis-step-done"]').first();
    const stepId = (await step.getAttribute('data-step-id'))!;
    await step.click();
    await tryPage.locator(`[data-testid="crisis-board"] li.step.done[data-step-id="${stepId}"]`).waitFor();
    await watcher.locator(`[data-testid="crisis-board"] li.step.done[data-step-id="${stepId}"]`).waitFor();
    await screenshot(tryPage, 'try-it');

    // The watcher switches the page to German (the select sends itself): the board follows.
    await watcher.locator('#lang-select').selectOption('de');
    await watcher.locator('html[lang="de"]').waitFor({ state: 'attached' });
    await watcher.locator('[data-testid="crisis-board"] h3', { hasText: 'Checkliste' }).waitFor();
  });

  it('answers /kpi with the digest and its chart', async () => {
    const tryPage = await openAs(await person(), url, 'ben', 'Ben', '/try');
    await tryPage.locator('[data-testid="command-kpi"]').click();
    const chart = tryPage.locator('#command-answer [data-testid="kpi-chart"] svg');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toBeTruthy();
    await screenshot(tryPage, 'try-it-kpi');
  });

  it('shows the operator\'s view, and keeps screenshots of the main views', async () => {
    const context = await person();
    const inbox = await openAs(context, url, 'ops', 'Desk Admin');
    await inbox.locator('[data-testid="card"][data-status="claimed"]').first().waitFor();
    await screenshot(inbox, 'inbox-after-all');

    const operator = await context.newPage();
    await operator.goto(`${url}/operator`);
    for (const id of ['op-config', 'op-channels', 'op-outbox', 'op-jobs', 'op-figures']) await operator.locator(`[data-testid="${id}"]`).waitFor();
    await screenshot(operator, 'operator');

    // The README shows two of them; UPDATE_DOCS_SCREENSHOTS=1 refreshes its copies (a plain test run
    // leaves git clean).
    if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
      const docs = `${PROJECT_ROOT}docs/screenshots/`;
      mkdirSync(docs, { recursive: true });
      copyFileSync(screenshotPath('inbox'), `${docs}inbox.png`);
      copyFileSync(screenshotPath('try-it'), `${docs}try-it.png`);
    }
  });
});

function screenshotPath(name: string): string {
  return `${PROJECT_ROOT}test-artifacts/screenshots/${name}.png`;
}
