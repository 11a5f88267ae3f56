import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/app.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import type { DigestRunResult } from '../../src/use-cases/post-weekly-digests.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { CHANNELS, SIGNING_SECRET, USERS, blocksText, cardMessage, clickCard, genericComment, postComment, startTestDesk, testDeskConfig } from '../support/desk-harness.ts';
import { type OpenAiStandIn, startOpenAiStandIn } from '../support/openai-stand-in.ts';
import { blockActionsBody, makeBlockActionsPayload, makeSlashCommandFields, postToSlackEndpoint, slashCommandBody } from '../support/slack-signing.ts';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Berlin wall time in November 2026 (UTC+1). */
const berlin = (day: number, hhmm: string) => new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+01:00`);

describe.each(backends())('the weekly KPI digest on %s', (backend) => {
  let standIn: SlackStandIn;
  let openai: OpenAiStandIn;
  let database: TestDatabase;
  let desk: Desk;
  const clock = new FakeClock(berlin(16, '10:00'));

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    openai = await startOpenAiStandIn();
    database = await createTestDatabase(backend);
    const config = deskConfigSchema.parse({
      ...testDeskConfig(),
      goals: [
        { metric: 'firstResponseMedian', comparison: '<=', target: '30m' },
        { metric: 'responseRate', comparison: '>=', target: '90%' },
      ],
    });
    desk = await startTestDesk({ standIn, db: database.db, clock, deskConfig: config, env: { OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: openai.url } });
  });
  afterAll(async () => {
    await desk?.stop();
    await database?.drop();
    await standIn?.close();
    await openai?.close();
  });

  async function settled() {
    await standIn.waitFor(async () => (await database.db.prisma.outbox.count({ where: { status: 'pending' } })) === 0, 10_000, 'outbox drained');
  }

  async function digestJob(at: Date): Promise<DigestRunResult> {
    clock.set(at);
    const outcome = await desk.jobs.runNow('kpi-digest');
    if (!outcome.ran) throw new Error(outcome.message);
    await settled();
    return outcome.result as DigestRunResult;
  }

  async function kpi(text: string) {
    const responseUrl = standIn.responseUrl();
    const body = slashCommandBody(makeSlashCommandFields({ command: '/kpi', text, userId: USERS.anna, channelId: CHANNELS.community, responseUrl }));
    const res = await postToSlackEndpoint(`${desk.url}/slack/events`, body, SIGNING_SECRET);
    expect(res.status).toBe(200);
    const id = responseUrl.split('/').pop();
    const immediate = res.text ? (JSON.parse(res.text) as { text?: string }) : {};
    return { immediate, later: () => standIn.waitFor(() => standIn.responseUrlPosts.find((p) => p.id === id)?.body as { text: string; blocks: unknown[] } | undefined, 10_000, '/kpi answer') };
  }

  it('posts last week\'s digest with its chart once per team on Monday 09:00, and /kpi shows any week privately with a post button', async () => {
    // Week 2026-W47 for community (Berlin): four comments on Monday 10:00; deniz claims two at 10:20 and answers one at 10:30.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await postComment(desk, genericComment({ createdAt: berlin(16, '10:00').toISOString(), text: `Frage ${i}` }));
      ids.push(res.json.commentId as string);
    }
    await settled();
    clock.set(berlin(16, '10:20'));
    for (const id of ids.slice(0, 2)) {
      const card = cardMessage(standIn, CHANNELS.community, id)!;
      await clickCard(desk, { userId: USERS.deniz, commentId: id, channelId: CHANNELS.community, messageTs: card.ts, action: 'claim' });
    }
    clock.set(berlin(16, '10:30'));
    const first = cardMessage(standIn, CHANNELS.community, ids[0]!)!;
    await clickCard(desk, { userId: USERS.deniz, commentId: ids[0]!, channelId: CHANNELS.community, messageTs: first.ts, action: 'answer' });
    // A drill comment in the same week never counts.
    await desk.store.insertComment(
      { source: 'facebook', externalId: 'drill-x-1', text: 'Übung', authorName: 'Drill', createdAt: berlin(17, '10:00') },
      { teamId: 'community', priority: 'crisis', isDrill: true, crisisId: null, matchedRules: [], cards: [], sla: { firstResponseDueAt: berlin(17, '10:15'), resolutionDueAt: berlin(17, '12:00'), nextReminderAt: null } },
      berlin(17, '10:00'),
    );
    await settled();
    standIn.reset();

    // The model writes community's paragraph (German, numbers from the figures); the other teams get the default reply.
    openai.reply('Diese Woche kamen 4 Kommentare an, 25 % davon wurden beantwortet.');

    // Monday 23 Nov 08:59 Berlin: not yet. 09:05: last week's digests go out, one per team channel.
    expect((await digestJob(berlin(23, '08:59'))).posted).toEqual([]);
    // Each team at 09:00 in its own zone: community (Berlin) first, support and legal (UTC) an hour later.
    expect((await digestJob(berlin(23, '09:05'))).posted).toEqual(['community:2026-W47']);
    expect((await digestJob(berlin(23, '10:05'))).posted.sort()).toEqual(['legal:2026-W47', 'support:2026-W47']);
    const uploads = standIn.uploadedFiles();
    expect(uploads.map((u) => u.channel).sort()).toEqual([CHANNELS.community, CHANNELS.legal, CHANNELS.support].sort());
    const chart = uploads.find((u) => u.channel === CHANNELS.community)!;
    expect(chart.bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(chart.bytes.readUInt32BE(16)).toBe(800);
    expect(chart.altText).toMatch(/4/);
    const message = standIn.messages(CHANNELS.community).find((m) => m.files?.length)!;
    const text = blocksText(message.blocks);
    expect(text).toContain('2026-W47');
    expect(text).toContain('Diese Woche kamen 4 Kommentare an');
    // Goals: median first response 20 min ≤ 30 min met; response rate 1 of 4 = 25 % < 90 % missed.
    expect(text).toContain('✅');
    expect(text).toContain('❌');
    expect(text).toMatch(/25[,.]?0? ?%/);
    // Only figures went to the model: no comment text.
    const sent = openai.requests().map((r) => r.rawBody).join('\n');
    expect(sent).not.toContain('Frage');
    expect(openai.requests()[0]?.apiKey).toBe('sk-test-key');
    const stored = await database.db.prisma.kpiDigest.findUniqueOrThrow({ where: { teamId_week: { teamId: 'community', week: '2026-W47' } } });
    expect(stored.narrative).toBe('model');
    expect((stored.figures as { figures: { received: number } }).figures.received).toBe(4);

    // Again (a retry, another instance, the next 5 minutes): nothing is posted twice.
    expect(await digestJob(berlin(23, '10:10'))).toMatchObject({ posted: [], alreadyPosted: 3 });
    expect(standIn.uploadedFiles()).toHaveLength(3);

    // /kpi last: privately, with a "post" button; posting a week already posted is refused politely.
    const last = await kpi('last');
    const answer = await last.later();
    expect(blocksText(answer.blocks)).toContain('desk.kpi.post');
    expect(blocksText(answer.blocks)).toContain('2026-W47');
    const press = async (value: string) => {
      const payload = makeBlockActionsPayload({ userId: USERS.anna, channelId: CHANNELS.community, messageTs: '1.1', actionId: 'desk.kpi.post', blockId: 'kpi', value });
      expect((await postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(payload), SIGNING_SECRET)).status).toBe(200);
    };
    await press(JSON.stringify({ t: 'community', w: '2026-W47' }));
    await standIn.waitFor(() => standIn.ephemerals(CHANNELS.community).find((e) => e.user === USERS.anna), 10_000, 'already posted note');
    expect(standIn.uploadedFiles()).toHaveLength(3);

    // /kpi 2026-W46 (nothing happened then), posted by choice: one more digest in the channel.
    openai.reply('Es gab 17 Beschwerden.'); // an invented number: the template is used instead
    const w46 = await (await kpi('2026-W46')).later();
    expect(blocksText(w46.blocks)).toContain('2026-W46');
    expect(blocksText(w46.blocks)).not.toContain('Beschwerden');
    openai.reply('Ruhige Woche.');
    await press(JSON.stringify({ t: 'community', w: '2026-W46' }));
    await standIn.waitFor(() => standIn.uploadedFiles().length === 4, 10_000, 'the W46 digest posted');
    await settled();

    // Bad input: an impossible week, help, a forged value.
    expect((await kpi('2026-W60')).immediate.text).toContain('2026-W60');
    expect((await kpi('help')).immediate.text).toContain('/kpi');
    await press('{"t":"community","w":"not-a-week"}');
    await settled();
    expect(await database.db.prisma.kpiDigest.count()).toBe(4);
  }, 60_000);
});
