import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, startDesk } from '../../src/app.ts';
import { parseEnv } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { signHmacBody } from '../../src/sources/verify-hmac-signature.ts';
import { PrismaOutboxStore } from '../../src/store/prisma-outbox-store.ts';
import { genericComment } from '../support/desk-harness.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** Every secret the desk reads, each set to a value that cannot turn up on a page by chance. */
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-OPLEAK-bot-token',
  SLACK_SIGNING_SECRET: 'OPLEAK-signing-secret',
  META_APP_SECRET: 'OPLEAK-meta-app-secret',
  META_VERIFY_TOKEN: 'OPLEAK-meta-verify',
  INGEST_SECRET: 'OPLEAK-ingest-secret',
  OPENAI_API_KEY: 'sk-OPLEAK-openai-key',
  CONSOLE_PASSWORD: 'OPLEAK-console-password',
};

const TEAMS_CHANNEL = '19:community@thread.tacv2';

const DESK_YAML = `defaultTeam: community
teams:
  - id: community
    name: Community
    slackChannel: C0COMMUNITY
    msteamsChannel: "${TEAMS_CHANNEL}"
    msteamsTeamId: 8f0c2a5e-1111-4222-8333-944455556666
    locale: de
    timeZone: Europe/Berlin
  - id: support
    name: Support
    slackChannel: C0SUPPORT01
members:
  - id: ops
    name: Ops
    roles: [admin]
  - id: anna
    name: Anna
    roles: [agent, lead]
    teams: [community]
  - id: deniz
    name: Deniz
    roles: [agent]
    teams: [community]
goals:
  - metric: firstResponseMedian
    comparison: "<="
    target: 30m
`;

/** A browser on the console: its session cookie and the page's CSRF token. */
class ConsoleBrowser {
  private cookie = '';
  csrf = '';

  constructor(private readonly base: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      if (pair.startsWith('desk_console=')) this.cookie = pair;
    }
  }

  async get(path: string): Promise<{ status: number; text: string }> {
    const res = await fetch(`${this.base}${path}`, { headers: { cookie: this.cookie, 'accept-language': 'en' }, redirect: 'manual' });
    this.remember(res);
    const text = await res.text();
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(text)?.[1] ?? /name="csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, text };
  }

  /** A form post from the page: JSON answer (`{ ok, message }`) when `json`, else the redirect. */
  async post(path: string, fields: Record<string, string>, options: { json?: boolean } = {}): Promise<{ status: number; body: Record<string, unknown>; location: string | null }> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: {
        cookie: this.cookie,
        origin: this.base,
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'en',
        ...(options.json ? { accept: 'application/json' } : {}),
      },
      body: new URLSearchParams({ csrf: this.csrf, ...fields }).toString(),
      redirect: 'manual',
    });
    this.remember(res);
    const text = await res.text();
    return { status: res.status, body: options.json && text ? (JSON.parse(text) as Record<string, unknown>) : {}, location: res.headers.get('location') };
  }

  async signIn(password: string): Promise<void> {
    await this.get('/login');
    const answer = await this.post('/login', { password, next: '/operator' });
    expect(answer.status).toBe(303);
  }

  async actAs(memberId: string): Promise<void> {
    expect((await this.post('/console/me', { member: memberId, return: '/operator' })).status).toBe(303);
  }
}

