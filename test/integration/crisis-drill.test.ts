import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCrisisSettings } from '../../src/desk-config/crisis-config-schema.ts';
import type { Desk } from '../../src/app.ts';
import type { CrisisReport } from '../../src/domain/crisis.ts';
import type { CrisisClockResult } from '../../src/use-cases/run-crisis-clock.ts';
import { STAKEHOLDER_CHANNEL, crisisDeskConfig } from '../support/crisis-config.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { CHANNELS, SIGNING_SECRET, USERS, blocksText, clickCard, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';
import { blockActionsBody, makeBlockActionsPayload, makeSlashCommandFields, postToSlackEndpoint, slashCommandBody } from '../support/slack-signing.ts';
import { SLACK_STAND_IN_DEFAULTS, type SlackStandIn, type StandInMessage, dmChannelIdFor, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const START = new Date('2026-11-27T09:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(START.getTime() + minutes * MIN);

describe.each(backends())('/crisis drill and declare on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  const clock = new FakeClock(START);

  beforeAll(async () => {
    standIn = await startSlackStandIn({ channels: { [STAKEHOLDER_CHANNEL]: { name: 'stakeholders' } } });
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db, clock, deskConfig: crisisDeskConfig() });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });
  beforeEach(async () => {
    await database.db.prisma.$executeRawUnsafe(
      `TRUNCATE outbox, event, chat_card, comment, job_lease, crisis_ack, crisis_step, crisis_message, crisis RESTART IDENTITY CASCADE`,
    );
    standIn.reset();
    clock.set(START);
  });

  async function crisis_(text: string, userId: string = USERS.anna) {
    const body = slashCommandBody(makeSlashCommandFields({ command: '/crisis', text, userId, channelId: CHANNELS.community }));
    const res = await postToSlackEndpoint(`${desk.url}/slack/events`, body, SIGNING_SECRET);
    expect(res.status).toBe(200);
    return JSON.parse(res.text) as { response_type: string; text: string };
  }

  async function settled() {
    await standIn.waitFor(async () => (await database.db.prisma.outbox.count({ where: { status: 'pending' } })) === 0, 10_000, 'outbox drained');
  }

  async function tick(minutes: number): Promise<CrisisClockResult> {
    clock.set(at(minutes));
    const outcome = await desk.jobs.runNow('crisis-clock');
    if (!outcome.ran) throw new Error(outcome.message);
    await settled();
    return outcome.result as CrisisClockResult;
  }

  /** Clicks a crisis button the way Slack does: a signed block_actions form body. */
  async function press(userId: string, channelId: string, messageTs: string, actionId: string, value: Record<string, string>) {
    const payload = makeBlockActionsPayload({ userId, channelId, messageTs, actionId, blockId: 'crisis', value: JSON.stringify(value) });
    const res = await postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(payload), SIGNING_SECRET);
    expect(res.status).toBe(200);
  }

  function withButton(messages: StandInMessage[], actionId: string): StandInMessage | undefined {
    return messages.find((m) => blocksText(m.blocks).includes(actionId));
  }

  async function activeCrisis() {
    return database.db.prisma.crisis.findFirstOrThrow({ where: { status: 'active' } });
  }

  it('runs a drill end to end: room, invites, pages, board, burst cards, acknowledgements, steps, claims → report with the right timings', async () => {
    const started = await crisis_('drill recall');
    expect(started.response_type).toBe('ephemeral');
    expect(started.text).toMatch(/#1/);
    await settled();

    // The room: a new channel with the roster invited (the bot created it, so it is in it).
    const [room] = standIn.createdChannels();
    expect(room?.name).toMatch(/^crisis-drill-1-20261127$/);
    const roomId = room!.id;
    expect(new Set(standIn.channelMembers(roomId))).toEqual(new Set([SLACK_STAND_IN_DEFAULTS.botUserId, USERS.anna, USERS.ben, USERS.deniz, USERS.clara, USERS.ops]));
    const crisis = await activeCrisis();
    expect(crisis.roomChannel).toBe(roomId);

    // Board with a Done button per step, and the holding statement with Approve.
    const board = withButton(standIn.messages(roomId), 'desk.crisis.step');
    expect(board).toBeDefined();
    expect(blocksText(board!.blocks).match(/desk\.crisis\.step/g)).toHaveLength(4);
    const statement = withButton(standIn.messages(roomId), 'desk.crisis.approve');
    expect(statement).toBeDefined();
    // Everyone on the roster is paged once, by direct message, with an Acknowledge button.
    for (const user of [USERS.anna, USERS.ben, USERS.deniz, USERS.clara, USERS.ops]) {
      expect(standIn.messages(dmChannelIdFor(user)).filter((m) => blocksText(m.blocks).includes('desk.crisis.ack'))).toHaveLength(1);
    }
    // A drill tells no stakeholders.
    expect(standIn.messages(STAKEHOLDER_CHANNEL)).toHaveLength(0);

    // The burst (30 comments over 5 minutes) is injected as it comes due; clicks happen in between, in clock order.
    expect((await tick(1)).injected).toBe(6);

    // Acknowledgements: anna after 2 min, clara after 3; anna's second click changes nothing.
    const annaPage = withButton(standIn.messages(dmChannelIdFor(USERS.anna)), 'desk.crisis.ack')!;
    clock.set(at(2));
    await press(USERS.anna, dmChannelIdFor(USERS.anna), annaPage.ts, 'desk.crisis.ack', { k: crisis.id });
    clock.set(at(2.2));
    await press(USERS.anna, dmChannelIdFor(USERS.anna), annaPage.ts, 'desk.crisis.ack', { k: crisis.id });
    expect((await tick(2.5)).injected).toBe(9);
    clock.set(at(3));
    const claraPage = withButton(standIn.messages(dmChannelIdFor(USERS.clara)), 'desk.crisis.ack')!;
    await press(USERS.clara, dmChannelIdFor(USERS.clara), claraPage.ts, 'desk.crisis.ack', { k: crisis.id });
    await settled();
    expect(await database.db.prisma.crisisAck.count({ where: { crisisId: crisis.id } })).toBe(2);
    // The page is updated in place: no more button for anna.
    const annaNow = standIn.messages(dmChannelIdFor(USERS.anna)).find((m) => m.ts === annaPage.ts)!;
    expect(blocksText(annaNow.blocks)).not.toContain('desk.crisis.ack');

    // Steps: acknowledge at +4 (on time); inform legal at +12 (2 min late) and the statement at +14 (on time) follow below.
    clock.set(at(4));
    await press(USERS.anna, roomId, board!.ts, 'desk.crisis.step', { k: crisis.id, s: 'acknowledge' });

    expect((await tick(5)).injected).toBe(15);
    expect((await tick(6)).injected).toBe(0);
    // Through routing, as drill cards: each with a card, the crisis priority, no link to any network.
    const drill = await database.db.prisma.comment.findMany({ where: { crisisId: crisis.id }, include: { cards: true }, orderBy: { receivedAt: 'asc' } });
    expect(drill).toHaveLength(30);
    expect(drill.every((c) => c.isDrill && c.priority === 'crisis' && c.permalink === null)).toBe(true);
    expect(drill.every((c) => c.cards.length === 1 && c.cards[0]!.messageId)).toBe(true);
    const firstCard = standIn.messages(drill[0]!.cards[0]!.channel).find((m) => m.ts === drill[0]!.cards[0]!.messageId)!;
    expect(blocksText(firstCard.blocks)).toMatch(/ÜBUNG|DRILL/);

    // Claims and answers on drill cards, like real ones: deniz claims 3 at +7, answers 2 at +9.
    clock.set(at(7));
    for (const c of drill.slice(0, 3)) {
      const card = c.cards[0]!;
      await clickCard(desk, { userId: USERS.deniz, commentId: c.id, channelId: card.channel, messageTs: card.messageId!, action: 'claim' });
    }
    clock.set(at(9));
    for (const c of drill.slice(0, 2)) {
      const card = c.cards[0]!;
      await clickCard(desk, { userId: USERS.deniz, commentId: c.id, channelId: card.channel, messageTs: card.messageId!, action: 'answer' });
    }
    await settled();

    clock.set(at(12));
    await press(USERS.clara, roomId, board!.ts, 'desk.crisis.step', { k: crisis.id, s: 'inform-legal' });
    clock.set(at(13));
    // Ticked already: clara is told who did it, privately.
    await press(USERS.clara, roomId, board!.ts, 'desk.crisis.step', { k: crisis.id, s: 'acknowledge' });
    clock.set(at(14));
    await press(USERS.deniz, roomId, statement!.ts, 'desk.crisis.approve', { k: crisis.id });
    await settled();
    expect(standIn.ephemerals(roomId).filter((e) => e.user === USERS.clara)).toHaveLength(1);
    const statementNow = standIn.messages(roomId).find((m) => m.ts === statement!.ts)!;
    expect(blocksText(statementNow.blocks)).not.toContain('desk.crisis.approve');

    // Drill comments are absent from the real figures: /desk status counts none of them.
    const status = await (async () => {
      const body = slashCommandBody(makeSlashCommandFields({ command: '/desk', text: 'status', userId: USERS.anna, channelId: CHANNELS.community }));
      return JSON.parse((await postToSlackEndpoint(`${desk.url}/slack/events`, body, SIGNING_SECRET)).text) as { text: string };
    })();
    expect(await desk.store.openWorkByTeam(at(14))).toEqual([]);
    expect(status.text).not.toMatch(/\d+ (offen|open)/);

    // /crisis status shows progress.
    const live = await crisis_('status', USERS.ben);
    expect(live.text).toContain('Rückruf');

    // End at +20: report in the room, stored, listable; leftover drill comments closed.
    clock.set(at(20));
    const ended = await crisis_('end', USERS.deniz);
    expect(ended.text).toMatch(/#1/);
    await settled();
    const stored = await database.db.prisma.crisis.findUniqueOrThrow({ where: { id: crisis.id } });
    expect(stored.status).toBe('ended');
    const report = stored.report as unknown as CrisisReport;
    expect(report.firstAckMs).toBe(2 * MIN);
    expect(report.roles.find((r) => r.role === 'lead')).toMatchObject({ firstAckById: 'anna', firstAckMs: 2 * MIN });
    expect(report.roles.find((r) => r.role === 'legal')).toMatchObject({ firstAckById: 'clara', firstAckMs: 3 * MIN });
    expect(report.roles.find((r) => r.role === 'management')).toMatchObject({ firstAckById: null, firstAckMs: null });
    expect(report.steps.map((s) => [s.stepId, s.doneMs, s.onTime])).toEqual([
      ['acknowledge', 4 * MIN, true],
      ['inform-legal', 12 * MIN, false],
      ['approve-statement', 14 * MIN, true],
      ['all-clear', null, null],
    ]);
    expect(report.statement).toEqual({ approvedMs: 14 * MIN, approvedById: 'deniz' });
    expect(report.comments).toMatchObject({ received: 30, claimed: 3, answered: 2, open: 28 });
    expect(report.missed).toEqual(
      expect.arrayContaining([
        { kind: 'role_unacknowledged', role: 'communications' },
        { kind: 'step_late', stepId: 'inform-legal', lateMs: 2 * MIN },
        { kind: 'step_not_done', stepId: 'all-clear' },
        { kind: 'comments_unanswered', count: 28 },
      ]),
    );
    const reportMessage = standIn.messages(roomId).at(-1)!;
    expect(reportMessage.ts).not.toBe(board!.ts);
    expect(blocksText(reportMessage.blocks)).toContain('Rückruf');
    // No buttons left on the board after the end.
    expect(blocksText(standIn.messages(roomId).find((m) => m.ts === board!.ts)!.blocks)).not.toContain('desk.crisis.step');
    // The practice comments stop here: closed, no more reminders.
    expect(await database.db.prisma.comment.count({ where: { crisisId: crisis.id, status: { in: ['open', 'claimed'] } } })).toBe(0);
    const listed = await crisis_('reports');
    expect(listed.text).toContain('Rückruf');
    const one = await crisis_('report 1');
    expect(one.text).toContain('Rückruf');
    // A repeated end changes nothing.
    expect((await crisis_('end', USERS.deniz)).text).not.toMatch(/#1/);
  }, 60_000);

  it('refuses cleanly: strangers, people without the right to declare (told who can), a second crisis, ended crises, bad input', async () => {
    const stranger = await crisis_('drill', USERS.stranger);
    expect(stranger.response_type).toBe('ephemeral');
    expect(await database.db.prisma.crisis.count()).toBe(0);

    const declare = await crisis_('declare Produktfoto geht viral', USERS.deniz);
    expect(declare.text).toContain('Anna');
    expect(declare.text).toContain('Ben');
    expect(await database.db.prisma.crisis.count()).toBe(0);

    const unknown = await crisis_('drill no-such-scenario');
    expect(unknown.text).toContain('recall');
    expect(await database.db.prisma.crisis.count()).toBe(0);

    expect((await crisis_('update')).text).toContain('/crisis update');
    expect((await crisis_('frobnicate')).text).toContain('/crisis help');
    expect((await crisis_('status')).text).toBeTruthy();
    expect((await crisis_('help')).text).toContain('drill');

    // Two drills started at the same moment: one wins, the other is told which one runs.
    const [a, b] = await Promise.all([crisis_('drill'), crisis_('drill', USERS.deniz)]);
    expect([a.text, b.text].filter((t) => /#1/.test(t))).toHaveLength(2);
    expect(await database.db.prisma.crisis.count()).toBe(1);
    const second = await crisis_('drill', USERS.deniz);
    expect(second.text).toMatch(/#1/);
    expect(await database.db.prisma.crisis.count()).toBe(1);
    await settled();
    const crisis = await activeCrisis();

    // A forged button (unknown crisis id, a step that does not exist, a malformed value) changes nothing.
    const board = withButton(standIn.messages(crisis.roomChannel!), 'desk.crisis.step')!;
    await press(USERS.anna, crisis.roomChannel!, board.ts, 'desk.crisis.step', { k: '00000000-0000-4000-8000-000000000000', s: 'acknowledge' });
    await press(USERS.anna, crisis.roomChannel!, board.ts, 'desk.crisis.step', { k: crisis.id, s: 'no-such-step' });
    const malformed = makeBlockActionsPayload({ userId: USERS.anna, channelId: crisis.roomChannel!, messageTs: board.ts, actionId: 'desk.crisis.step', blockId: 'crisis', value: 'not json' });
    expect((await postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(malformed), SIGNING_SECRET)).status).toBe(200);
    // A forged signature is refused before anything happens.
    const forged = await postToSlackEndpoint(
      `${desk.url}/slack/events`,
      blockActionsBody(makeBlockActionsPayload({ userId: USERS.anna, channelId: crisis.roomChannel!, messageTs: board.ts, actionId: 'desk.crisis.step', blockId: 'crisis', value: JSON.stringify({ k: crisis.id, s: 'acknowledge' }) })),
      'wrong-secret',
    );
    expect(forged.status).toBe(401);
    await settled();
    expect(await database.db.prisma.crisisStep.count({ where: { crisisId: crisis.id, doneAt: { not: null } } })).toBe(0);

    // Someone not on the desk cannot tick; anna ends; clicks afterwards are refused.
    await press(USERS.stranger, crisis.roomChannel!, board.ts, 'desk.crisis.step', { k: crisis.id, s: 'acknowledge' });
    await crisis_('end');
    await press(USERS.anna, crisis.roomChannel!, board.ts, 'desk.crisis.step', { k: crisis.id, s: 'acknowledge' });
    await settled();
    expect(await database.db.prisma.crisisStep.count({ where: { crisisId: crisis.id, doneAt: { not: null } } })).toBe(0);
  }, 30_000);

  it('declares a real crisis: no burst, stakeholders told, new comments on its sources flagged with crisis targets, updates to both channels', async () => {
    const declared = await crisis_('declare Foto von Plastikteilen geht viral', USERS.ben);
    expect(declared.text).toMatch(/#1/);
    await settled();
    const crisis = await activeCrisis();
    expect(crisis.kind).toBe('real');
    expect(crisis.summary).toBe('Foto von Plastikteilen geht viral');
    expect(standIn.createdChannels()[0]?.name).toMatch(/^crisis-1-/);
    // The stakeholder channel hears about it.
    expect(standIn.messages(STAKEHOLDER_CHANNEL)).toHaveLength(1);

    // No synthetic comments in a real crisis.
    expect((await tick(10)).injected).toBe(0);

    // A real comment now arrives flagged, with the crisis priority's targets.
    clock.set(at(11));
    const res = await postComment(desk, genericComment({ source: 'facebook', text: 'Was ist da los?' }));
    expect(res.status).toBe(201);
    const flagged = await database.db.prisma.comment.findUniqueOrThrow({ where: { id: res.json.commentId as string } });
    expect(flagged).toMatchObject({ crisisId: crisis.id, isDrill: false, priority: 'crisis' });
    expect(flagged.firstResponseDueAt).toEqual(at(11 + 15));
    await settled();
    const card = standIn.messages(CHANNELS.community).find((m) => (m.metadata as { event_payload?: { comment_id?: string } })?.event_payload?.comment_id === flagged.id)!;
    expect(blocksText(card.blocks)).toContain('🚨');

    // Status updates go to the room and to the stakeholders.
    clock.set(at(12));
    await crisis_('update Statement ist raus, Presse informiert.', USERS.deniz);
    await settled();
    expect(standIn.messages(crisis.roomChannel!).some((m) => (m.text ?? '').includes('Presse informiert') || blocksText(m.blocks).includes('Presse informiert'))).toBe(true);
    expect(standIn.messages(STAKEHOLDER_CHANNEL).some((m) => blocksText(m.blocks).includes('Presse informiert'))).toBe(true);

    // Only who may declare may end it; then the report goes to the room and the stakeholders.
    expect((await crisis_('end', USERS.clara)).text).toContain('Anna');
    clock.set(at(40));
    await crisis_('end', USERS.ben);
    await settled();
    const stored = await database.db.prisma.crisis.findUniqueOrThrow({ where: { id: crisis.id } });
    expect((stored.report as unknown as CrisisReport).updates).toBe(1);
    expect(standIn.messages(STAKEHOLDER_CHANNEL)).toHaveLength(3);
    // After the end, new comments are not flagged any more.
    clock.set(at(41));
    const after = await postComment(desk, genericComment({ source: 'facebook', text: 'Und jetzt?' }));
    expect(await database.db.prisma.comment.findUniqueOrThrow({ where: { id: after.json.commentId as string } })).toMatchObject({ crisisId: null, priority: 'normal' });
  }, 30_000);

  it('keeps one crisis active even when two starts reach the store at the same moment', async () => {
    const scenario = buildCrisisSettings(crisisDeskConfig().crisis)!.scenarios[0]!;
    const start = (id: string) =>
      desk.crises.startCrisis(
        { id, kind: 'drill', platform: 'slack', scenario, roster: [], summary: null, locale: 'de', startedById: 'anna', startedAt: START, timeLimitAt: at(60), roomChannel: null, stakeholderChannel: null, sources: [] },
        [],
      );
    const results = await Promise.all([start(randomUUID()), start(randomUUID()), start(randomUUID())]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results.find((r) => r.ok)!;
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, active: { id: winner.ok ? winner.crisis.id : '' } });
    expect(await database.db.prisma.crisis.count()).toBe(1);
  });

  it('ends a drill at its time limit through the crisis clock, and reports it', async () => {
    await crisis_('drill recall');
    await settled();
    const crisis = await activeCrisis();
    const result = await tick(61);
    expect(result).toMatchObject({ injected: 30, ended: 1, reported: 1 });
    const stored = await database.db.prisma.crisis.findUniqueOrThrow({ where: { id: crisis.id } });
    expect(stored).toMatchObject({ status: 'ended', endReason: 'time_limit' });
    expect((stored.report as unknown as CrisisReport).endReason).toBe('time_limit');
    // A new drill may start now.
    expect((await crisis_('drill')).text).toMatch(/#2/);
  }, 30_000);
});

describe('/crisis with a configured room channel', () => {
  it('joins the configured channel, invites the roster and posts there instead of creating a channel', async () => {
    const ROOM = 'C0CRISIS01';
    const standIn = await startSlackStandIn({ channels: { [ROOM]: { name: 'krisenraum', botIsMember: false } } });
    const database = await createTestDatabase('pglite');
    const desk = await startTestDesk({ standIn, db: database.db, clock: new FakeClock(START), deskConfig: crisisDeskConfig({ room: { channel: ROOM } }) });
    try {
      const body = slashCommandBody(makeSlashCommandFields({ command: '/crisis', text: 'drill', userId: USERS.anna, channelId: CHANNELS.community }));
      expect((await postToSlackEndpoint(`${desk.url}/slack/events`, body, SIGNING_SECRET)).status).toBe(200);
      await standIn.waitFor(async () => (await database.db.prisma.outbox.count({ where: { status: 'pending' } })) === 0, 10_000, 'outbox drained');
      expect(standIn.createdChannels()).toEqual([]);
      expect(standIn.callsTo('conversations.join').map((c) => c.args.channel)).toEqual([ROOM]);
      expect(new Set(standIn.channelMembers(ROOM))).toEqual(new Set([SLACK_STAND_IN_DEFAULTS.botUserId, USERS.anna, USERS.ben, USERS.deniz, USERS.clara, USERS.ops]));
      expect(standIn.messages(ROOM).some((m) => blocksText(m.blocks).includes('desk.crisis.step'))).toBe(true);
      expect(await database.db.prisma.outbox.count({ where: { status: 'failed' } })).toBe(0);
    } finally {
      await desk.stop();
      await database.drop();
      await standIn.close();
    }
  }, 30_000);
});
