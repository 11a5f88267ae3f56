import { describe, expect, it } from 'vitest';
import { OutboxDelivery, outageDelayMs } from '../../src/jobs/deliver-outbox.ts';
import type { CardPostState, OutboxRow, OutboxStore, PostPacing } from '../../src/domain/outbox-store.ts';
import { CHANNEL_POST_KINDS, type OutboxIntent } from '../../src/domain/outbox-intent.ts';
import type { DeskStore } from '../../src/domain/ports.ts';
import { type PacingPolicy, channelIntervalPacing, windowPacing } from '../../src/domain/pacing-policy.ts';
import { ChatDeliveryError, type ChatGateway } from '../../src/chat/port.ts';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { OutboxHandler, OutboxHandlers } from '../../src/jobs/outbox-handler.ts';
import { chatHandlers } from '../../src/jobs/outbox-handlers/chat-handlers.ts';
import { testDeskConfig } from '../support/desk-harness.ts';
import { captureLog } from '../support/captured-log.ts';

describe('outageDelayMs', () => {
  it('starts at the poll interval, doubles per failed round and stops at 30 s', () => {
    const options = { pollMs: 500 };
    expect([1, 2, 3, 4, 5].map((n) => outageDelayMs(n, options))).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(outageDelayMs(7, options)).toBe(30_000);
    expect(outageDelayMs(10_000, options)).toBe(30_000);
  });
});

describe('OutboxDelivery while the database is away', () => {
  it('backs off and logs the 1st, 2nd, 4th and 8th failed round only, then says when it works again', async () => {
    let calls = 0;
    let down = true;
    const outbox = {
      async claimDue() {
        calls += 1;
        if (down) throw new Error('Connection terminated unexpectedly');
        return [];
      },
    } as unknown as OutboxStore;
    const captured = captureLog();
    const delivery = new OutboxDelivery(
      { outbox, handlers: {}, clock: { now: () => new Date() }, log: captured.log },
      { pollMs: 1, wakeDelayMs: 0 },
    );
    delivery.start();
    try {
      while (calls < 9) await new Promise((r) => setTimeout(r, 5));
      down = false;
      while (!captured.lines.some((l) => l.msg === 'outbox delivery works again')) await new Promise((r) => setTimeout(r, 5));
    } finally {
      await delivery.stop();
    }
    const failures = captured.errors().map((l) => l.failedRounds);
    expect(failures.slice(0, 4)).toEqual([1, 2, 4, 8]);
    // 9 or more failed rounds, but only powers of two were logged.
    expect(failures.every((n) => typeof n === 'number' && (n & (n - 1)) === 0)).toBe(true);
    expect(captured.errors()[0]?.msg).toMatch(/backing off/);
  });
});

/** An outbox in memory: enough of the table for the engine (due rows, pacing keys, outcomes). */
class MemoryOutbox implements OutboxStore {
  private nextId = 1n;
  readonly rows: (OutboxRow & { status: 'pending' | 'done' | 'failed'; dueAt: number; error?: string })[] = [];

  constructor(private readonly clock: { now(): Date }) {}

  add(intent: Record<string, unknown>, channel: string | null = null): bigint {
    const id = this.nextId++;
    this.rows.push({ id, dedupeKey: `k${id}`, intent: intent as unknown as OutboxIntent, channel, attempts: 0, createdAt: this.clock.now(), status: 'pending', dueAt: 0 });
    return id;
  }

  row(id: bigint) {
    return this.rows.find((r) => r.id === id)!;
  }

