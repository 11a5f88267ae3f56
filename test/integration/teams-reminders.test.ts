import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { SNOOZE_CHOICE_INPUT_ID, SNOOZE_REASON_INPUT_ID, SNOOZE_TASK, TeamsVerb } from '../../src/chat/teams/verbs.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import type { DigestRunResult } from '../../src/use-cases/post-weekly-digests.ts';
import type { SweepResult } from '../../src/use-cases/sweep-service-levels.ts';
import { CHANNELS, genericComment, postComment } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { berlin, serviceLevelConfig } from '../support/service-level-config.ts';
import type { SlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { TEAMS_DEFAULTS, type TeamsConnector, type TeamsPostedActivity, startTeamsConnector } from '../support/teams-connector.ts';
import { loadTeamsFixture } from '../support/teams-fixtures.ts';
import { TEAMS_CHANNEL, TEAMS_PEOPLE, cardInvoke, cardOf, cardText, installInTeam, startTeamsDesk, teamsDeskConfig } from '../support/teams-desk.ts';
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

    // Claim from the summary: written, and the summary stays a summary (the clicker reads a short answer, not the card).
    const summaryId = posted[0]!.id;
    const claim = await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId: ids[0]!, messageId: summaryId, user: TEAMS_PEOPLE.deniz }));
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String((claim.body as { value: string }).value)).toContain('Deniz');
    expect(await database.db.prisma.comment.findUniqueOrThrow({ where: { id: ids[0]! } })).toMatchObject({ status: 'claimed', holderId: 'deniz' });
  }, 60_000);
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Berlin wall time in November 2026 (UTC+1). */
const berlinOn = (day: number, hhmm: string) => new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+01:00`);

describe.each(backends())('the weekly digest in Microsoft Teams on %s', (backend) => {
  const clock = new FakeClock(berlinOn(16, '10:00'));
  let connector: TeamsConnector;
  let database: TestDatabase;
  let desk: Desk;
  let slack: SlackStandIn;

  beforeAll(async () => {
    connector = await startTeamsConnector({ now: () => clock.now().getTime() });
    database = await createTestDatabase(backend);
    const config = teamsDeskConfig((raw) => {
      // Written as in the configuration file; teamsDeskConfig parses the whole.
      (raw as { goals?: unknown }).goals = [
        { metric: 'firstResponseMedian', comparison: '<=', target: '30m' },
        { metric: 'responseRate', comparison: '>=', target: '90%' },
      ];
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

  const settled = () => waitForOutboxDrained(database.db);

  async function digestJob(at: Date): Promise<DigestRunResult> {
    clock.set(at);
    const outcome = await desk.jobs.runNow('kpi-digest');
    if (!outcome.ran) throw new Error(outcome.message);
    await settled();
    return outcome.result as DigestRunResult;
  }

  /** Digest cards (they carry the week's label in the title) in the Teams channel. */
  const digests = (week: string) => connector.activities(TEAMS_CHANNEL).filter((a) => !a.targeted && cardText(cardOf(a.original as never)).includes(week));

  /** `text` in anna's 1:1 chat with the bot; resolves with the bot's next message there. */
  async function directMessage(text: string, id: string) {
    const chat = connector.personalConversationFor(TEAMS_PEOPLE.anna.id);
    const before = connector.activities(chat).length;
    const values = { ...connector.fixtureValues(), personalText: text, activityId: id, personalConversationId: chat };
    const res = await connector.send(desk.url, loadTeamsFixture('message-personal', values));
    expect(res.status).toBe(200);
    return connector.waitFor(() => connector.activities(chat).slice(before)[0], { description: `answer to "${text}"` });
  }

  it('posts last week’s digest with its chart inline into the Teams channel; kpi in a 1:1 chat offers Post to channel, which posts a week once', async () => {
    // Week 2026-W47 (Berlin): four comments on Monday 10:00; deniz claims two at 10:20 (in Teams) and answers one at 10:30.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await postComment(desk, genericComment({ createdAt: berlinOn(16, '10:00').toISOString(), text: `Frage ${i}` }));
      ids.push(res.json.commentId as string);
    }
    await settled();
    const cardOfComment = (id: string) => connector.activities(TEAMS_CHANNEL).find((a) => !a.targeted && json(a.original).includes(id))!;
    clock.set(berlinOn(16, '10:20'));
    for (const id of ids.slice(0, 2)) {
      expect((await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.claim, commentId: id, messageId: cardOfComment(id).id, user: TEAMS_PEOPLE.deniz }))).status).toBe(200);
    }
    clock.set(berlinOn(16, '10:30'));
    expect((await connector.send(desk.url, cardInvoke(connector, { verb: TeamsVerb.answer, commentId: ids[0]!, messageId: cardOfComment(ids[0]!).id, user: TEAMS_PEOPLE.deniz }))).status).toBe(200);
    await settled();

    expect((await digestJob(berlinOn(23, '08:59'))).posted).toEqual([]);
    expect((await digestJob(berlinOn(23, '09:05'))).posted).toEqual(['community:2026-W47']);
    const posted = digests('2026-W47');
    expect(posted).toHaveLength(1);
    const card = cardOf(posted[0]!.original as never);
    const text = cardText(card);
    expect(text).toContain('Community');
    expect(text).toContain('✅');
    expect(text).toContain('❌');
    // The chart inline: a PNG as a data URL, with alt text that names the figures.
    const image = (card as { body: { type: string; url?: string; altText?: string }[] }).body.find((e) => e.type === 'Image');
    expect(image?.url).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(image!.url!.slice('data:image/png;base64,'.length), 'base64').subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(image?.altText).toMatch(/4/);
    // Slack's channel of the team gets its own copy; a second run posts nothing again.
    expect(slack.uploadedFiles().filter((u) => u.channel === CHANNELS.community)).toHaveLength(1);
    // (support and legal, in UTC, are due an hour later: their digests go to their Slack channels.)
    expect((await digestJob(berlinOn(23, '10:10'))).posted.sort()).toEqual(['legal:2026-W47', 'support:2026-W47']);
    expect(digests('2026-W47')).toHaveLength(1);

    // `kpi last` in a 1:1 chat: answered there, as the digest card with Post to channel.
    const last = await directMessage('kpi last', '1765102600001');
    expect(last.targeted).toBe(false);
    const lastCard = cardOf(last.activity as never);
    expect(cardText(lastCard)).toContain('2026-W47');
    expect(json(lastCard)).toContain(`"verb":"${TeamsVerb.kpiPost}"`);
    expect(json(lastCard)).toContain('"data":{"t":"community","w":"2026-W47"}');

    // `kpi 2026-W46` and Post to channel: that week's digest goes into the channel once, however often it is pressed.
    const w46 = await directMessage('kpi 2026-W46', '1765102600002');
    expect(cardText(cardOf(w46.activity as never))).toContain('2026-W46');
    const pressPost = async (week: string, n: number) => {
      const chat = connector.personalConversationFor(TEAMS_PEOPLE.anna.id);
      const activity = loadTeamsFixture(
        'invoke-adaptive-card-action',
        { ...connector.fixtureValues(), verb: TeamsVerb.kpiPost, messageId: w46.id, replyToId: w46.id, eventId: `kpi-post-${week}-${n}` },
        { conversation: { conversationType: 'personal', isGroup: undefined, id: chat }, channelData: { tenant: { id: connector.tenantId }, channel: undefined, team: undefined, teamsChannelId: undefined, teamsTeamId: undefined } },
      );
      (activity.value as { action: { data: unknown } }).action.data = { t: 'community', w: week };
      const res = await connector.send(desk.url, activity);
      expect(res.status).toBe(200);
      return res;
    };
    await pressPost('2026-W46', 1);
    await settled();
    await pressPost('2026-W46', 2);
    await settled();
    expect(digests('2026-W46')).toHaveLength(1);
    expect(await database.db.prisma.kpiDigest.count()).toBe(4);
    // Each press is answered privately in the 1:1 chat where it was pressed: posted, then already there.
    const chat = connector.personalConversationFor(TEAMS_PEOPLE.anna.id);
    const answers = connector.activities(chat).flatMap((a) => (typeof a.activity.text === 'string' ? [a.activity.text] : []));
    expect(answers).toEqual(['📣 In #Community gepostet.', 'Dieser Bericht ist schon im Kanal.']);
    // W47 was posted by the job: the button posts it no second time.
    await pressPost('2026-W47', 3);
    await settled();
    expect(digests('2026-W47')).toHaveLength(1);
    expect(await database.db.prisma.outbox.count({ where: { status: 'failed' } })).toBe(0);
  }, 60_000);
});
