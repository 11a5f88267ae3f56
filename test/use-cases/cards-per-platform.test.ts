import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { DeskConfig } from '../../src/desk-config/desk-config-schema.ts';
import type { Directory } from '../../src/domain/directory.ts';
import { PrismaDeskStore } from '../../src/store/prisma-desk-store.ts';
import { syncDirectory } from '../../src/store/sync-directory.ts';
import { ingestCommentChange } from '../../src/use-cases/ingest-comment-change.ts';
import { routeComment } from '../../src/use-cases/route-comment.ts';
import { sweepServiceLevels } from '../../src/use-cases/sweep-service-levels.ts';
import { CHANNELS, USERS, testDeskConfig } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { berlin, serviceLevelConfig } from '../support/service-level-config.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = '2026-11-26T10:00:00Z';
const TEAMS_CHANNEL = { community: '19:community0001@thread.tacv2', legal: '19:legal00000001@thread.tacv2' };
const TEAMS_TEAM = '8f0c5a2e-1b7d-4c1e-9a57-0f3d2b6c9e11';

/** The test desk, with Community and Legal also on Microsoft Teams (Support stays on Slack only). */
function twoPlatformConfig(): DeskConfig {
  const config = testDeskConfig();
  for (const team of config.teams) {
    const channel = TEAMS_CHANNEL[team.id as keyof typeof TEAMS_CHANNEL];
    if (channel) Object.assign(team, { msteamsChannel: channel, msteamsTeamId: TEAMS_TEAM });
  }
  return config;
}

describe.each(backends())('a card per platform on %s', (backend) => {
  let database: TestDatabase;
  let directory: Directory;
  let store: PrismaDeskStore;
  let externalId = 0;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    directory = buildDirectory(twoPlatformConfig());
    await syncDirectory(database.db.prisma, directory);
    store = new PrismaDeskStore(database.db.prisma);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function ingest(teamId: string): Promise<string> {
    externalId += 1;
    const comment = { source: 'youtube', externalId: `multi-${externalId}`, text: 'Tolles Video!', authorName: 'Max', createdAt: new Date(NOW) };
    const outcome = await ingestCommentChange(
      { kind: 'upsert', comment },
      { store, directory, clock, route: () => ({ teamId, priority: 'normal', matchedRules: [] }) },
    );
    if (outcome.outcome !== 'created') throw new Error(`not created: ${outcome.outcome}`);
    return outcome.commentId;
  }

  const cardsOf = (commentId: string) =>
    database.db.prisma.chatCard.findMany({ where: { commentId }, select: { platform: true, channel: true, teamId: true, active: true }, orderBy: [{ platform: 'asc' }, { channel: 'asc' }] });
  const postsOf = async (commentId: string) =>
    (await database.db.prisma.outbox.findMany({ where: { kind: 'card.post' }, orderBy: { id: 'asc' } }))
      .map((r) => r.payload as { platform: string; commentId: string; cardId: string })
      .filter((p) => p.commentId === commentId);

  it('gives a new comment one card in each of its team’s channels, each posted on its own platform', async () => {
    const id = await ingest('community');
    const cards = await cardsOf(id);
    expect(cards).toEqual([
      { platform: 'msteams', channel: TEAMS_CHANNEL.community, teamId: 'community', active: true },
      { platform: 'slack', channel: CHANNELS.community, teamId: 'community', active: true },
    ]);
    const posts = await postsOf(id);
    expect(posts.map((p) => p.platform).sort()).toEqual(['msteams', 'slack']);
    const stored = await store.getCommentWithCards(id);
    // Each post names its own card.
    for (const post of posts) expect(stored?.cards.find((c) => c.id === post.cardId)?.platform).toBe(post.platform);
  });

  it('a team on one platform gets one card', async () => {
    const id = await ingest('support');
    expect(await cardsOf(id)).toEqual([{ platform: 'slack', channel: CHANNELS.support, teamId: 'support', active: true }]);
  });

  it('routing to a team on two platforms posts a card in both of its channels and retires the old ones', async () => {
    const id = await ingest('support');
    const result = await routeComment(
      { commentId: id, platform: 'slack', platformUserId: USERS.ben, requestId: `route-${id}`, target: { kind: 'team', teamId: 'legal' } },
      { store, directory, clock },
    );
    expect(result.ok).toBe(true);
    expect(await cardsOf(id)).toEqual([
      { platform: 'msteams', channel: TEAMS_CHANNEL.legal, teamId: 'legal', active: true },
      { platform: 'slack', channel: CHANNELS.legal, teamId: 'legal', active: true },
      { platform: 'slack', channel: CHANNELS.support, teamId: 'support', active: false },
    ]);
    const stored = await store.getCommentWithCards(id);
    const posts = (await postsOf(id)).slice(1);
    expect(posts.map((p) => p.platform).sort()).toEqual(['msteams', 'slack']);
    // `$newCard` became the id of the new card on the post's own platform.
    for (const post of posts) {
      const card = stored?.cards.find((c) => c.id === post.cardId);
      expect(card).toMatchObject({ platform: post.platform, teamId: 'legal', active: true });
    }
  });

  it('a channel reminder goes into each of the team’s channels, once per platform', async () => {
    // The same desk with response-time targets (community: 1 h first response, 4 h resolution, Berlin office hours).
    const withTargets = serviceLevelConfig();
    for (const team of withTargets.teams) {
      const channel = TEAMS_CHANNEL[team.id as keyof typeof TEAMS_CHANNEL];
      if (channel) Object.assign(team, { msteamsChannel: channel, msteamsTeamId: TEAMS_TEAM });
    }
    const slDirectory = buildDirectory(withTargets);
    await syncDirectory(database.db.prisma, slDirectory);
    const arrived = new FakeClock(berlin('09:00').toISOString());
    const outcome = await ingestCommentChange(
      { kind: 'upsert', comment: { source: 'youtube', externalId: 'multi-reminder', text: 'Hallo?', authorName: 'Max', createdAt: berlin('09:00') } },
      { store, directory: slDirectory, clock: arrived, route: () => ({ teamId: 'community', priority: 'normal', matchedRules: [] }) },
    );
    if (outcome.outcome !== 'created') throw new Error(`not created: ${outcome.outcome}`);
    const id = outcome.commentId;
    for (const at of ['09:50', '10:05', '10:35']) await sweepServiceLevels({ store, directory: slDirectory, clock: new FakeClock(berlin(at).toISOString()) });
    const rows = (await database.db.prisma.outbox.findMany({ where: { kind: { in: ['sla.remind', 'sla.summary'] } }, orderBy: { id: 'asc' } }))
      .map((r) => ({ key: r.dedupeKey, channel: r.channel, intent: r.payload as { platform: string; commentId?: string; audience?: { to: string }; items?: { commentId: string }[] } }))
      .filter((r) => r.intent.commentId === id || r.intent.items?.some((i) => i.commentId === id));
    const toChannel = rows.filter((r) => r.intent.audience?.to !== 'person' && r.channel);
    expect(toChannel.length).toBeGreaterThan(0);
    // Every channel step is there for both platforms, each into its own channel, under two keys.
    const byKey = new Map(toChannel.map((r) => [r.key.replace(/:(msteams|slack)$/, ''), [] as string[]]));
    for (const r of toChannel) byKey.get(r.key.replace(/:(msteams|slack)$/, ''))!.push(`${r.intent.platform} ${r.channel}`);
    for (const targets of byKey.values()) expect(targets.sort()).toEqual([`msteams ${TEAMS_CHANNEL.community}`, `slack ${CHANNELS.community}`]);
  });
});
