import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { sweepServiceLevels } from '../../src/use-cases/sweep-service-levels.ts';
import { CHANNELS, USERS, blocksText, cardMessage, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { berlin, serviceLevelConfig } from '../support/service-level-config.ts';
import { type SlackStandIn, dmChannelIdFor, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe.skipIf(!backends().includes('postgres'))('the sweep on two instances sharing one PostgreSQL', () => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desks: Desk[] = [];
  const clock = new FakeClock(berlin('09:00'));

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase('postgres');
    const deskConfig = serviceLevelConfig();
    desks = [
      await startTestDesk({ standIn, db: database.db, clock, deskConfig, scheduler: { instanceId: 'desk-a' } }),
      await startTestDesk({ standIn, db: await database.reopen(), clock, deskConfig, scheduler: { instanceId: 'desk-b' } }),
    ];
  });
  afterAll(async () => {
    for (const d of desks) await d.stop();
    await database?.drop();
    await standIn?.close();
  });

  it('sends every reminder exactly once while both sweep at the same moments for hours of fake time', async () => {
    // 30 comments, one every 3 minutes from 09:00, on alternating instances.
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      clock.set(new Date(berlin('09:00').getTime() + i * 3 * 60_000));
      const res = await postComment(desks[i % 2]!, genericComment({ text: `Kommentar ${i}`, createdAt: clock.now().toISOString() }));
      expect(res.status).toBe(201);
      ids.push(res.json.commentId as string);
    }
    await standIn.waitFor(() => ids.every((id) => cardMessage(standIn, CHANNELS.community, id)), 15_000, 'all cards');

    // Every 2 minutes until 12:30: both instances run the job (the lease lets one through), and both
    // also call the sweep directly, past the lease, so the conditional writes alone must keep it exact.
    for (let t = berlin('09:00').getTime(); t <= berlin('12:30').getTime(); t += 2 * 60_000) {
      clock.set(new Date(t));
      await Promise.all([
        desks[0]!.jobs.runNow('sla-sweep'),
        desks[1]!.jobs.runNow('sla-sweep'),
        sweepServiceLevels({ store: desks[0]!.store, directory: desks[0]!.directory, clock }),
        sweepServiceLevels({ store: desks[1]!.store, directory: desks[1]!.directory, clock }),
      ]);
    }
    await standIn.waitFor(async () => (await database.db.prisma.outbox.count({ where: { status: 'pending' } })) === 0, 15_000, 'outbox drained');

    // Each comment: 75 % and 100 % in the channel, 150 % to the lead — once each.
    const sent = [...standIn.messages(CHANNELS.community), ...standIn.messages(dmChannelIdFor(USERS.anna))]
      .filter((m) => !m.metadata && blocksText(m.blocks).includes('desk.snooze'))
      .map((m) => {
        const text = blocksText(m.blocks);
        const id = ids.find((i) => text.includes(i));
        const percent = /(\d+) %/.exec(text)?.[1];
        return `${id}:${percent}`;
      });
    const expected = ids.flatMap((id) => [`${id}:75`, `${id}:100`, `${id}:150`]);
    expect(sent.sort()).toEqual(expected.sort());
    const events = await database.db.prisma.event.count({ where: { type: 'reminder' } });
    expect(events).toBe(90);
  }, 120_000);
});
