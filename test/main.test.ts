import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHmacBody } from '../src/sources/verify-hmac-signature.ts';
import { startDeskProcess, waitForHttp } from './support/desk-process.ts';
import { type TcpProxy, startTcpProxy } from './support/tcp-proxy.ts';
import { type TestDatabase, backends, createTestDatabase } from './support/test-database.ts';

const onPostgres = backends().includes('postgres');

/** `npm start` in its own process: what an operator sees when the database is late, refused, or configured through `.env`. */
describe.runIf(onPostgres)('starting the desk process (PostgreSQL)', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, { startCut: true });
  });
  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
  });

  it('waits for a database that is not there yet, serving /healthz meanwhile, and starts when it comes', async () => {
    const desk = await startDeskProcess({ DATABASE_URL: proxy.urlFor(database.url), INGEST_SECRET: 'secret' });
    try {
      await desk.waitForLog((l) => l.msg?.startsWith('the database is not reachable yet') === true, 'the waiting log line');
      expect((await fetch(`${desk.url}/healthz`)).status).toBe(200);
      const readyz = await fetch(`${desk.url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toEqual({ status: 'starting', database: 'unreachable' });
      const early = await fetch(`${desk.url}/webhooks/comments`, { method: 'POST', body: '{}' });
      expect(early.status).toBe(503);
      expect(early.headers.get('retry-after')).toBe('5');
      // Several attempts, each answered by a refusal: still alive.
      await desk.waitForLog((l) => typeof l.attempt === 'number' && l.attempt >= 3, 'a third attempt');
      expect(desk.child.exitCode).toBeNull();

      await proxy.restore();
      await desk.waitForLog((l) => l.msg === 'Community Desk is running', 'the start');
      const ready = await waitForHttp(`${desk.url}/readyz`, (status) => status === 200, 'ready');
      expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', database: 'postgres' });
      expect(desk.logs.some((l) => l.msg === 'the database answers; starting')).toBe(true);

      // Lost while running: /readyz says so without the driver's detail (hosts, paths), and comes back.
      await proxy.cut();
      const lost = await waitForHttp(`${desk.url}/readyz`, (status) => status === 503, 'not ready');
      expect(JSON.parse(lost.body)).toEqual({ status: 'unavailable', database: 'postgres', error: 'database unreachable', webhooks: { skippedChanges: 0, lastSkipped: null } });
      expect(lost.body).not.toMatch(/127\.0\.0\.1|5432|prisma|\.ts/i);
      await proxy.restore();
      await waitForHttp(`${desk.url}/readyz`, (status) => status === 200, 'ready again');
    } finally {
      expect((await desk.stop()).code).toBe(0);
    }
  });

  it('stops at once with what to fix when the database refuses the password', async () => {
    const url = new URL(database.url);
    url.password = 'not-the-password';
    const desk = await startDeskProcess({ DATABASE_URL: url.toString() });
    const { code } = await desk.exited;
    expect(code).toBe(1);
    const fatal = desk.logs.find((l) => l.level === 60);
    expect(fatal?.msg).toMatch(/refused the user name or password in DATABASE_URL/);
    expect(desk.logs.some((l) => l.msg?.startsWith('the database is not reachable yet'))).toBe(false);
  });

  it('stops at once when the database does not exist', async () => {
    const url = new URL(database.url);
    url.pathname = '/desk_no_such_database';
    const desk = await startDeskProcess({ DATABASE_URL: url.toString() });
    expect((await desk.exited).code).toBe(1);
    expect(desk.logs.find((l) => l.level === 60)?.msg).toMatch(/does not exist/);
  });

  it('stops cleanly on SIGTERM while still waiting for the database', async () => {
    await proxy.cut();
    const desk = await startDeskProcess({ DATABASE_URL: proxy.urlFor(database.url) });
    await desk.waitForLog((l) => l.msg?.startsWith('the database is not reachable yet') === true, 'the waiting log line');
    expect((await desk.stop()).code).toBe(0);
    await proxy.restore();
  });
});

describe('the desk process and .env', () => {
  it('reads .env from the working directory; the environment wins over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-env-'));
    writeFileSync(join(dir, '.env'), ['# as in .env.example', 'INGEST_SECRET=from-dotenv', 'LOG_LEVEL=debug', 'RUN_JOBS=false', ''].join('\n'));
    const desk = await startDeskProcess({ DATABASE_URL: 'memory://', LOG_LEVEL: 'info' }, { cwd: dir });
    try {
      await desk.waitForLog((l) => l.msg === 'Community Desk is running', 'the start');
      // INGEST_SECRET came from .env: the webhook is open and checks signatures with it.
      const body = JSON.stringify({ source: 'youtube', externalId: 'env-1', text: 'Hallo', author: { name: 'Max' }, createdAt: '2026-12-01T10:00:00Z' });
      const res = await fetch(`${desk.url}/webhooks/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature-256': signHmacBody(body, 'from-dotenv') },
        body,
      });
      expect(res.status).toBe(201);
      // LOG_LEVEL=info from the environment won over debug from .env.
      expect(desk.logs.some((l) => l.level === 20)).toBe(false);
    } finally {
      expect((await desk.stop()).code).toBe(0);
    }
  });
});
