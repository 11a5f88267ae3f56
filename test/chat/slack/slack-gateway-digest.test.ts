import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackGateway } from '../../../src/chat/slack/slack-gateway.ts';
import { type DigestView, evaluateGoals, type WeeklyFigures } from '../../../src/domain/kpi.ts';
import { parseIsoWeek } from '../../../src/domain/kpi-week.ts';
import { digestChart } from '../../../src/chat/chart/digest-chart.ts';
import { type SlackStandIn, startSlackStandIn } from '../../support/slack-stand-in.ts';

const CHANNEL = 'C0COMMUNITY';

function view(): DigestView {
  const week = parseIsoWeek('2026-W47', 'Europe/Berlin')!;
  const figures: WeeklyFigures = {
    teamId: 'community', week, received: 12, answered: 10, dismissed: 1, routed: 0,
    firstResponseMedianMs: 1_800_000, firstResponseP90Ms: 3_600_000, firstResponseMedianClockMs: 2_400_000, firstResponseP90ClockMs: 7_200_000,
    withinTargetShare: 0.9, responseRate: 10 / 11, backlogStart: 3, backlogEnd: 2, overdueNow: 0,
    escalations: { reminders: 1, channel: 0, lead: 0 }, bySource: [], byPerson: [], byDepartment: [],
    byDay: ['16', '17', '18', '19', '20', '21', '22'].map((d, i) => ({ date: `2026-11-${d}`, received: i + 1, medianFirstResponseMs: 1_800_000 })),
    drills: [],
  };
  const goals = evaluateGoals([{ metric: 'firstResponseMedian', comparison: '<=', target: 3_600_000 }], figures, null);
  return { teamId: 'community', teamName: 'Community', locale: 'de', figures, previous: null, goals, narrative: { text: 'Ruhige Woche.', source: 'template' }, names: {} };
}

describe('SlackGateway.postDigest', () => {
  let standIn: SlackStandIn;
  let gateway: SlackGateway;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    gateway = new SlackGateway(new WebClient('xoxb-test', { slackApiUrl: standIn.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }));
  });
  afterAll(async () => {
    await standIn?.close();
  });
  beforeEach(() => standIn.reset());

  it('shares the chart into the channel with the digest blocks, as one message', async () => {
    await gateway.postDigest(CHANNEL, view(), digestChart(view()));
    const [file] = standIn.uploadedFiles();
    expect(file).toMatchObject({ channel: CHANNEL, filename: 'kpi-community-2026-W47.png' });
    expect(file!.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const messages = standIn.messages(CHANNEL);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0]!.blocks)).toContain('2026-W47');
  });

  it('posts the digest without the chart when files are refused for good (no files:write)', async () => {
    standIn.failNext(1, { status: 200, error: 'missing_scope' }, 'files.getUploadURLExternal');
    await gateway.postDigest(CHANNEL, view(), digestChart(view()));
    expect(standIn.uploadedFiles()).toHaveLength(0);
    const messages = standIn.messages(CHANNEL);
    expect(messages).toHaveLength(1);
    expect(JSON.stringify(messages[0]!.blocks)).toContain('2026-W47');
  });

  it('leaves an outage to the outbox (retry), posting nothing', async () => {
    standIn.failNext(1, { status: 503 }, 'files.getUploadURLExternal');
    await expect(gateway.postDigest(CHANNEL, view(), digestChart(view()))).rejects.toMatchObject({ kind: 'retry' });
    expect(standIn.messages(CHANNEL)).toHaveLength(0);
  });
});
