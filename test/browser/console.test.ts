import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { Desk } from '../../src/app.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';
import { ConsoleClient } from '../support/console-client.ts';
import { browserTestsSkipped, deskContext, launchBrowser, screenshot } from '../support/browser.ts';
import { card, centreOf, openAs, openLive, waitCard } from './console-page.ts';

/**
 * The inbox in a real browser: what a person sees and does, with the page's own script, live stream
 * and styles. The desk is the real app on PGlite with the Slack stand-in; comments arrive through the
 * signed webhook.
 */
describe.skipIf(browserTestsSkipped())('web console inbox in Chromium', () => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  let browser: Browser;
  let contexts: { context: BrowserContext; blocked: string[] }[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    standIn = await startSlackStandIn();
    database = await createTestDatabase('pglite');
    desk = await startTestDesk({ standIn, db: database.db, env: { CONSOLE_LIVE_POLL_MS: '50' } });
  });
  afterEach(async () => {
    // Nothing a page loaded may come from elsewhere (no external fonts, scripts or images).
    const blocked = contexts.flatMap((c) => c.blocked);
    await Promise.all(contexts.map((c) => c.context.close()));
    contexts = [];
    expect(blocked).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });

  async function person(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const dc = await deskContext(browser, [desk.url], options);
    contexts.push(dc);
    return dc.context;
  }

  async function newComment(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await postComment(desk, genericComment(overrides));
    expect(res.status).toBe(201);
    return res.json.commentId as string;
  }

  const claimedBy = async (commentId: string) =>
    (await desk.db.prisma.event.findMany({ where: { commentId, type: 'claimed' } })).map((e) => e.actorId);

  /** Marks the page so a later check can tell it was not reloaded. */
  const mark = (page: Page) => page.evaluate(() => Object.assign(window, { __notReloaded: true }));
  const stillSamePage = (page: Page) => page.evaluate(() => (window as { __notReloaded?: boolean }).__notReloaded === true);

  it('opens on a fresh start with empty columns, shows a new comment live, and claims it', async () => {
    const page = await openLive(await person(), `${desk.url}/`);
    await page.locator('[data-testid="member-picker"]').waitFor();
    await page.locator('[data-testid="inbox-empty"]').waitFor();
    expect(await page.locator('[data-testid="team-column"]').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-team-id')))).toEqual(['community', 'support', 'legal']);
    expect(await page.locator('[data-testid="count-open"]').allTextContents()).toEqual(['0', '0', '0']);
    expect(await page.locator('[data-testid="card"]').count()).toBe(0);
    // Without a member nothing can be done yet; pick Anna.
    await page.locator('[data-testid="member-select"]').selectOption('anna');
    await page.locator('[data-testid="member-pick"]').click();
    await page.locator('[data-testid="acting-as"]', { hasText: 'Anna' }).waitFor();
    await page.locator('[data-testid="live"][data-state="on"]').waitFor();
    await mark(page);

    const commentId = await newComment({ text: 'Where can I find the recipe from the video?', author: { name: 'Jamie Doe', id: 'UCjamie' } });
    const community = page.locator('[data-testid="team-column"][data-team-id="community"]');
    const arrived = community.locator(`#card-${commentId}[data-status="open"]`);
    await arrived.waitFor();
    expect(await arrived.locator('[data-testid="card-author"]').textContent()).toBe('Jamie Doe');
    expect(await arrived.locator('[data-testid="card-text"]').textContent()).toContain('Where can I find the recipe from the video?');
    await page.locator('[data-testid="inbox-empty"]').waitFor({ state: 'hidden' });
    expect(await community.locator('[data-testid="count-open"]').textContent()).toBe('1');

    await arrived.locator('[data-testid="card-claim"]').click();
    await waitCard(page, commentId, 'claimed', 'Claimed by Anna');
    expect(await community.locator('[data-testid="count-claimed"]').textContent()).toBe('1');
    expect(await community.locator('[data-testid="count-open"]').textContent()).toBe('0');
    expect(await stillSamePage(page)).toBe(true);
    expect(await claimedBy(commentId)).toEqual(['anna']);
  });

  it('shows the holder to a second person at once, without reloading, in their own language', async () => {
    const deniz = await openAs(await person(), desk.url, 'deniz', 'Deniz');
    const anna = await openAs(await person({ locale: 'de-DE' }), desk.url, 'anna', 'Anna');
    await mark(anna);
    const commentId = await newComment({ text: 'Ist das Angebot noch gültig?' });
    await card(deniz, commentId).waitFor();
    await card(anna, commentId).waitFor();

    await card(deniz, commentId).locator('[data-testid="card-claim"]').click();
    await waitCard(deniz, commentId, 'claimed', 'Claimed by Deniz');
    await waitCard(anna, commentId, 'claimed', 'Übernommen von Deniz');
    expect(await stillSamePage(anna)).toBe(true);
    // Anna's card no longer offers to claim it.
    expect(await card(anna, commentId).locator('[data-testid="card-claim"]').count()).toBe(0);
  });

  it('races two people on one card: one holder, the other is told who, both pages agree', async () => {
    const anna = await openAs(await person(), desk.url, 'anna', 'Anna');
    const deniz = await openAs(await person(), desk.url, 'deniz', 'Deniz');
    const commentId = await newComment({ text: 'My parcel never arrived.' });
    const buttons = [anna, deniz].map((p) => card(p, commentId).locator('[data-testid="card-claim"]'));
    await Promise.all(buttons.map((b) => b.waitFor()));
    const [a, d] = await Promise.all(buttons.map(centreOf));
    // Real mouse clicks at measured points on both pages at once: they land within milliseconds.
    await Promise.all([anna.mouse.click(a!.x, a!.y), deniz.mouse.click(d!.x, d!.y)]);

    // A page shows the card claimed only once the claim is stored.
    await Promise.all([anna, deniz].map((p) => p.locator(`#card-${commentId}[data-status="claimed"]`).waitFor()));
    const holders = await claimedBy(commentId);
    expect(holders).toHaveLength(1);
    const winnerId = holders[0];
    const [winner, loser, winnerName] = winnerId === 'anna' ? [anna, deniz, 'Anna'] : [deniz, anna, 'Deniz'];
    // The refusal names the winner. (Its wording is in the member's chat language, not the page's: see the report.)
    await loser.locator('[data-testid="toast"][data-kind="error"]', { hasText: winnerName }).waitFor();
    await waitCard(winner, commentId, 'claimed', `Claimed by ${winnerName}`);
    await waitCard(loser, commentId, 'claimed', `Claimed by ${winnerName}`);
    expect(await claimedBy(commentId)).toEqual([winnerId]);
  });

  it('shows a hostile comment as text, live and after a reload, and runs none of it', async () => {
    const page = await openLive(await person(), `${desk.url}/`);
    const text = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> **not bold**';
    const authorName = '<svg onload="window.__pwned=3">Eve';
    const commentId = await newComment({ text, author: { name: authorName, id: 'eve' } });

    const check = async () => {
      const c = card(page, commentId);
      await c.waitFor();
      expect(await c.locator('[data-testid="card-text"]').textContent()).toContain(text);
      expect(await c.locator('[data-testid="card-author"]').textContent()).toBe(authorName);
      expect(await c.locator('img, script, svg, b, strong:not([data-testid])').count()).toBe(0);
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    };
    await check(); // Placed by the page script from the live stream.
    await page.reload();
    await check(); // Rendered by the server.
  });

  it('can be used with the keyboard: skip link, Tab to a card\'s Claim button, Enter claims', async () => {
    const page = await openAs(await person(), desk.url, 'deniz', 'Deniz');
    const commentId = await newComment({ text: 'Keyboard users welcome?' });
    const claim = card(page, commentId).locator('[data-testid="card-claim"]');
    await claim.waitFor();

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    let presses = 0;
    while (!(await claim.evaluate((b) => b === document.activeElement))) {
      presses += 1;
      expect(presses, 'Tab never reached the Claim button').toBeLessThan(300);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await waitCard(page, commentId, 'claimed', 'Claimed by Deniz');
    expect(await claimedBy(commentId)).toEqual(['deniz']);
    // Focus stays on the card (not thrown back to the top of the page): the next Tab is its Release.
    await page.waitForFunction((id) => document.activeElement?.id === `card-${id}`, commentId);
    await page.keyboard.press('Tab');
    const releaseFocused = () => card(page, commentId).locator('[data-testid="card-release"]').evaluate((b) => b === document.activeElement);
    expect(await releaseFocused()).toBe(true);

    // Someone else changes the card meanwhile (a snooze from another browser): the live update
    // redraws it, and focus stays on the same button instead of jumping to the card.
    await card(page, commentId).evaluate((c) => Object.assign(c, { __before: true }));
    const elsewhere = new ConsoleClient(desk.url);
    await elsewhere.actAs('deniz');
    expect((await elsewhere.post('/console/snooze', { commentId, choice: '1h', reason: 'waiting for the product team' })).status).toBe(200);
    await page.waitForFunction((id) => !(document.getElementById(`card-${id}`) as { __before?: boolean } | null)?.__before, commentId);
    expect(await releaseFocused()).toBe(true);

    await page.keyboard.press('Enter');
    await waitCard(page, commentId, 'open');
  });

  it('keeps a screenshot of the inbox with cards in several states', async () => {
    const page = await openAs(await person(), desk.url, 'anna', 'Anna');
    await card(page, (await newComment({ text: 'Kann ich meine Bestellung noch ändern?' }))).waitFor();
    await page.locator('[data-testid="card"][data-status="claimed"]').first().waitFor();
    await screenshot(page, 'inbox-states');
  });
});