  async claimDue(now: Date, limit: number, _lockMs: number, pacing: PostPacing): Promise<OutboxRow[]> {
    // As the claim statement: posts only into channels not busy, at most postsPerChannel each.
    const perChannel = new Map<string, number>();
    const due = this.rows.filter((r) => {
      if (r.status !== 'pending' || r.dueAt > now.getTime()) return false;
      if (!r.channel || !CHANNEL_POST_KINDS.includes(r.intent.kind)) return true;
      const n = (perChannel.get(r.channel) ?? 0) + 1;
      perChannel.set(r.channel, n);
      return !pacing.busyChannels.includes(r.channel) && (pacing.postsPerChannel === null || n <= pacing.postsPerChannel);
    });
    return due.slice(0, limit).map((r) => {
      r.attempts += 1;
      return { ...r };
    });
  }
  async complete(id: bigint): Promise<void> {
    this.row(id).status = 'done';
  }
  async completeCardPost(id: bigint): Promise<void> {
    this.row(id).status = 'done';
  }
  async completeCardUpdate(id: bigint): Promise<void> {
    this.row(id).status = 'done';
  }
  async reschedule(id: bigint, at: Date, options: { attempted: boolean; error?: string }): Promise<void> {
    const row = this.row(id);
    row.dueAt = at.getTime();
    if (!options.attempted) row.attempts -= 1;
  }
  async fail(id: bigint, error: string): Promise<void> {
    Object.assign(this.row(id), { status: 'failed', error });
  }
  async cardPostState(): Promise<CardPostState> {
    return 'none';
  }
  async hasPendingCrisisPost(): Promise<boolean> {
    return false;
  }
}

