import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { TeamsVerb } from '../../src/chat/teams/verbs.ts';
import type { CrisisReport } from '../../src/domain/crisis.ts';
import type { CrisisClockResult } from '../../src/use-cases/run-crisis-clock.ts';
import { crisisDeskConfig } from '../support/crisis-config.ts';
import { FakeClock } from '../support/fake-clock.ts';
import type { SlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { TEAMS_DEFAULTS, type TeamsConnector, type TeamsMember, type TeamsPostedActivity, startTeamsConnector } from '../support/teams-connector.ts';
import { loadTeamsFixture } from '../support/teams-fixtures.ts';
import { TEAMS_CHANNEL, TEAMS_PEOPLE, cardOf, cardText, installInTeam, startTeamsDesk, teamsDeskConfig } from '../support/teams-desk.ts';
import { waitForOutboxDrained } from '../support/wait-for-outbox-drained.ts';

const START = new Date('2026-11-27T09:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(START.getTime() + minutes * MIN);

/** The rest of the crisis roster, as people of the stand-in's team (anna and deniz are TEAMS_PEOPLE). */
const person = (name: string, aad: string, id: string): TeamsMember => ({ id: `29:1StandIn${id}`, name, aadObjectId: aad, userPrincipalName: `${name.toLowerCase()}@contoso.example` });
const MORE_PEOPLE = {
  ben: person('Ben Vogel', '5a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', 'BenQ7wE3rT9yU1iO5pA2sD8fG4hJ6kL0zX'),
  clara: person('Clara Roth', '9c8b7a6f-5e4d-4c3b-9a2f-1e0d9c8b7a6f', 'ClaraM2nB6vC0xZ4lK8jH3gF7dS1aP5oI'),
  ops: person('Ops Desk', '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b', 'OpsY5tR1eW7qA3sD9fG2hJ6kL0zX4cV8b'),
};
const ROSTER = { anna: TEAMS_PEOPLE.anna, deniz: TEAMS_PEOPLE.deniz, ...MORE_PEOPLE };
type RosterId = keyof typeof ROSTER;

/** The Teams desk with the crisis section of crisisDeskConfig and everyone on the roster in Teams; rooms are made through Graph. */
function teamsCrisisConfig() {
  const { crisis } = crisisDeskConfig();
  return teamsDeskConfig((raw) => {
    raw.crisis = crisis;
    raw.members = raw.members.map((m) => (m.id in MORE_PEOPLE ? { ...m, msteamsUserId: MORE_PEOPLE[m.id as keyof typeof MORE_PEOPLE].aadObjectId } : m));
  });
}

const json = (value: unknown) => JSON.stringify(value ?? null);

describe.each(backends())('a crisis drill from Microsoft Teams on %s', (backend) => {
  const clock = new FakeClock(START);
  let connector: TeamsConnector;
  let database: TestDatabase;
  let desk: Desk;
  let slack: SlackStandIn;
  let messageSeq = 0;

  beforeAll(async () => {
    connector = await startTeamsConnector({
      now: () => clock.now().getTime(),
      teams: [{ ...TEAMS_DEFAULTS.team, channels: [{ ...TEAMS_DEFAULTS.channel }], members: Object.values(ROSTER).map((p) => ({ ...p })) }],
    });
    database = await createTestDatabase(backend);
    ({ desk, slack } = await startTeamsDesk({ connector, db: database.db, clock, deskConfig: teamsCrisisConfig() }));
    await installInTeam(connector, desk);
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await connector?.close();
    await slack?.close();
  });

  const settled = () => waitForOutboxDrained(database.db);

  async function tick(minutes: number): Promise<CrisisClockResult> {
    clock.set(at(minutes));
    const outcome = await desk.jobs.runNow('crisis-clock');
    if (!outcome.ran) throw new Error(outcome.message);
    await settled();
    return outcome.result as CrisisClockResult;
  }

  function who(id: RosterId) {
    const p = ROSTER[id];
    return { userId: p.id, userName: p.name, userAadObjectId: p.aadObjectId };
  }

  /** `@Community Desk <text>` in the Social Inbox channel, as Teams delivers a channel mention. */
  async function mention(id: RosterId, text: string) {
    messageSeq += 1;
    const activityId = String(1_765_102_500_000 + messageSeq);
    const activity = loadTeamsFixture('message-channel-mention', { ...connector.fixtureValues(), ...who(id), mentionText: text, activityId });
    const res = await connector.send(desk.url, activity);
    expect(res.status).toBe(200);
  }

  /** A message in the person's 1:1 chat with the bot. */
  async function direct(id: RosterId, text: string) {
    messageSeq += 1;
    const activityId = String(1_765_102_500_000 + messageSeq);
    const values = { ...connector.fixtureValues(), ...who(id), personalText: text, activityId, personalConversationId: connector.personalConversationFor(ROSTER[id].id) };
    const res = await connector.send(desk.url, loadTeamsFixture('message-personal', values));
    expect(res.status).toBe(200);
  }

  /** A press of an Action.Execute on a message the bot posted: in a channel (a thread of it) or in a 1:1 chat. */
  async function press(id: RosterId, posted: TeamsPostedActivity, verb: string, data: Record<string, string>) {
    const personal = !posted.baseConversationId.startsWith('19:');
    const values = { ...connector.fixtureValues(), ...who(id), verb, messageId: posted.id, replyToId: posted.id, eventId: `${verb}-${id}-${++messageSeq}`, commentId: 'unused' };
    const patch = personal
      ? {
          conversation: { conversationType: 'personal', isGroup: undefined, id: posted.baseConversationId },
          channelData: { tenant: { id: connector.tenantId }, channel: undefined, team: undefined, teamsChannelId: undefined, teamsTeamId: undefined },
          value: { action: { data } },
        }
      : {
          conversation: { id: `${posted.baseConversationId};messageid=${posted.id}` },
          channelData: { channel: { id: posted.baseConversationId }, teamsChannelId: posted.baseConversationId },
          value: { action: { data } },
        };
    const activity = loadTeamsFixture('invoke-adaptive-card-action', values, patch);
    (activity.value as { action: { data: Record<string, unknown> } }).action.data = data;
    const res = await connector.send(desk.url, activity);
    expect(res.status).toBe(200);
    return res;
  }

  const withVerb = (activities: TeamsPostedActivity[], verb: string) => activities.filter((a) => json(a.activity).includes(`"verb":"${verb}"`));
  const pageOf = (id: RosterId) => withVerb(connector.activities(connector.personalConversationFor(ROSTER[id].id)), TeamsVerb.crisisAck)[0];
  /** What the bot told a person privately in the Social Inbox channel (targeted messages). */
  const targetedTo = (id: RosterId, channel: string = TEAMS_CHANNEL) =>
    connector.activities(channel).filter((a) => a.targeted && (a.activity.recipient as { id?: string } | undefined)?.id === ROSTER[id].id);
  const textOf = (a: TeamsPostedActivity | undefined) => `${String(a?.activity.text ?? '')}\n${cardText(cardOf(a?.activity as never))}`;

  it('runs a drill started by @mention: room through Graph, board and statement, pages in 1:1 chats, presses update the board, burst cards, end by message, report', async () => {
    const aadGroupId = TEAMS_DEFAULTS.team.aadGroupId;
    const channelsBefore = connector.graphChannels(aadGroupId).length;

    await mention('anna', 'crisis drill');
    // The answer goes to anna alone: a targeted message in the channel, nothing anyone else sees.
    const started = await connector.waitFor(() => targetedTo('anna')[0], { description: 'targeted answer to anna' });
    expect(textOf(started)).toMatch(/#1/);
    expect(connector.activities(TEAMS_CHANNEL).filter((a) => !a.targeted)).toHaveLength(0);
    await settled();

    // The room: a standard channel created through Graph in the team, addressed by its group id (GUID).
    const creates = connector.callsTo('graph.channels.create');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.graphTeamId).toBe(aadGroupId);
    expect(creates[0]!.status).toBe(201);
    const rooms = connector.graphChannels(aadGroupId);
    expect(rooms).toHaveLength(channelsBefore + 1);
    const room = rooms.at(-1)!;
    expect(room).toMatchObject({ displayName: 'crisis-drill-1-20261127', membershipType: 'standard' });
    const crisis = await database.db.prisma.crisis.findFirstOrThrow({ where: { status: 'active' } });
    expect(crisis).toMatchObject({ kind: 'drill', platform: 'msteams', roomChannel: room.id });

    // Board (a Done per step) and holding statement (Approve) posted into the room.
    const board = withVerb(connector.activities(room.id), TeamsVerb.crisisStep)[0]!;
    expect(board).toBeDefined();
    expect(json(board.activity).match(/desk\.crisis\.step/g)).toHaveLength(4);
    const statement = withVerb(connector.activities(room.id), TeamsVerb.crisisApprove)[0]!;
    expect(statement).toBeDefined();
    expect(cardText(cardOf(statement.activity as never))).toContain('Wir wissen von dem Foto');

    // Everyone on the roster paged once in a 1:1 chat the bot opened, with Acknowledge.
    const personal = connector.createdConversations.filter((c) => c.kind === 'personal');
    const pagedPeople = personal.map((c) => (c.request.members as { id: string }[])[0]!.id).map((id) => Object.values(ROSTER).find((p) => p.id === id || p.aadObjectId === id)?.name);
    expect(new Set(pagedPeople)).toEqual(new Set(Object.values(ROSTER).map((p) => p.name)));
    for (const id of Object.keys(ROSTER) as RosterId[]) {
      const chat = connector.personalConversationFor(ROSTER[id].id);
      expect(withVerb(connector.activities(chat), TeamsVerb.crisisAck), id).toHaveLength(1);
    }

    // The burst (30 over 5 minutes) comes as drill cards into the Teams channel (and Slack). The clock
    // moves a minute per tick: Teams' pacing (7 posts a second per conversation) runs on the desk's clock.
    expect((await tick(1)).injected).toBe(6);

    // anna acknowledges her page at +2, twice; clara at +3.
    const annaPage = pageOf('anna')!;
    expect((await tick(2)).injected).toBe(6);
    await press('anna', annaPage, TeamsVerb.crisisAck, { k: crisis.id });
    clock.set(at(2.2));
    await press('anna', annaPage, TeamsVerb.crisisAck, { k: crisis.id });
    expect((await tick(3)).injected).toBe(6);
    await press('clara', pageOf('clara')!, TeamsVerb.crisisAck, { k: crisis.id });
    await settled();
    expect(await database.db.prisma.crisisAck.count({ where: { crisisId: crisis.id } })).toBe(2);
    // The board shows who acknowledged (a PUT of its activity)…
    expect(connector.updates(room.id).filter((u) => u.activityId === board.id).length).toBeGreaterThan(0);
    expect(cardText(cardOf(connector.activity(board.id)!.activity as never))).toContain('Clara');
    // …and the page is updated in place: no Acknowledge left for anna.
    const annaNow = connector.activity(annaPage.id)!;
    expect(annaNow.updateCount).toBeGreaterThan(0);
    expect(json(annaNow.activity)).not.toContain(TeamsVerb.crisisAck);

    // A step done at +4 updates the board (PUT of the board's activity).
    const boardUpdates = () => connector.updates(room.id).filter((u) => u.activityId === board.id);
    const before = boardUpdates().length;
    expect((await tick(4)).injected).toBe(6);
    await press('anna', board, TeamsVerb.crisisStep, { k: crisis.id, s: 'acknowledge' });
    await settled();
    expect(boardUpdates().length).toBeGreaterThan(before);
    expect(json(boardUpdates().at(-1)!.activity).match(/desk\.crisis\.step/g)).toHaveLength(3);

    expect((await tick(5)).injected).toBe(6);
    const drill = await database.db.prisma.comment.findMany({ where: { crisisId: crisis.id }, include: { cards: true } });
    expect(drill).toHaveLength(30);
    const teamsCards = connector.activities(TEAMS_CHANNEL).filter((a) => !a.targeted && drill.some((c) => json(a.original).includes(c.id)));
    expect(teamsCards).toHaveLength(30);
    expect(cardText(cardOf(teamsCards[0]!.original as never))).toMatch(/ÜBUNG|DRILL/);
    expect(drill.every((c) => c.cards.some((card) => card.platform === 'msteams' && card.messageId))).toBe(true);

    // A step ticked already: clara is told who did it, by a targeted message in the room only she sees.
    clock.set(at(13));
    await press('clara', board, TeamsVerb.crisisStep, { k: crisis.id, s: 'acknowledge' });
    await settled();
    const told = targetedTo('clara', room.id);
    expect(told).toHaveLength(1);
    expect(textOf(told[0])).toContain('Anna');

    // Approve the statement at +14: the statement loses its button.
    clock.set(at(14));
    await press('deniz', statement, TeamsVerb.crisisApprove, { k: crisis.id });
    await settled();
    expect(connector.activity(statement.id)!.updateCount).toBeGreaterThan(0);
    expect(json(connector.activity(statement.id)!.activity)).not.toContain(TeamsVerb.crisisApprove);

    // `crisis end` in deniz' 1:1 chat at +20: answered there as a normal message; the report goes into the room.
    clock.set(at(20));
    const denizChat = connector.personalConversationFor(ROSTER.deniz.id);
    const inChatBefore = connector.activities(denizChat).length;
    await direct('deniz', 'crisis end');
    const answer = await connector.waitFor(() => connector.activities(denizChat).slice(inChatBefore).find((a) => !a.targeted), { description: 'answer in the 1:1 chat' });
    expect(textOf(answer)).toMatch(/#1/);
    await settled();
    const stored = await database.db.prisma.crisis.findUniqueOrThrow({ where: { id: crisis.id } });
    expect(stored.status).toBe('ended');
    const report = stored.report as unknown as CrisisReport;
    expect(report.firstAckMs).toBe(2 * MIN);
    expect(report.roles.find((r) => r.role === 'lead')).toMatchObject({ firstAckById: 'anna', firstAckMs: 2 * MIN });
    expect(report.roles.find((r) => r.role === 'legal')).toMatchObject({ firstAckById: 'clara', firstAckMs: 3 * MIN });
    expect(report.steps.map((s) => [s.stepId, s.doneMs])).toEqual([
      ['acknowledge', 4 * MIN],
      ['inform-legal', null],
      ['approve-statement', 14 * MIN],
      ['all-clear', null],
    ]);
    expect(report.statement).toEqual({ approvedMs: 14 * MIN, approvedById: 'deniz' });
    const roomPosts = connector.activities(room.id).filter((a) => !a.targeted);
    const reportPost = roomPosts.at(-1)!;
    expect([board.id, statement.id]).not.toContain(reportPost.id);
    expect(textOf(reportPost)).toContain('Rückruf');
    // No buttons left on the board after the end.
    expect(json(connector.activity(board.id)!.activity)).not.toContain(TeamsVerb.crisisStep);
    expect(await database.db.prisma.outbox.count({ where: { status: 'failed' } })).toBe(0);
  }, 60_000);
});

/** A channel of the stand-in's team where stakeholders read along (the bot was never spoken to there). */
const STAKEHOLDERS = { id: '19:5e6f7a8b9c0d4e1f8a2b3c4d5e6f7a8b@thread.tacv2', displayName: 'Stakeholders' };
/** The configured room: the team's General channel (its id is the team's thread id). */
const FIXED_ROOM = TEAMS_DEFAULTS.team.id;

describe.each(backends())('a real crisis declared from Microsoft Teams, with a configured room and stakeholder channel, on %s', (backend) => {
  const clock = new FakeClock(START);
  let connector: TeamsConnector;
  let database: TestDatabase;
  let desk: Desk;
  let slack: SlackStandIn;

  beforeAll(async () => {
    connector = await startTeamsConnector({
      now: () => clock.now().getTime(),
      teams: [{ ...TEAMS_DEFAULTS.team, channels: [{ ...TEAMS_DEFAULTS.channel }, STAKEHOLDERS], members: Object.values(ROSTER).map((p) => ({ ...p })) }],
    });
    database = await createTestDatabase(backend);
    const config = teamsDeskConfig((raw) => {
      raw.crisis = { ...teamsCrisisConfig().crisis!, room: { msteamsChannel: FIXED_ROOM, private: false }, msteamsStakeholderChannel: STAKEHOLDERS.id };
      raw.members = teamsCrisisConfig().members;
    });
    ({ desk, slack } = await startTeamsDesk({ connector, db: database.db, clock, deskConfig: config }));
    await installInTeam(connector, desk);
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await connector?.close();
    await slack?.close();
  });

  /** `@Community Desk <text>` by anna in the Social Inbox channel; resolves with the answer only she sees. */
  async function say(text: string, activityId: string) {
    const before = connector.activities(TEAMS_CHANNEL).length;
    const activity = loadTeamsFixture('message-channel-mention', { ...connector.fixtureValues(), mentionText: text, activityId });
    expect((await connector.send(desk.url, activity)).status).toBe(200);
    return connector.waitFor(() => connector.activities(TEAMS_CHANNEL).slice(before).find((a) => a.targeted), { description: `answer to "${text}"` });
  }
  const posts = (channel: string) => connector.activities(channel).filter((a) => !a.targeted);
  const textOf = (a: TeamsPostedActivity | undefined) => `${String(a?.activity.text ?? '')}\n${cardText(cardOf(a?.activity as never))}`;

  it('posts into the configured channels without creating one: board and statement in the room, announcement, updates and report to the stakeholders', async () => {
    const declared = await say('crisis declare Foto geht viral', '1765102700001');
    expect(textOf(declared)).toMatch(/#1/);
    await waitForOutboxDrained(database.db);
    expect(connector.callsTo('graph.channels.create')).toHaveLength(0);
    const crisis = await database.db.prisma.crisis.findFirstOrThrow({ where: { status: 'active' } });
    expect(crisis).toMatchObject({ kind: 'real', roomChannel: FIXED_ROOM, stakeholderChannel: STAKEHOLDERS.id });
    expect(withVerbIn(posts(FIXED_ROOM), TeamsVerb.crisisStep)).toHaveLength(1);
    expect(withVerbIn(posts(FIXED_ROOM), TeamsVerb.crisisApprove)).toHaveLength(1);
    expect(posts(STAKEHOLDERS.id)).toHaveLength(1);
    expect(textOf(posts(STAKEHOLDERS.id)[0])).toContain('Foto geht viral');

    // A press on the board in the configured room updates it there.
    const [board] = withVerbIn(posts(FIXED_ROOM), TeamsVerb.crisisStep);
    clock.set(at(5));
    const press = loadTeamsFixture(
      'invoke-adaptive-card-action',
      { ...connector.fixtureValues(), verb: TeamsVerb.crisisStep, messageId: board!.id, replyToId: board!.id, eventId: 'step-1' },
      { conversation: { id: `${FIXED_ROOM};messageid=${board!.id}` }, channelData: { channel: { id: FIXED_ROOM }, teamsChannelId: FIXED_ROOM } },
    );
    (press.value as { action: { data: unknown } }).action.data = { k: crisis.id, s: 'acknowledge' };
    expect((await connector.send(desk.url, press)).status).toBe(200);
    await waitForOutboxDrained(database.db);
    expect(connector.updates(FIXED_ROOM).filter((u) => u.activityId === board!.id).length).toBeGreaterThan(0);
    expect(json(connector.activity(board!.id)!.activity).match(/desk\.crisis\.step/g)).toHaveLength(3);

    clock.set(at(12));
    await say('crisis update Statement ist raus, Presse informiert.', '1765102700002');
    await waitForOutboxDrained(database.db);
    expect(posts(FIXED_ROOM).some((a) => textOf(a).includes('Presse informiert'))).toBe(true);
    expect(posts(STAKEHOLDERS.id).some((a) => textOf(a).includes('Presse informiert'))).toBe(true);

    clock.set(at(40));
    await say('crisis end', '1765102700003');
    await waitForOutboxDrained(database.db);
    expect(await database.db.prisma.crisis.findUniqueOrThrow({ where: { id: crisis.id } })).toMatchObject({ status: 'ended' });
    expect(posts(STAKEHOLDERS.id)).toHaveLength(3);
    expect(textOf(posts(STAKEHOLDERS.id).at(-1))).toMatch(/Auswertung.*KRISE #1/);
    expect(await database.db.prisma.outbox.count({ where: { status: 'failed' } })).toBe(0);
  }, 60_000);
});

function withVerbIn(activities: TeamsPostedActivity[], verb: string) {
  return activities.filter((a) => json(a.activity).includes(`"verb":"${verb}"`));
}