/** The table row of a team's channel on a platform. */
function channelRow(page: string, team: string, platform: string): string {
  const start = page.indexOf(`data-testid="op-channel" data-team="${team}" data-platform="${platform}"`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</tr>', start));
}

describe.each(backends())('the console’s operator page on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  let dir: string;
  let configPath: string;
  let browser: ConsoleBrowser;

  async function postComment(body: unknown) {
    const raw = JSON.stringify(body);
    const res = await fetch(`${desk.url}/webhooks/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-256': signHmacBody(raw, SECRETS.INGEST_SECRET) }, body: raw });
    expect(res.status).toBe(201);
    return (await res.json()) as { commentId: string };
  }

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase(backend);
    dir = await mkdtemp(join(tmpdir(), 'desk-operator-it-'));
    configPath = join(dir, 'desk.yaml');
    await writeFile(configPath, DESK_YAML);
    const env = parseEnv({
      ...SECRETS,
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_API_URL: standIn.url,
      SLACK_CHANNEL_POST_INTERVAL_MS: '0',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      DESK_CONFIG: configPath,
      OUTBOX_POLL_MS: '50',
      RUN_JOBS: 'false',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
    // The desk reads DESK_CONFIG itself, as in production.
    desk = await startDesk({ env, log: createLogger(env.LOG_LEVEL), db: database.db, delivery: { retryBaseMs: 20, retryMaxMs: 200 } });
    browser = new ConsoleBrowser(desk.url);
    await browser.signIn(SECRETS.CONSOLE_PASSWORD);
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows every section, and no secret anywhere on the page', async () => {
    const { status, text } = await browser.get('/operator');
    expect(status).toBe(200);
    for (const id of ['op-config', 'op-config-check', 'op-channels', 'op-outbox', 'op-jobs', 'op-figures', 'op-ai']) expect(text).toContain(`data-testid="${id}"`);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('OPLEAK');
    expect(text).toContain(`<td data-setting="DESK_CONFIG"><code>${configPath}</code>`);
    expect(text).toContain('<td data-setting="CONSOLE_PASSWORD"><span class="ok-text">set</span>');
    expect(text).toContain('data-testid="op-no-failed"');
    expect(text).toContain('data-testid="op-ai-key" data-set="true"');
  });

  it('says a channel on a platform that is not connected waits, and a connected one can post', async () => {
    const { commentId } = await postComment(genericComment({ text: 'Wo bleibt meine Lieferung?' }));
    await standIn.waitFor(
      async () => (await database.db.prisma.outbox.count({ where: { channel: 'C0COMMUNITY', status: 'done', payload: { path: ['commentId'], equals: commentId } } })) === 1,
      10_000,
      'the Slack card posted',
    );
    const { text } = await browser.get('/operator');
    const teams = channelRow(text, 'community', 'msteams');
    expect(teams).toContain('data-state="not_connected"');
    expect(teams).toContain('waiting: Microsoft Teams is not connected (set TEAMS_APP_ID and TEAMS_APP_PASSWORD); its messages wait in the outbox');
    expect(teams).toMatch(/<td>1<\/td>\s*$/);
    const slack = channelRow(text, 'community', 'slack');
    expect(slack).toContain('data-state="can_post"');
    expect(slack).toContain('<time datetime=');

    await browser.post('/console/lang', { lang: 'de', return: '/operator' });
    const german = await browser.get('/operator');
    expect(channelRow(german.text, 'community', 'msteams')).toContain('wartet: Microsoft Teams ist nicht verbunden (TEAMS_APP_ID und TEAMS_APP_PASSWORD setzen)');
    await browser.post('/console/lang', { lang: 'en', return: '/operator' });
  });

  it('puts a failed delivery back in line, for desk admins and team leads only', async () => {
    const { commentId } = await postComment(genericComment({ text: 'Noch eine Frage' }));
    const row = await database.db.prisma.outbox.findFirstOrThrow({ where: { channel: TEAMS_CHANNEL, kind: 'card.post', payload: { path: ['commentId'], equals: commentId } } });
    const outbox = new PrismaOutboxStore(database.db.prisma, { legacyPlatform: 'slack' });
    await outbox.fail(row.id, 'the bot is not in this conversation', new Date());
    const id = row.id.toString();

    const listed = await browser.get('/operator');
    expect(listed.text).toContain(`data-testid="op-failed-row" data-id="${id}"`);
    expect(listed.text).toContain('the bot is not in this conversation');

    const nobody = await browser.post('/console/operator/retry', { id }, { json: true });
    expect(nobody).toMatchObject({ status: 403, body: { ok: false, message: expect.stringContaining('Choose who you are first') } });
    await browser.actAs('deniz');
    const agent = await browser.post('/console/operator/retry', { id }, { json: true });
    expect(agent).toMatchObject({ status: 403, body: { ok: false, message: 'Only desk admins and team leads may retry deliveries.' } });
    expect((await database.db.prisma.outbox.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('failed');

    await browser.actAs('anna');
    const lead = await browser.post('/console/operator/retry', { id }, { json: true });
    expect(lead).toMatchObject({ status: 200, body: { ok: true, message: `Delivery ${id} is back in line.`, retried: 1 } });
    // Microsoft Teams does not run here, so the row waits (pending) instead of failing again.
    expect(await database.db.prisma.outbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'pending', doneAt: null });
    const again = await browser.post('/console/operator/retry', { id }, { json: true });
    expect(again).toMatchObject({ status: 409, body: { ok: false, retried: 0 } });

    // "Retry all failed" as a plain form: back to the page, which says what happened.
    await outbox.fail(row.id, 'still not there', new Date());
    const all = await browser.post('/console/operator/retry', { all: '1', return: '/operator#op-outbox' });
    expect(all).toMatchObject({ status: 303, location: '/operator#op-outbox' });
    const after = await browser.get('/operator');
    expect(after.text).toContain('data-testid="flash">One failed delivery is back in line.</div>');
    expect(after.text).toContain('data-testid="op-no-failed"');
    expect((await database.db.prisma.outbox.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('pending');
  });

  it('checks the DESK_CONFIG file again and reports a broken one by path, applying nothing', async () => {
    const valid = await browser.post('/console/operator/check-config', {}, { json: true });
    expect(valid).toMatchObject({ status: 200, body: { ok: true, valid: true, sameAsRunning: true, message: expect.stringContaining('a restart would load 2 teams, 3 members') } });

    await writeFile(configPath, DESK_YAML.replace('slackChannel: C0SUPPORT01', 'slackChannel: support-channel'));
    const broken = await browser.post('/console/operator/check-config', {}, { json: true });
    expect(broken.status).toBe(422);
    expect(broken.body).toMatchObject({ ok: false, valid: false, path: configPath, problems: [{ path: 'teams.1.slackChannel', message: expect.stringContaining('must be a Slack channel id') }] });

    const form = await browser.post('/console/operator/check-config', { return: '/operator#op-config-check' });
    expect(form).toMatchObject({ status: 303, location: '/operator#op-config-check' });
    const page = await browser.get('/operator');
    expect(page.text).toContain('data-testid="op-config-check-result" data-valid="false"');
    expect(page.text).toContain('<code>teams.1.slackChannel</code>');
    // Shown once: the next visit shows the page without it.
    expect((await browser.get('/operator')).text).not.toContain('data-testid="op-config-check-result"');
    // The running desk is untouched.
    expect(desk.directory.allTeams().map((t) => t.id)).toEqual(['community', 'support']);
    await writeFile(configPath, DESK_YAML);
  });

  it('runs a job now for a desk admin, as /desk run does, and shows its last run', async () => {
    await browser.actAs('anna');
    const lead = await browser.post('/console/operator/run-job', { name: 'sla-sweep' }, { json: true });
    // The use case's own refusal, in the language of the member it answers (Anna's team speaks German), as in chat.
    expect(lead).toMatchObject({ status: 403, body: { ok: false, message: 'Jobs von Hand starten dürfen nur Desk-Admins.' } });
    expect(await database.db.prisma.jobLease.findUnique({ where: { name: 'sla-sweep' } })).toBeNull();

    await browser.actAs('ops');
    const unknown = await browser.post('/console/operator/run-job', { name: 'no-such-job' }, { json: true });
    expect(unknown).toMatchObject({ status: 400, body: { ok: false, message: expect.stringContaining('There is no job “no-such-job”') } });
    const admin = await browser.post('/console/operator/run-job', { name: 'sla-sweep' }, { json: true });
    expect(admin).toMatchObject({ status: 200, body: { ok: true, message: expect.stringMatching(/^Ran sla-sweep in \d+ ms: /) } });
    const lease = await database.db.prisma.jobLease.findUniqueOrThrow({ where: { name: 'sla-sweep' } });
    expect(lease.lastFinishedAt).not.toBeNull();

    const { text } = await browser.get('/operator');
    const start = text.indexOf('data-testid="op-job" data-job="sla-sweep"');
    const row = text.slice(start, text.indexOf('</tr>', start));
    expect(row).toContain(`<time datetime="${lease.lastFinishedAt!.toISOString()}">`);
    expect(row).toContain(`last on ${lease.holder}`);
    // This desk has an OpenAI key: triage is scheduled like the rest (no "not scheduled" line).
    expect(text).toContain('data-testid="op-job" data-job="ai-triage"');
    expect(text).not.toContain('op-job-idle');
  });

  it('shows this week’s figures per team, with goal lines and the chart', async () => {
    const { text } = await browser.get('/operator');
    expect(text).toContain('data-testid="op-team-figures" data-team="community"');
    expect(text).toContain('data-testid="op-team-figures" data-team="support"');
    expect(text).toContain('<strong>Median first response (working time)</strong>');
    expect(text).toMatch(/<figure class="chart" data-testid="op-chart"><svg role="img" aria-label="Community[^"]*" class="chart-svg"/);
    const support = await browser.get('/operator?team=support');
    expect(support.text).toMatch(/<svg role="img" aria-label="Support[^"]*" class="chart-svg"/);
  });
});