function manualClock(start = '2026-12-07T09:00:00Z') {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

/** A chat gateway that records whom it was asked to reach; `fail` makes every call throw it. */
function recordingGateway(platform: string, fail?: Error) {
  const calls: string[] = [];
  const gateway = {
    platform,
    async notifyEphemeral(channel: string, userId: string, notice: { text: string }) {
      if (fail) throw fail;
      calls.push(`ephemeral ${channel} ${userId} ${notice.text}`);
    },
    async notifyPerson(member: { id: string }, notice: { text: string }) {
      if (fail) throw fail;
      calls.push(`dm ${member.id} ${notice.text}`);
    },
  } as unknown as ChatGateway;
  return { gateway, calls };
}

describe('OutboxDelivery with a registry of handlers', () => {
  const directory = buildDirectory(testDeskConfig());

  function engine(
    handlers: OutboxHandlers,
    options: { pacing?: Record<string, PacingPolicy>; platformRates?: Record<string, { requests: number; perMs: number }>; clock?: ReturnType<typeof manualClock> } = {},
  ) {
    const clock = options.clock ?? manualClock();
    const outbox = new MemoryOutbox(clock);
    const captured = captureLog();
    const delivery = new OutboxDelivery({ outbox, handlers, pacing: options.pacing, platformRates: options.platformRates, clock, log: captured.log }, { wakeDelayMs: 0 });
    return { outbox, delivery, captured, clock };
  }

  it('fails a row of a kind nobody handles, with the kind in its error and a log line, and keeps delivering the rest', async () => {
    const delivered: string[] = [];
    const { outbox, delivery, captured } = engine({ 'test.ping': async (row) => (delivered.push(String(row.id)), 'sent') });
    const unknown = outbox.add({ kind: 'fax.send', platform: 'fax' });
    const known = outbox.add({ kind: 'test.ping', platform: 'test' });
    await delivery.runOnce();
    expect(outbox.row(unknown)).toMatchObject({ status: 'failed', error: 'unknown outbox kind fax.send' });
    expect(captured.lines.find((l) => l.outboxId === String(unknown))?.msg).toMatch(/cannot be delivered/);
    expect(outbox.row(known).status).toBe('done');
    expect(delivered).toEqual([String(known)]);
  });

  it('delivers a kind registered next to the chat handlers, without the engine knowing it', async () => {
    const replies: string[] = [];
    const { gateway } = recordingGateway('slack');
    const handlers: OutboxHandlers = {
      ...chatHandlers({ outbox: {} as OutboxStore, store: {} as DeskStore, directory, gateways: [gateway], clock: manualClock(), log: captureLog().log }),
      'social.reply': async (row) => {
        replies.push(`${row.intent.platform}: ${(row.intent as unknown as { text: string }).text}`);
        return 'sent';
      },
    };
    const { outbox, delivery } = engine(handlers);
    const id = outbox.add({ kind: 'social.reply', platform: 'facebook', text: 'Danke für den Hinweis!' });
    expect(await delivery.runOnce()).toBe(1);
    expect(replies).toEqual(['facebook: Danke für den Hinweis!']);
    expect(outbox.row(id).status).toBe('done');
  });

  it('sends each row through the gateway of its platform', async () => {
    const slack = recordingGateway('slack');
    const teams = recordingGateway('msteams');
    const clock = manualClock();
    const handlers = chatHandlers({ outbox: {} as OutboxStore, store: {} as DeskStore, directory, gateways: [slack.gateway, teams.gateway], clock, log: captureLog().log });
    const { outbox, delivery } = engine(handlers, { clock });
    outbox.add({ kind: 'person.ephemeral', platform: 'msteams', platformUserId: '29:anna', channel: '19:community', notice: { text: 'Schon erledigt.' } }, '19:community');
    outbox.add({ kind: 'person.ephemeral', platform: 'slack', platformUserId: 'U0ANNA0001', channel: 'C0COMMUNITY', notice: { text: 'Already done.' } }, 'C0COMMUNITY');
    outbox.add({ kind: 'person.notify', platform: 'msteams', memberId: 'anna', notice: { text: 'Routed to you.' } });
    expect(await delivery.runOnce()).toBe(3);
    expect(slack.calls).toEqual(['ephemeral C0COMMUNITY U0ANNA0001 Already done.']);
    expect(teams.calls.sort()).toEqual(['dm anna Routed to you.', 'ephemeral 19:community 29:anna Schon erledigt.']);
  });

  it('keeps a row whose platform has no gateway running waiting, without counting attempts, instead of failing it', async () => {
    const slack = recordingGateway('slack');
    const clock = manualClock();
    const handlers = chatHandlers({ outbox: {} as OutboxStore, store: {} as DeskStore, directory, gateways: [slack.gateway], clock, log: captureLog().log });
    const { outbox, delivery } = engine(handlers, { clock });
    const id = outbox.add({ kind: 'person.notify', platform: 'msteams', memberId: 'anna', notice: { text: 'Routed to you.' } });
    await delivery.runOnce();
    expect(outbox.row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(outbox.row(id).dueAt).toBeGreaterThan(clock.now().getTime());
    expect(slack.calls).toEqual([]);
  });

  it('paces posts per channel by the policy of the row’s platform', async () => {
    const posted: string[] = [];
    const post: OutboxHandler = async (row) => (posted.push(`${row.intent.platform} ${row.channel}`), 'sent');
    const clock = manualClock();
    const { outbox, delivery } = engine(
      { 'card.post': post },
      { clock, pacing: { slow: channelIntervalPacing(1000), burst: windowPacing([{ posts: 2, perMs: 1000 }]) } },
    );
    for (let i = 0; i < 3; i++) {
      outbox.add({ kind: 'card.post', platform: 'slow', commentId: `s${i}`, cardId: `s${i}` }, 'C-SLOW');
      outbox.add({ kind: 'card.post', platform: 'burst', commentId: `b${i}`, cardId: `b${i}` }, 'C-BURST');
      outbox.add({ kind: 'card.post', platform: 'unpaced', commentId: `u${i}`, cardId: `u${i}` }, 'C-FREE');
    }
    // Each claim round hands out one row per channel; the posts themselves wait for their platform's slot.
    const rounds: string[][] = [];
    for (const step of [0, 0, 0, 1000, 0, 1000]) {
      clock.advance(step);
      posted.length = 0;
      await delivery.runOnce();
      rounds.push([...posted].sort());
    }
    expect(rounds).toEqual([
      ['burst C-BURST', 'slow C-SLOW', 'unpaced C-FREE'],
      // The second post into C-BURST fits its window; C-SLOW waits a second.
      ['burst C-BURST', 'unpaced C-FREE'],
      ['unpaced C-FREE'],
      ['burst C-BURST', 'slow C-SLOW'],
      [],
      ['slow C-SLOW'],
    ]);
    expect(outbox.rows.every((r) => r.status === 'done')).toBe(true);
  });

  it('keeps a platform under its app-wide rate across all channels, without counting attempts for the rows that wait', async () => {
    const sent: string[] = [];
    const notify: OutboxHandler = async (row) => (sent.push(`${row.intent.platform} ${row.channel}`), 'sent');
    const clock = manualClock();
    const { outbox, delivery } = engine({ 'person.ephemeral': notify }, { clock, platformRates: { teams: { requests: 2, perMs: 1000 } } });
    const ids = [0, 1, 2, 3, 4].map((i) => outbox.add({ kind: 'person.ephemeral', platform: 'teams', platformUserId: `u${i}`, channel: `T${i}`, notice: { text: 'x' } }, `T${i}`));
    outbox.add({ kind: 'person.ephemeral', platform: 'other', platformUserId: 'o', channel: 'O1', notice: { text: 'x' } }, 'O1');
    const rounds: number[] = [];
    for (const step of [0, 500, 500, 1000]) {
      clock.advance(step);
      sent.length = 0;
      await delivery.runOnce();
      rounds.push(sent.filter((s) => s.startsWith('teams')).length);
    }
    // Two a second, whatever the channel; the other platform is not held back.
    expect(rounds).toEqual([2, 0, 2, 1]);
    expect(outbox.rows.every((r) => r.status === 'done')).toBe(true);
    expect(ids.map((id) => outbox.row(id).attempts)).toEqual([1, 1, 1, 1, 1]);
  });

  it('claims nothing while every platform it paces is paused, so waiting rows stay untouched in the table', async () => {
    const limited = recordingGateway('slack', new ChatDeliveryError('rate limit', 'rate_limited', 5000));
    const clock = manualClock();
    const handlers = chatHandlers({ outbox: {} as OutboxStore, store: {} as DeskStore, directory, gateways: [limited.gateway], clock, log: captureLog().log });
    const { outbox, delivery } = engine(handlers, { clock, pacing: { slack: channelIntervalPacing(1000) } });
    outbox.add({ kind: 'person.notify', platform: 'slack', memberId: 'anna', notice: { text: 'one' } });
    await delivery.runOnce();
    const waiting = outbox.add({ kind: 'person.notify', platform: 'slack', memberId: 'ben', notice: { text: 'two' } });
    const dueAt = outbox.row(waiting).dueAt;
    clock.advance(1000);
    expect(await delivery.runOnce()).toBe(0);
    expect(outbox.row(waiting)).toMatchObject({ status: 'pending', attempts: 0, dueAt });
    clock.advance(4000);
    await delivery.runOnce();
    expect(outbox.row(waiting).attempts).toBe(1);
  });

  it('pauses only the platform that asked to slow down', async () => {
    const limited = recordingGateway('slack', new ChatDeliveryError('rate limit', 'rate_limited', 5000));
    const teams = recordingGateway('msteams');
    const clock = manualClock();
    const handlers = chatHandlers({ outbox: {} as OutboxStore, store: {} as DeskStore, directory, gateways: [limited.gateway, teams.gateway], clock, log: captureLog().log });
    const { outbox, delivery } = engine(handlers, { clock });
    const first = outbox.add({ kind: 'person.notify', platform: 'slack', memberId: 'anna', notice: { text: 'one' } });
    await delivery.runOnce();
    expect(outbox.row(first)).toMatchObject({ status: 'pending', dueAt: clock.now().getTime() + 5000 });
    const second = outbox.add({ kind: 'person.notify', platform: 'slack', memberId: 'ben', notice: { text: 'two' } });
    const other = outbox.add({ kind: 'person.notify', platform: 'msteams', memberId: 'ben', notice: { text: 'three' } });
    clock.advance(1000);
    await delivery.runOnce();
    // Not tried while its platform is paused, so the attempt does not count.
    expect(outbox.row(second)).toMatchObject({ status: 'pending', attempts: 0, dueAt: clock.now().getTime() + 4000 });
    expect(outbox.row(other).status).toBe('done');
    expect(teams.calls).toEqual(['dm ben three']);
  });
});
