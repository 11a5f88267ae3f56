import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import type { SweepResult } from '../../src/use-cases/sweep-service-levels.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { berlin, serviceLevelConfig } from '../support/service-level-config.ts';
import { CHANNELS, SIGNING_SECRET, USERS, blocksText, cardMessage, clickCard, genericComment, postComment, startTestDesk } from '../support/desk-harness.ts';
import { blockActionsBody, makeBlockActionsPayload, makeSlashCommandFields, postToSlackEndpoint, slashCommandBody } from '../support/slack-signing.ts';
import { type SlackStandIn, type StandInMessage, dmChannelIdFor, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe.each(backends())('response-time targets and reminders on %s', (backend) => {
  let standIn: SlackStandIn;
  let database: TestDatabase;
  let desk: Desk;
  const clock = new FakeClock(berlin('09:00'));

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    database = await createTestDatabase(backend);
    desk = await startTestDesk({ standIn, db: database.db, clock, deskConfig: serviceLevelConfig() });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
  });
  beforeEach(async () => {
    // Each test starts from an empty inbox.
    await database.db.prisma.$executeRawUnsafe(`TRUNCATE outbox, event, chat_card, comment, job_lease`);
    standIn.reset();
  });

  async function newComment(at: Date, overrides: Record<string, unknown> = {}, channel: string = CHANNELS.community) {
    clock.set(at);
    const res = await postComment(desk, genericComment({ createdAt: at.toISOString(), ...overrides }));
    expect(res.status).toBe(201);
    const commentId = res.json.commentId as string;
    const card = await standIn.waitFor(() => cardMessage(standIn, channel, commentId), 5000, `card for ${commentId}`);
    return { commentId, card };
  }

  async function sweepAt(at: Date): Promise<SweepResult> {
    clock.set(at);
    const outcome = await desk.jobs.runNow('sla-sweep');
    if (!outcome.ran) throw new Error(outcome.message);
    await settled();
    return outcome.result as SweepResult;
  }

  /** Waits until the outbox has sent everything. */
  async function settled() {
    await standIn.waitFor(async () => (await database.db.prisma.outbox.count({ where: { status: 'pending' } })) === 0, 5000, 'outbox drained');
  }

  /** Reminder messages (they carry the Snooze… button) in a channel or DM, with their comment ids. */
  function reminders(channel: string): (StandInMessage & { commentIds: string[] })[] {
    return standIn
      .messages(channel)
      .filter((m) => blocksText(m.blocks).includes('desk.snooze') && !m.metadata)
      .map((m) => ({ ...m, commentIds: [...blocksText(m.blocks).matchAll(/\\?"c\\?":\\?"([0-9a-f-]{36})/g)].map((x) => x[1]!) }));
  }

  async function comment(id: string) {
    return database.db.prisma.comment.findUniqueOrThrow({ where: { id } });
  }

  it('stores the due times on the team clock when a comment arrives', async () => {
    const { commentId } = await newComment(berlin('17:30'));
    const c = await comment(commentId);
    // 30 min on Monday, the other 30 min on Tuesday from 08:00; resolution: 4 h = Monday 30 min + Tuesday until 11:30.
    expect(c.firstResponseDueAt).toEqual(berlin('08:30', 24));
    expect(c.resolutionDueAt).toEqual(berlin('11:30', 24));
    expect(c.nextReminderAt).toEqual(berlin('08:15', 24));
  });

  it('climbs the ladder: channel at 75 %, channel with @here at 100 %, the lead at 150 % — each once', async () => {
    const { commentId } = await newComment(berlin('09:00'));
    expect(await sweepAt(berlin('09:40'))).toMatchObject({ examined: 0, reminded: 0 });
    expect(reminders(CHANNELS.community)).toHaveLength(0);

    expect(await sweepAt(berlin('09:46'))).toMatchObject({ examined: 1, reminded: 1 });
    let inChannel = reminders(CHANNELS.community);
    expect(inChannel).toHaveLength(1);
    expect(inChannel[0]!.commentIds).toContain(commentId);
    const first = blocksText(inChannel[0]!.blocks);
    expect(first).toContain('75 %');
    expect(first).toContain('Erstreaktion');
    expect(first).toContain('desk.claim'); // unclaimed: the reminder can claim it
    expect(first).toContain('desk.snooze');
    // Open card: a link to the card message, from chat.getPermalink.
    const posted = cardMessage(standIn, CHANNELS.community, commentId)!;
    expect(first).toContain(`/archives/${CHANNELS.community}/p${posted.ts.replace('.', '')}`);
    expect(first).not.toContain('<!here>');

    // Running again changes nothing: the step is not sent twice.
    expect(await sweepAt(berlin('09:50'))).toMatchObject({ reminded: 0 });
    expect(reminders(CHANNELS.community)).toHaveLength(1);

    await sweepAt(berlin('10:01'));
    inChannel = reminders(CHANNELS.community);
    expect(inChannel).toHaveLength(2);
    expect(blocksText(inChannel[1]!.blocks)).toContain('<!here>');
    expect(blocksText(inChannel[1]!.blocks)).toContain('100 %');

    await sweepAt(berlin('10:31'));
    const toLead = reminders(dmChannelIdFor(USERS.anna));
    expect(toLead).toHaveLength(1);
    expect(blocksText(toLead[0]!.blocks)).toContain('Eskalation');
    expect(blocksText(toLead[0]!.blocks)).toContain('150 %');

    // Nothing is left on the first-response ladder; the card shows the latest step and the overdue time.
    await sweepAt(berlin('12:00'));
    expect(reminders(CHANNELS.community)).toHaveLength(2);
    expect(reminders(dmChannelIdFor(USERS.anna))).toHaveLength(1);
    const events = await database.db.prisma.event.findMany({ where: { commentId, type: 'reminder' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => (e.data as { percent: number }).percent)).toEqual([75, 100, 150]);
    const card = blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks);
    expect(card).toContain('An die Teamleitung eskaliert bei 150 %');
    // Rendered when the last step went out, at 10:31.
    expect(card).toContain('Erstreaktion seit 31 Min. überfällig');
  });

  it('a claim ends the first response; the resolution ladder then reminds the holder by direct message', async () => {
    const { commentId, card } = await newComment(berlin('09:00'));
    clock.set(berlin('09:20'));
    expect((await clickCard(desk, { userId: USERS.deniz, commentId, channelId: CHANNELS.community, messageTs: card.ts, action: 'claim' })).status).toBe(200);
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('Erstreaktion'));
    // The lean claim stores the claim; it is the first response until a later change stores it as such.
    expect(await comment(commentId)).toMatchObject({ claimedAt: berlin('09:20'), firstResponseAt: null });
    // The first response was in time: no first-response reminders at 09:46.
    await sweepAt(berlin('09:46'));
    expect(reminders(CHANNELS.community)).toHaveLength(0);
    // Resolution: 4 h from 09:00 → 75 % at 12:00, to the holder.
    await sweepAt(berlin('11:59'));
    expect(reminders(dmChannelIdFor(USERS.deniz))).toHaveLength(0);
    await sweepAt(berlin('12:00'));
    const dm = reminders(dmChannelIdFor(USERS.deniz));
    expect(dm).toHaveLength(1);
    expect(blocksText(dm[0]!.blocks)).toContain('Erledigung');
    expect(blocksText(dm[0]!.blocks)).not.toContain('desk.claim');
    const cardText = blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks);
    expect(cardText).toContain('✅ Erstreaktion');
    // Released: the first response is kept (stored now), and the resolution ladder goes on in the channel.
    clock.set(berlin('12:10'));
    expect((await clickCard(desk, { userId: USERS.deniz, commentId, channelId: CHANNELS.community, messageTs: card.ts, action: 'release' })).status).toBe(200);
    await settled();
    expect(await comment(commentId)).toMatchObject({ status: 'open', claimedAt: null, firstResponseAt: berlin('09:20') });
    await sweepAt(berlin('13:01'));
    expect(blocksText(reminders(CHANNELS.community)[0]?.blocks)).toContain('<!here>');
  });

  it('sends nothing outside working hours; what fell due overnight arrives as one morning summary', async () => {
    // Three comments at 17:00: 75 % at 17:45, 100 % at 18:00 (the end of the day), 150 % at 08:30 Tuesday.
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await newComment(berlin('17:00'))).commentId);
    // The sweep did not run between 17:40 and 18:05; at 18:05 the team has gone home.
    expect(await sweepAt(berlin('18:05'))).toMatchObject({ examined: 3, reminded: 0, rescheduled: 3 });
    expect(await sweepAt(berlin('02:00', 24))).toMatchObject({ examined: 0 });
    expect(standIn.messages(CHANNELS.community).filter((m) => !m.metadata)).toHaveLength(0);

    expect(await sweepAt(berlin('08:01', 24))).toMatchObject({ examined: 3, reminded: 0, summarized: 3, summaries: 1 });
    const summaries = standIn.messages(CHANNELS.community).filter((m) => !m.metadata);
    expect(summaries).toHaveLength(1);
    const text = blocksText(summaries[0]!.blocks);
    expect(text).toContain('3 Kommentare');
    for (const id of ids) expect(text).toContain(id);

    // 150 % at 08:30 comes one by one, to the lead, inside working hours.
    await sweepAt(berlin('08:31', 24));
    expect(reminders(dmChannelIdFor(USERS.anna))).toHaveLength(3);
    expect(standIn.messages(CHANNELS.community).filter((m) => !m.metadata)).toHaveLength(1);
  });

  it('snoozes from the reminder: a dialog with duration and reason; reminders wait, the log has the reason', async () => {
    // A stranger's name and text with mrkdwn in them: shown, never formatting the dialog.
    const { commentId } = await newComment(berlin('09:00'), { author: { name: '*Boss* `root`\n<!channel>' }, text: '_Hilfe_ ~jetzt~ \u001b[31m' });
    await sweepAt(berlin('09:46'));
    const reminder = reminders(CHANNELS.community)[0]!;

    clock.set(berlin('09:50'));
    const click = makeBlockActionsPayload({ userId: USERS.deniz, channelId: CHANNELS.community, messageTs: reminder.ts, actionId: 'desk.snooze', value: JSON.stringify({ c: commentId }) });
    expect((await postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(click), SIGNING_SECRET)).status).toBe(200);
    const opened = await standIn.waitFor(() => standIn.openedViews()[0]);
    expect(opened.trigger_id).toBe(click.trigger_id);
    expect(JSON.stringify(opened.view)).toContain('Erinnerungen pausieren');
    const intro = (opened.view as { blocks: { text?: { text: string } }[] }).blocks[0]!.text!.text;
    expect(intro).toContain('∗Boss∗ ˋrootˋ &lt;!channel&gt;');
    expect(intro).toContain('＿Hilfe＿ ∼jetzt∼ ␛[31m');
    expect(intro).not.toMatch(/\*Boss|`root|<!channel>|\u001b/);

    // No reason: the dialog answers with an error on the reason field and nothing changes.
    const empty = await submitSnooze(opened.view, USERS.deniz, '2h', '');
    expect(empty.status).toBe(200);
    expect(JSON.parse(empty.text)).toMatchObject({ response_action: 'errors', errors: { snooze_reason: expect.stringContaining('warum') } });
    expect((await comment(commentId)).snoozedUntil).toBeNull();

    const ok = await submitSnooze(opened.view, USERS.deniz, '2h', 'Warten auf Rückmeldung vom Produktteam');
    expect(ok.status).toBe(200);
    expect((await comment(commentId)).snoozedUntil).toEqual(berlin('11:50'));
    const event = await database.db.prisma.event.findFirstOrThrow({ where: { commentId, type: 'snoozed' } });
    expect(event.data).toMatchObject({ reason: 'Warten auf Rückmeldung vom Produktteam', choice: '2h', until: berlin('11:50').toISOString() });
    expect(event.actorId).toBe('deniz');

    // 100 % (10:00) and 150 % (10:30) fall inside the snooze: nothing until 11:50, then only the 150 % step.
    await sweepAt(berlin('10:31'));
    expect(reminders(CHANNELS.community)).toHaveLength(1);
    expect(reminders(dmChannelIdFor(USERS.anna))).toHaveLength(0);
    await standIn.waitFor(() => blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks).includes('pausiert bis'));
    await sweepAt(berlin('11:51'));
    expect(reminders(dmChannelIdFor(USERS.anna))).toHaveLength(1);
    expect(reminders(CHANNELS.community)).toHaveLength(1);
  });

  it('routing to another team keeps the time spent and re-computes the due time on that team\'s clock', async () => {
    const { commentId, card } = await newComment(berlin('09:00'));
    // 40 min spent with community; support promises 2 h (around the clock): 80 min left from 09:40.
    clock.set(berlin('09:40'));
    const routed = await clickCard(desk, { userId: USERS.anna, commentId, channelId: CHANNELS.community, messageTs: card.ts, action: 'route', target: 'team:support' });
    expect(routed.status).toBe(200);
    await standIn.waitFor(() => cardMessage(standIn, CHANNELS.support, commentId));
    const c = await comment(commentId);
    expect(c.teamId).toBe('support');
    expect(c.slaSpentSeconds).toBe(40 * 60);
    expect(c.slaStartedAt).toEqual(berlin('09:40'));
    expect(c.firstResponseDueAt).toEqual(berlin('11:00'));
    // Resolution: support's 8 h minus the 40 min spent.
    expect(c.resolutionDueAt).toEqual(berlin('17:00'));
    // Support's 75 % is at 1 h 30 min of 2 h: 10:30; its 100 % at 11:00 posts in the support channel.
    await sweepAt(berlin('10:29'));
    expect(reminders(CHANNELS.support)).toHaveLength(0);
    await sweepAt(berlin('10:31'));
    expect(reminders(CHANNELS.support)).toHaveLength(1);
    expect(blocksText(cardMessage(standIn, CHANNELS.support, commentId)?.blocks)).toContain('First response due');
  });

  it('a comment closed before its reminder is delivered gets no reminder', async () => {
    const { commentId, card } = await newComment(berlin('09:00'));
    clock.set(berlin('09:30'));
    await clickCard(desk, { userId: USERS.deniz, commentId, channelId: CHANNELS.community, messageTs: card.ts, action: 'answer' });
    await settled();
    const c = await comment(commentId);
    expect(c.status).toBe('answered');
    expect(c.nextReminderAt).toBeNull();
    expect(await sweepAt(berlin('15:00'))).toMatchObject({ examined: 0 });
    expect(reminders(CHANNELS.community)).toHaveLength(0);
    const text = blocksText(cardMessage(standIn, CHANNELS.community, commentId)?.blocks);
    expect(text).toContain('✅ Erstreaktion');
    expect(text).toContain('✅ Erledigung');
  });

  async function slash(text: string, userId: string) {
    const responseUrl = standIn.responseUrl(`desk-${Math.random().toString(36).slice(2)}`);
    const body = slashCommandBody(makeSlashCommandFields({ command: '/desk', text, userId, channelId: CHANNELS.community, responseUrl }));
    const res = await postToSlackEndpoint(`${desk.url}/slack/events`, body, SIGNING_SECRET);
    expect(res.status).toBe(200);
    return { ack: res.text ? (JSON.parse(res.text) as { text?: string }) : {}, responseUrl };
  }

  it('/desk status counts the overdue comments per team; /desk jobs lists the sweep; /desk run is for admins', async () => {
    await newComment(berlin('09:00'));
    await newComment(berlin('10:30'));
    clock.set(berlin('10:45'));
    // 09:00 is past its 1 h first-response target; 10:30 is not.
    expect((await slash('status', USERS.ben)).ack.text).toContain('*Community*: 2 open, 0 claimed, ⚠️ 1 overdue');

    await sweepAt(berlin('10:46'));
    const jobs = (await slash('jobs', USERS.ben)).ack.text ?? '';
    expect(jobs).toContain('`sla-sweep` — `* * * * *` (UTC), last run');
    // This desk has no OpenAI key: triage is not scheduled, and the list says why.
    expect(jobs).toContain('`ai-triage` — `*/10 * * * * *` (UTC), not scheduled: AI triage is off (no OPENAI_API_KEY, or AI_TRIAGE=false); not run yet');

    expect((await slash('run sla-sweep', USERS.deniz)).ack.text).toContain('Jobs von Hand starten dürfen nur Desk-Admins');
    expect((await slash('run nothing', USERS.ops)).ack.text).toContain('`sla-sweep`');
    const run = await slash('run sla-sweep', USERS.ops);
    const answer = await standIn.waitFor(() => standIn.responseUrlPosts.find((p) => run.responseUrl.endsWith(p.id)));
    expect(JSON.stringify(answer.body)).toContain('Ran `sla-sweep` in');
  });

  /** The dialog's view_submission (test/fixtures/slack/view_submission_snooze.json) for this comment, user and answers. */
  async function submitSnooze(view: Record<string, unknown>, userId: string, choice: string, reason: string) {
    const payload = JSON.parse(readFileSync(new URL('../fixtures/slack/view_submission_snooze.json', import.meta.url), 'utf8'));
    payload.user = { ...payload.user, id: userId };
    payload.view.private_metadata = view.private_metadata;
    payload.view.state.values.snooze_duration.choice.selected_option.value = choice;
    payload.view.state.values.snooze_reason.reason.value = reason;
    return postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(payload), SIGNING_SECRET);
  }

});
