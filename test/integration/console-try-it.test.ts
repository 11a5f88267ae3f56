import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, startDesk } from '../../src/app.ts';
import { parseEnv } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { signHmacBody } from '../../src/sources/verify-hmac-signature.ts';
import { HOSTILE_SAMPLES } from '../../src/chat/console/samples.ts';
import { crisisDeskConfig } from '../support/crisis-config.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { genericComment } from '../support/desk-harness.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * "Try it" over HTTP on the real desk, without INGEST_SECRET and without any chat platform: samples
 * go through the signed webhook (which stays closed to everyone else), commands answer as in chat,
 * and a drill started here shows its board with working buttons.
 */
describe.each(backends())('the console\'s Try it on %s', (backend) => {
  let database: TestDatabase;
  let desk: Desk;
  const clock = new FakeClock('2026-11-27T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const env = parseEnv({ PORT: '0', HOST: '127.0.0.1', OUTBOX_POLL_MS: '50', RUN_JOBS: 'false', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    desk = await startDesk({ env, log: createLogger(env.LOG_LEVEL), db: database.db, deskConfig: crisisDeskConfig({ count: 3 }), clock });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
  });

  /** A browser: its session cookie and CSRF token, from the first page it opens. */
  async function browser() {
    const first = await fetch(`${desk.url}/try`, { headers: { 'accept-language': 'en' } });
    expect(first.status).toBe(200);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^desk_console=/);
    const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await first.text())?.[1];
    if (!csrf) throw new Error('no CSRF token on the page');
    const get = async (path: string) => {
      const res = await fetch(`${desk.url}${path}`, { headers: { cookie } });
      return { status: res.status, type: res.headers.get('content-type'), html: await res.text() };
    };
    const post = async (path: string, fields: Record<string, string>, options: { json?: boolean } = {}) => {
      const res = await fetch(`${desk.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, origin: desk.url, 'content-type': 'application/x-www-form-urlencoded', ...(options.json ? { accept: 'application/json' } : {}) },
        body: new URLSearchParams({ csrf, return: '/try', ...fields }).toString(),
      });
      const text = await res.text();
      return { status: res.status, location: res.headers.get('location'), json: options.json ? (JSON.parse(text) as Record<string, unknown>) : null };
    };
    return { get, post };
  }

  const between = (html: string, start: string, end = '</section>') => {
    const from = html.indexOf(start);
    expect(from, `${start} on the page`).toBeGreaterThanOrEqual(0);
    return html.slice(from, html.indexOf(end, from) + end.length);
  };

  it('shows the page: samples, commands, and an empty crisis board', async () => {
    const page = await (await browser()).get('/try');
    expect(page.status).toBe(200);
    for (const id of ['sample-send', 'command-run', 'command-crisis-drill', 'command-crisis-status', 'command-crisis-end', 'command-kpi', 'command-kpi-last', 'command-desk-status', 'command-desk-help']) {
      expect(page.html).toContain(`data-testid="${id}"`);
    }
    expect(page.html).toContain('<section id="command-answer" data-testid="command-answer"');
    expect(page.html).toContain('No drill running. Start one with /crisis drill');
    expect(page.html).toContain('data-live="on"');
  });

  it('sends samples through the signed webhook, each a new comment, while the webhook refuses anyone else', async () => {
    const b = await browser();
    const sent = await b.post('/console/try/sample', { set: 'mixed', count: '5' }, { json: true });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ ok: true, message: '5 samples sent, 5 stored.' });
    const results = sent.json!.results as { externalId: string; status: number }[];
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const stored = await database.db.prisma.comment.findMany({ where: { externalId: { in: results.map((r) => r.externalId) } } });
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((c) => c.language))).toEqual(new Set(['de', 'en']));

    // Sent again: new comments, not the same ones.
    const again = await b.post('/console/try/sample', { set: 'mixed', count: '5' }, { json: true });
    const ids = (again.json!.results as { externalId: string }[]).map((r) => r.externalId);
    expect(ids.filter((id) => results.some((r) => r.externalId === id))).toEqual([]);
    expect(await database.db.prisma.comment.count({ where: { externalId: { in: ids } } })).toBe(5);

    // Without INGEST_SECRET the endpoint stays closed: unsigned, or signed with any other secret.
    const raw = JSON.stringify(genericComment());
    for (const headers of [{}, { 'x-signature-256': signHmacBody(raw, 'a-guessed-secret') }] as Record<string, string>[]) {
      const res = await fetch(`${desk.url}/webhooks/comments`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toContain('INGEST_SECRET is not set');
    }
  });

  it('a hostile sample is stored as written and the answer comes back on the page without script', async () => {
    const b = await browser();
    const sent = await b.post('/console/try/sample', { set: 'hostile', count: '1' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/try');
    const page = await b.get('/try');
    expect(page.html).toContain('data-testid="flash">1 sample sent, 1 stored.');
    const hostile = await database.db.prisma.comment.findMany({ where: { text: { in: HOSTILE_SAMPLES.map((s) => s.text) } } });
    expect(hostile).toHaveLength(1);
    expect(HOSTILE_SAMPLES.find((s) => s.text === hostile[0]!.text)?.author.name).toBe(hostile[0]!.authorName);
  });

  it('refuses unknown sample sets and counts', async () => {
    const b = await browser();
    expect((await b.post('/console/try/sample', { set: 'nonsense' }, { json: true })).status).toBe(400);
    expect((await b.post('/console/try/sample', { set: 'de', count: '1000' }, { json: true })).status).toBe(400);
  });

  it('runs /crisis drill as a member; the board shows up, its buttons work, /crisis end clears it', async () => {
    const b = await browser();
    const anonymous = await b.post('/console/try/command', { command: 'crisis', text: 'drill' }, { json: true });
    expect(anonymous.status).toBe(403);
    expect(anonymous.json).toMatchObject({ ok: false, message: 'Choose who you are first (top right).' });

    expect((await b.post('/console/me', { member: 'anna' })).status).toBe(303);
    const drill = await b.post('/console/try/command', { command: 'crisis', text: 'drill' }, { json: true });
    expect(drill.status).toBe(200);
    // The answer comes in the page's language (English here), not in anna's configured German.
    expect(drill.json!.message).toContain('Drill #1');
    expect(drill.json!.message).toContain('Granola bar recall');
    expect(drill.json!.html).toContain('data-kind="text"');
    expect(drill.json!.board).toContain('data-testid="crisis-board" data-crisis-id="');

    const crisis = await database.db.prisma.crisis.findFirstOrThrow({ where: { status: 'active' } });
    // No chat platform runs here: the crisis is the console's, and its room, posts and pages are done by
    // being stored (the board is the page) instead of waiting in the outbox for a gateway.
    expect(crisis.platform).toBe('console');
    await waitFor(async () => (await database.db.prisma.outbox.count({ where: { status: { not: 'done' }, payload: { path: ['crisisId'], equals: crisis.id } } })) === 0);
    const page = await b.get('/try');
    const board = between(page.html, '<section id="crisis-board"', '</main>');
    expect(board).toContain(`data-crisis-id="${crisis.id}"`);
    expect(board).toContain('🧪 DRILL #1 — Granola bar recall');
    expect(board.split('data-testid="crisis-step-done"')).toHaveLength(5);
    expect(board).toContain('data-testid="crisis-approve"');
    // The last answer is on the page too.
    expect(between(page.html, '<section id="command-answer"')).toContain('Granola bar recall');

    const fragment = await b.get('/console/try/crisis');
    expect(fragment.status).toBe(200);
    expect(fragment.type).toMatch(/^text\/html/);
    expect(fragment.html).toMatch(new RegExp(`^<section id="crisis-board" data-testid="crisis-board" data-crisis-id="${crisis.id}"`));

    const step = await b.post('/console/try/crisis-button', { action: 'step', crisisId: crisis.id, stepId: 'acknowledge' }, { json: true });
    expect(step.json).toMatchObject({ ok: true, message: '✅ Done: Acknowledge' });
    expect(step.json!.board).toContain('class="step done" data-step-id="acknowledge"');
    const approve = await b.post('/console/try/crisis-button', { action: 'approve', crisisId: crisis.id }, { json: true });
    expect(approve.json).toMatchObject({ ok: true });
    const again = await b.post('/console/try/crisis-button', { action: 'approve', crisisId: crisis.id }, { json: true });
    expect(again.status).toBe(409);
    expect(again.json!.message).toContain('already approved');
    const after = between((await b.get('/try')).html, '<section id="crisis-board"', '</main>');
    expect(after.split('data-testid="crisis-step-done"')).toHaveLength(3);
    expect(after).not.toContain('data-testid="crisis-approve"');
    expect(await database.db.prisma.event.count({ where: { crisisId: crisis.id, type: 'step_done' } })).toBeGreaterThanOrEqual(1);

    // /crisis status answers with the status, as in chat.
    const status = await b.post('/console/try/command', { command: 'crisis', text: 'status' }, { json: true });
    expect(status.json!.html).toContain('data-kind="crisis.status"');

    const end = await b.post('/console/try/command', { command: 'crisis', text: 'end' }, { json: true });
    expect(end.json!.message).toContain('#1');
    expect((await b.get('/console/try/crisis')).html).toContain('data-crisis-id=""');
  });

  it('/kpi answers with the digest and its chart as SVG', async () => {
    const b = await browser();
    await b.post('/console/me', { member: 'ben' });
    const kpi = await b.post('/console/try/command', { command: 'kpi', text: '' }, { json: true });
    expect(kpi.status).toBe(200);
    const html = kpi.json!.html as string;
    expect(html).toContain('data-kind="kpi.digest"');
    expect(html).toContain('data-testid="kpi-chart"');
    expect(html).toMatch(/<svg role="img" aria-label="[^"]+"/);
    expect(html).toContain('data-testid="kpi-post"');
    // Post to channel: the same use case as the chat's button, once per team and week.
    const week = /name="week" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(week).toMatch(/^2026-W48$/);
    const posted = await b.post('/console/try/kpi-post', { teamId: 'support', week }, { json: true });
    expect(posted.json).toMatchObject({ ok: true, message: '📣 Posted to Support.' });
    expect(await database.db.prisma.kpiDigest.count({ where: { teamId: 'support', week } })).toBe(1);
    const twice = await b.post('/console/try/kpi-post', { teamId: 'support', week }, { json: true });
    expect(twice.json).toMatchObject({ ok: true, message: 'This digest is already in the channel.' });
    // Typed with its slash, it runs the same.
    const last = await b.post('/console/try/command', { command: 'desk', text: '/kpi last' }, { json: true });
    expect(last.json!.html).toContain('data-kind="kpi.digest"');
  });

  it('a refused command shows the usage text, also after a plain form post', async () => {
    const b = await browser();
    await b.post('/console/me', { member: 'ben' });
    const res = await b.post('/console/try/command', { command: 'crisis', text: 'frobnicate' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/try#command-answer');
    const answer = between((await b.get('/try')).html, '<section id="command-answer"');
    expect(answer).toContain('<code>/crisis frobnicate</code>');
    expect(answer).toContain('<code>/crisis help</code>');
  });
});

/** Polls a condition until it holds (the outbox delivers on its own loop); fails after 10 s. */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
