import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { SNOOZE_CHOICE_INPUT_ID, SNOOZE_REASON_INPUT_ID, SNOOZE_TASK, TeamsVerb } from '../../src/chat/teams/verbs.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import type { SweepResult } from '../../src/use-cases/sweep-service-levels.ts';
import { genericComment, postComment } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { berlin, serviceLevelConfig } from '../support/service-level-config.ts';
import type { SlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { TEAMS_DEFAULTS, type TeamsConnector, type TeamsPostedActivity, startTeamsConnector } from '../support/teams-connector.ts';
import { loadTeamsFixture } from '../support/teams-fixtures.ts';
import { TEAMS_CHANNEL, TEAMS_PEOPLE, cardInvoke, cardOf, cardText, installInTeam, startTeamsDesk } from '../support/teams-desk.ts';
import { waitForOutboxDrained } from '../support/wait-for-outbox-drained.ts';

/**
 * The service-level desk (test/support/service-level-config.ts) with community in Teams only: its
 * channel is the Social Inbox of the stand-in's team, anna (its lead) and deniz use Teams.
 */
function teamsServiceLevelConfig() {
  const base = serviceLevelConfig();
  return deskConfigSchema.parse({
    ...base,
    teams: base.teams.map((t) => (t.id === 'community' ? { ...t, slackChannel: undefined, msteamsChannel: TEAMS_CHANNEL, msteamsTeamId: TEAMS_DEFAULTS.team.id } : t)),
    members: base.members.map((m) =>
      m.id === 'anna' ? { ...m, msteamsUserId: TEAMS_PEOPLE.anna.aadObjectId } : m.id === 'deniz' ? { ...m, msteamsUserId: TEAMS_PEOPLE.deniz.aadObjectId } : m,
    ),
  });
}

const json = (value: unknown) => JSON.stringify(value ?? null);
type Person = (typeof TEAMS_DEFAULTS.users)[number];

describe.each(backends())('response-time reminders in Microsoft Teams on %s', (backend) => {
  const clock = new FakeClock(berlin('09:00'));
  let connector: TeamsConnector;
  let database: TestDatabase;
  let desk: Desk;
  let slack: SlackStandIn;
  let eventSeq = 0;

  beforeAll(async () => {
    connector = await startTeamsConnector({ now: () => clock.now().getTime() });
    database = await createTestDatabase(backend);
    ({ desk, slack } = await startTeamsDesk({ connector, db: database.db, clock, deskConfig: teamsServiceLevelConfig() }));
    await installInTeam(connector, desk);
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await connector?.close();
    await slack?.close();
  });
  beforeEach(async () => {
    await database.db.prisma.$executeRawUnsafe(`TRUNCATE outbox, event, chat_card, comment, job_lease`);
  });

  const settled = () => waitForOutboxDrained(database.db);

  async function sweepAt(at: Date): Promise<SweepResult> {
    clock.set(at);
    const outcome = await desk.jobs.runNow('sla-sweep');
    if (!outcome.ran) throw new Error(outcome.message);
    await settled();
    return outcome.result as SweepResult;
  }

  async function newComment(at: Date, text = 'Wann kommt das neue Video?') {
    clock.set(at);
    const res = await postComment(desk, genericComment({ createdAt: at.toISOString(), text }));
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const card = await connector.waitFor(() => connector.activities(TEAMS_CHANNEL).find((a) => !a.targeted && json(a.original).includes(commentId)), {
      description: `Teams card of ${commentId}`,
    });
    return { commentId, card };
  }

  const chatOf = (p: Person) => connector.personalConversationFor(p.id);
  /** Reminders (they carry Snooze…) about a comment, in a channel or 1:1 chat. */
  const reminders = (conversationId: string, commentId: string) =>
    connector.activities(conversationId).filter((a) => !a.targeted && json(a.original).includes(`"desk":"${SNOOZE_TASK}"`) && json(a.original).includes(commentId));
  const reminderCard = (a: TeamsPostedActivity) => cardOf(a.original as never) as { msteams?: { entities?: { type: string; text: string; mentioned: { id: string; name: string } }[] } };

  /** An invoke from a message in a person's 1:1 chat (the fixture is a channel's; Teams sends the same with a personal conversation). */
  function inPersonalChat(activity: Record<string, unknown>, p: Person) {
    return {
      ...activity,
      conversation: { conversationType: 'personal', tenantId: connector.tenantId, id: chatOf(p) },
      channelData: { tenant: { id: connector.tenantId }, source: { name: 'message' } },
    };
  }

  function snoozeFetch(p: Person, commentId: string, messageId: string) {
    const values = { ...connector.fixtureValues(), userId: p.id, userName: p.name, userAadObjectId: p.aadObjectId, commentId, messageId, replyToId: messageId, eventId: `fetch-${++eventSeq}` };
    return inPersonalChat(loadTeamsFixture('invoke-task-fetch', values), p);
  }

  function snoozeSubmit(p: Person, commentId: string, messageId: string, choice: string, reason: string) {
    const values = {
      ...connector.fixtureValues(),
      userId: p.id,
      userName: p.name,
      userAadObjectId: p.aadObjectId,
      commentId,
      messageId,
      replyToId: messageId,
      snoozeChoice: choice,
      snoozeReason: reason,
      eventId: `submit-${++eventSeq}`,
    };
    return inPersonalChat(loadTeamsFixture('invoke-task-submit', values), p);
  }

  it('reminds the holder in a 1:1 chat the bot opens, escalates into the channel with a mention, and snoozes from the dialog', async () => {
    const deniz = TEAMS_PEOPLE.deniz;
    const { commentId, card } = await newComment(berlin('09:00'));
    clock.set(berlin('09:20'));
    const claim = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId, messageId: card.id, user: deniz }));
    expect(claim.status).toBe(200);
    expect(await database.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).toMatchObject({ status: 'claimed', holderId: 'deniz' });
    await settled();

    // Resolution (4 h from 09:00): 75 % at 12:00 goes to the holder, in a 1:1 chat the bot opens.
    await sweepAt(berlin('11:59'));
    expect(reminders(chatOf(deniz), commentId)).toHaveLength(0);
    await sweepAt(berlin('12:00'));
    const opened = connector.createdConversations.filter((c) => c.kind === 'personal' && c.id === chatOf(deniz));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.request).toMatchObject({ isGroup: false, members: [{ id: deniz.id }], tenantId: connector.tenantId });
    const [toHolder] = reminders(chatOf(deniz), commentId);
    expect(toHolder).toBeDefined();
    expect(cardText(reminderCard(toHolder!))).toContain('Erledigung');
    expect(json(toHolder!.original)).not.toContain(TeamsVerb.claim);
    expect(reminders(TEAMS_CHANNEL, commentId)).toHaveLength(0);

    // 100 % at 13:00: into the channel, mentioning the holder (a mention entity Teams resolves).
    await sweepAt(berlin('13:01'));
    const [escalation] = reminders(TEAMS_CHANNEL, commentId);
    expect(escalation).toBeDefined();
    const entities = reminderCard(escalation!).msteams?.entities ?? [];
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({ type: 'mention', mentioned: { name: expect.stringContaining('Deniz') } });
    expect([deniz.id, deniz.aadObjectId]).toContain(entities[0]!.mentioned.id);
    expect(cardText(reminderCard(escalation!))).toContain(entities[0]!.text);
    expect(cardText(reminderCard(escalation!))).toContain('100 %');

    // Snooze… from the reminder in the 1:1 chat: task/fetch answers the dialog.
    clock.set(berlin('13:05'));
    const fetched = await connector.send(desk.url, snoozeFetch(deniz, commentId, toHolder!.id));
    expect(fetched.status).toBe(200);
    const dialog = fetched.body as { task: { type: string; value: { title: string; card: { contentType: string; content: unknown } } } };
    expect(dialog.task.type).toBe('continue');
    expect(dialog.task.value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const form = json(dialog.task.value.card.content);
    expect(form).toContain(`"id":"${SNOOZE_CHOICE_INPUT_ID}"`);
    expect(form).toContain(`"id":"${SNOOZE_REASON_INPUT_ID}"`);
    expect(form).toContain(`"c":"${commentId}"`);
    expect(dialog.task.value.title).toMatch(/pausieren/i);

    // Without a reason: the form again, with the error, and nothing changes.
    const refused = await connector.send(desk.url, snoozeSubmit(deniz, commentId, toHolder!.id, '2h', '   '));
    expect(refused.status).toBe(200);
    const again = refused.body as { task: { type: string; value: { card: { content: unknown } } } };
    expect(again.task.type).toBe('continue');
    expect(cardText(again.task.value.card.content)).toContain('warum');
    expect(json(again.task.value.card.content)).toContain('"value":"2h"');
    expect((await database.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).snoozedUntil).toBeNull();

    const done = await connector.send(desk.url, snoozeSubmit(deniz, commentId, toHolder!.id, '2h', 'Warten auf das Produktteam'));
    expect(done.status).toBe(200);
    expect((await database.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } })).snoozedUntil).toEqual(berlin('15:05'));
    const snoozed = await database.db.prisma.event.findFirstOrThrow({ where: { commentId, type: 'snoozed' } });
    expect(snoozed.actorId).toBe('deniz');
    expect(snoozed.data).toMatchObject({ choice: '2h', reason: 'Warten auf das Produktteam', until: berlin('15:05').toISOString() });

    // 150 % (14:00) falls inside the snooze: nothing to the lead until it ends at 15:05.
    await sweepAt(berlin('14:01'));
    expect(reminders(chatOf(TEAMS_PEOPLE.anna), commentId)).toHaveLength(0);
    await sweepAt(berlin('15:06'));
    expect(reminders(chatOf(TEAMS_PEOPLE.anna), commentId)).toHaveLength(1);
    expect(await database.db.prisma.outbox.count({ where: { status: 'failed' } })).toBe(0);
  }, 60_000);

  it('sends nothing overnight; what fell due arrives in the channel as one morning summary', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await newComment(berlin('17:00', 24), `Frage ${i}`)).commentId);
    await settled();
    const before = connector.activities(TEAMS_CHANNEL).length;
    expect(await sweepAt(berlin('18:05', 24))).toMatchObject({ examined: 3, reminded: 0, rescheduled: 3 });
    expect(await sweepAt(berlin('02:00', 25))).toMatchObject({ examined: 0 });
    expect(connector.activities(TEAMS_CHANNEL)).toHaveLength(before);

    expect(await sweepAt(berlin('08:01', 25))).toMatchObject({ examined: 3, reminded: 0, summarized: 3, summaries: 1 });
    const posted = connector.activities(TEAMS_CHANNEL).slice(before).filter((a) => !a.targeted);
    expect(posted).toHaveLength(1);
    const text = cardText(cardOf(posted[0]!.original as never));
    expect(text).toContain('3 Kommentare');
    expect(json(posted[0]!.original)).toContain('Frage 0');
    expect(await database.db.prisma.outbox.count({ where: { status: 'failed' } })).toBe(0);
  }, 60_000);
});
