import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import type { Desk } from '../../src/app.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';
import { browserTestsSkipped, deskContext, launchBrowser, nonLoopbackAddress, screenshot } from '../support/browser.ts';
import { card, openAs, waitCard } from './console-page.ts';

/**
 * Who may open the console, in a real browser: a visitor from another address without
 * CONSOLE_PASSWORD, a sign-in with it, and a page on another site posting a form at the desk.
 */
describe.skipIf(browserTestsSkipped())('web console gate in Chromium', () => {
  // A real visitor from another address: the desk listens on all interfaces and the browser opens it
  // through this machine's own non-loopback address. A machine with loopback only falls back to a
  // request relayed by a proxy (X-Forwarded-For), which the gate treats the same way.
  const outsideAddress = nonLoopbackAddress();
  const password = 'correct horse battery staple';
  let standIn: SlackStandIn;
  const databases: TestDatabase[] = [];
  let open: Desk; // no CONSOLE_PASSWORD
  let guarded: Desk; // with CONSOLE_PASSWORD
  let browser: Browser;
  let contexts: { context: BrowserContext; blocked: string[] }[] = [];

  const outside = (desk: Desk) => (outsideAddress ? desk.url.replace('127.0.0.1', outsideAddress) : desk.url);
  const outsideOptions: BrowserContextOptions = outsideAddress ? {} : { extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.7' } };

  beforeAll(async () => {
    browser = await launchBrowser({ extraHosts: outsideAddress ? [outsideAddress] : [] });
    standIn = await startSlackStandIn();
    const start = async (env: Record<string, string>) => {
      const database = await createTestDatabase('pglite');
      databases.push(database);
      return startTestDesk({ standIn, db: database.db, env: { HOST: '0.0.0.0', CONSOLE_LIVE_POLL_MS: '50', ...env } });
    };
    open = await start({});
    guarded = await start({ CONSOLE_PASSWORD: password });
  });
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.context.close()));
    contexts = [];
  });
  afterAll(async () => {
    await browser?.close();
    await open?.stop();
    await guarded?.stop();
    await Promise.all(databases.map((d) => d.drop()));
    await standIn?.close();
  });

  async function person(origins: string[], options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const dc = await deskContext(browser, origins, options);
    contexts.push(dc);
    return dc.context;
  }

  async function newComment(desk: Desk, text: string): Promise<string> {
    const res = await postComment(desk, genericComment({ text }));
    expect(res.status).toBe(201);
    return res.json.commentId as string;
  }

  it('refuses a visitor from another address when no CONSOLE_PASSWORD is set, and says how to open it', async () => {
    await newComment(open, 'Nur für dieses Gerät sichtbar');
    const page = await (await person([outside(open)], outsideOptions)).newPage();
    const response = await page.goto(`${outside(open)}/`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('[data-testid="refusal"]').textContent()).toContain('CONSOLE_PASSWORD');
    expect(await page.locator('[data-testid="inbox"], [data-testid="card"]').count()).toBe(0);
    expect(await page.content()).not.toContain('Nur für dieses Gerät sichtbar');
    await screenshot(page, 'refused-outside-without-password');
    const script = await page.request.get(`${outside(open)}/console/assets/console.js`, { headers: outsideOptions.extraHTTPHeaders });
    expect(script.status()).toBe(403);

    // The same desk from this machine opens: the refusal is about the address, nothing else.
    const local = await (await person([open.url])).newPage();
    expect((await local.goto(`${open.url}/`))?.status()).toBe(200);
    await local.locator('[data-testid="inbox"]').waitFor();
  });

  it('with CONSOLE_PASSWORD lets a visitor from another address in only after signing in', async () => {
    const commentId = await newComment(guarded, 'Hinter dem Passwort');
    const page = await (await person([outside(guarded)], outsideOptions)).newPage();
    await page.goto(`${outside(guarded)}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.locator('#password').fill('not it');
    await page.locator('#password').press('Enter');
    await page.locator('[data-testid="signin-error"]').waitFor();
    await page.locator('#password').fill(password);
    await page.locator('#password').press('Enter');
    await page.locator('[data-testid="member-picker"]').waitFor();
    await card(page, commentId).waitFor();
  });

  describe('a form on another site posting at the desk', () => {
    let evil: Server;
    let evilUrl: string;
    let target = { commentId: '', csrf: '' };

    beforeAll(async () => {
      // A page on 127.0.0.2 (another site than 127.0.0.1 for the browser) with a harmless-looking button.
      evil = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>Prize</title>
          <form method="post" action="${open.url}/console/act">
            <input type="hidden" name="commentId" value="${target.commentId}">
            <input type="hidden" name="csrf" value="${target.csrf}">
            <button type="submit" name="action" value="claim" id="win">Claim your prize</button>
          </form>`);
      });
      await new Promise<void>((resolve) => evil.listen(0, '127.0.0.2', resolve));
      evilUrl = `http://127.0.0.2:${(evil.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => evil?.close(resolve));
    });

    it('is refused, even with the victim\'s CSRF token in it, and the comment stays open', async () => {
      const commentId = await newComment(open, 'Bitte nicht heimlich übernehmen');
      const victim = await person([open.url, evilUrl]);
      const inbox = await openAs(victim, open.url, 'anna', 'Anna');
      await card(inbox, commentId).waitFor();
      // Suppose the token leaked: the session cookie (SameSite) stays home, so the post arrives without
      // a session and is refused; the origin check would refuse it besides.
      target = { commentId, csrf: (await inbox.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '' };

      const lure = await victim.newPage();
      await lure.goto(`${evilUrl}/`);
      const [answer] = await Promise.all([lure.waitForResponse((r) => r.url() === `${open.url}/console/act`), lure.locator('#win').click()]);
      expect(answer.status()).toBe(403);
      await lure.locator('[data-testid="refusal"]').waitFor();

      expect((await open.db.prisma.event.findMany({ where: { commentId } })).map((e) => e.type)).toEqual(['received']);
      await inbox.reload();
      await waitCard(inbox, commentId, 'open');
      await screenshot(lure, 'refused-cross-site-post');
    });

    // A refused post must not hand out a new session: it would replace the victim's, and they would
    // silently stop acting as their member.
    it('leaves the victim\'s session alone after a refused cross-site post', async () => {
      const commentId = await newComment(open, 'Sitzung bitte behalten');
      const victim = await person([open.url, evilUrl]);
      const inbox = await openAs(victim, open.url, 'anna', 'Anna');
      target = { commentId, csrf: '' };
      const lure = await victim.newPage();
      await lure.goto(`${evilUrl}/`);
      await Promise.all([lure.waitForResponse((r) => r.url() === `${open.url}/console/act`), lure.locator('#win').click()]);
      await inbox.reload();
      expect(await inbox.locator('[data-testid="acting-as"]', { hasText: 'Anna' }).count()).toBe(1);
    });

    // A plain link from another site (a chat web client, a wiki) brings the session cookie along
    // (SameSite=Lax), so the person is still who they picked.
    it('keeps who you are when you follow a link to the console from another site', async () => {
      const victim = await person([open.url, evilUrl]);
      await openAs(victim, open.url, 'anna', 'Anna');
      const elsewhere = await victim.newPage();
      await elsewhere.goto(`${evilUrl}/`);
      await elsewhere.evaluate((href) => {
        const link = Object.assign(document.createElement('a'), { href, id: 'to-console', textContent: 'Open the desk' });
        document.body.append(link);
      }, `${open.url}/`);
      await Promise.all([elsewhere.waitForURL(`${open.url}/`), elsewhere.locator('#to-console').click()]);
      expect(await elsewhere.locator('[data-testid="acting-as"]', { hasText: 'Anna' }).count()).toBe(1);
    });
  });
});
