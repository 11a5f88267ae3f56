import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { TeamsVerb } from '../../src/chat/teams/verbs.ts';
import { type Database, openDatabase } from '../../src/store/open-database.ts';
import { genericComment, postComment } from '../support/desk-harness.ts';
import type { SlackStandIn } from '../support/slack-stand-in.ts';
import { type TcpProxy, startTcpProxy } from '../support/tcp-proxy.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { type TeamsConnector, startTeamsConnector } from '../support/teams-connector.ts';
import { TEAMS_CHANNEL, cardInvoke, installInTeam, startTeamsDesk } from '../support/teams-desk.ts';

describe.runIf(backends().includes('postgres'))('a Teams click while the database is away (PostgreSQL behind a proxy)', () => {
  let connector: TeamsConnector;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let db: Database;
  let desk: Desk;
  let slack: SlackStandIn;

  beforeAll(async () => {
    connector = await startTeamsConnector();
    database = await createTestDatabase('postgres');
    const url = new URL(database.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    db = await openDatabase({ url: proxy.urlFor(database.url), poolSize: 4 });
    ({ desk, slack } = await startTeamsDesk({ connector, db }));
    await installInTeam(connector, desk);
  });
  afterAll(async () => {
    await desk?.stop();
    await db?.close();
    await proxy?.restore().catch(() => {});
    await proxy?.close();
    await database?.drop();
    await connector?.close();
    await slack?.close();
  });

  it('is answered 503 with Retry-After and changes nothing; the same click after the restore claims', async () => {
    const res = await postComment(desk, genericComment({ text: 'Während der Datenbank-Pause geklickt.' }));
    const commentId = res.json.commentId as string;
    const posted = await connector.waitFor(() => connector.activities(TEAMS_CHANNEL).find((a) => JSON.stringify(a.original).includes(commentId)), { description: 'card' });
    const click = cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId: posted.id, eventId: 'outage-click' });

    await proxy.cut();
    const during = await connector.send(desk.url, click);
    expect(during.status).toBe(503);
    expect(during.headers['retry-after']).toBe('10');

    await proxy.restore();
    // Teams sends the same activity again; now it is written and answered with the card.
    let after = await connector.send(desk.url, click);
    for (let i = 0; i < 20 && after.status === 503; i++) after = await connector.send(desk.url, click);
    expect(after.status).toBe(200);
    expect(await database.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'claimed', holderId: 'anna' });
    expect(await database.db.prisma.event.count({ where: { commentId, type: 'claimed' } })).toBe(1);
  });
});
