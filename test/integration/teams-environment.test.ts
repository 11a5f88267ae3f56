import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { TeamsVerb } from '../../src/chat/teams/verbs.ts';
import { genericComment, postComment } from '../support/desk-harness.ts';
import type { SlackStandIn } from '../support/slack-stand-in.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { type TeamsConnector, startTeamsConnector } from '../support/teams-connector.ts';
import { TEAMS_CHANNEL, cardInvoke, installInTeam, startTeamsDesk } from '../support/teams-desk.ts';

/** What the Teams SDK would read from the environment on its own if the desk let it. */
const SDK_ENV = {
  CLIENT_ID: '11111111-1111-4111-8111-111111111111',
  CLIENT_SECRET: 'a-secret-the-sdk-would-prefer-over-our-token-provider',
  TENANT_ID: '22222222-2222-4222-8222-222222222222',
  SERVICE_URL: 'http://127.0.0.1:9/nowhere/',
  CLOUD: 'USGov',
  DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
};

describe('the Teams adapter ignores the Teams SDK’s own environment variables', () => {
  let connector: TeamsConnector;
  let database: TestDatabase;
  let desk: Desk;
  let slack: SlackStandIn;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [k, v] of Object.entries(SDK_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    connector = await startTeamsConnector();
    database = await createTestDatabase('pglite');
    ({ desk, slack } = await startTeamsDesk({ connector, db: database.db }));
    await installInTeam(connector, desk);
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await connector?.close();
    await slack?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('still refuses unauthenticated requests and posts with tokens from TEAMS_TOKEN_URL to the stored service URL', async () => {
    const res = await postComment(desk, genericComment({ text: 'Umgebung egal?' }));
    const commentId = res.json.commentId as string;
    const posted = await connector.waitFor(() => connector.activities(TEAMS_CHANNEL).find((a) => JSON.stringify(a.original).includes(commentId)), { description: 'card' });
    expect(connector.issuedTokens.every((t) => t.clientId === connector.appId)).toBe(true);
    expect(connector.issuedTokens.length).toBeGreaterThan(0);
    const unauthenticated = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId: posted.id }), { token: null });
    expect(unauthenticated.status).toBe(401);
    expect(await desk.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'open' });
  });
});
