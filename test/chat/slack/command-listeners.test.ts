import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCrisisButton } from '../../../src/chat/slack/listeners/crisis-command.ts';
import { parseKpiPost } from '../../../src/chat/slack/listeners/kpi-command.ts';
import { renderCommandAnswer } from '../../../src/chat/slack/render-command.ts';
import { slackDate } from '../../../src/chat/slack/render-card.ts';
import { bold, channel, rich } from '../../../src/domain/rich-text.ts';

type Payload = Record<string, unknown> & { actions: Record<string, unknown>[] };

/** A real-shaped block_actions click, turned into the button under test. */
function click(actionId: string, value: string): Payload {
  const body = JSON.parse(readFileSync(new URL('../../fixtures/slack/block_actions_claim_button.json', import.meta.url), 'utf8')) as Payload;
  body.actions[0]!.action_id = actionId;
  body.actions[0]!.value = value;
  return body;
}

describe('parseCrisisButton', () => {
  it('turns Done, Acknowledge and Approve into the use case’s input', () => {
    expect(parseCrisisButton(click('desk.crisis.step', JSON.stringify({ k: 'c1', s: 'inform-legal' })))).toEqual({
      action: 'step',
      crisisId: 'c1',
      stepId: 'inform-legal',
      platform: 'slack',
      platformUserId: 'U0DENIZ001',
      replyChannel: 'C0SUPPORT01',
      requestId: 'U0DENIZ001:1714557900.194939',
    });
    expect(parseCrisisButton(click('desk.crisis.ack', JSON.stringify({ k: 'c1' })))).toMatchObject({ action: 'ack', crisisId: 'c1', stepId: undefined });
    expect(parseCrisisButton(click('desk.crisis.approve', JSON.stringify({ k: 'c1' })))).toMatchObject({ action: 'approve' });
  });

  it('ignores buttons we did not send', () => {
    expect(parseCrisisButton(click('desk.crisis.step', 'not json'))).toBeNull();
    expect(parseCrisisButton(click('desk.crisis.step', JSON.stringify({ s: 'x' })))).toBeNull();
    expect(parseCrisisButton(click('desk.claim', JSON.stringify({ k: 'c1' })))).toBeNull();
    expect(parseCrisisButton({ actions: [] })).toBeNull();
  });
});

describe('parseKpiPost', () => {
  it('turns "Post to channel" into the use case’s input, and ignores anything else', () => {
    expect(parseKpiPost(click('desk.kpi.post', JSON.stringify({ t: 'community', w: '2026-W47' })))).toEqual({
      teamId: 'community',
      week: '2026-W47',
      platform: 'slack',
      platformUserId: 'U0DENIZ001',
      replyChannel: 'C0SUPPORT01',
      requestId: 'U0DENIZ001:1714557900.194939',
    });
    expect(parseKpiPost(click('desk.kpi.post', JSON.stringify({ t: 'community', w: 'last' })))).toBeNull();
  });
});

describe('renderCommandAnswer', () => {
  const oldest = new Date('2026-11-26T08:00:00Z');

  it('writes /desk status as before: a title and one line per team, the oldest as a relative Slack date', () => {
    const rows = [
      { teamName: 'Community', open: 2, claimed: 1, overdue: 1, oldestReceivedAt: oldest },
      { teamName: 'Legal', open: 0, claimed: 0, overdue: 0, oldestReceivedAt: null },
    ];
    expect(renderCommandAnswer({ kind: 'desk.status', locale: 'de', rows })).toEqual({
      text: [
        '*Offene Arbeit je Team*',
        `• *Community*: 2 offen, 1 übernommen, ⚠️ 1 überfällig — ältester offener seit ${slackDate(oldest, '{ago}')}`,
        '• *Legal*: 0 offen, 0 übernommen',
      ].join('\n'),
    });
  });

  it('writes /desk jobs with the last run as a Slack date', () => {
    const jobs = [
      { name: 'sla-sweep', schedule: '* * * * *', timeZone: 'UTC', lastFinishedAt: oldest, lastError: null },
      { name: 'kpi-digest', schedule: '*/5 * * * *', timeZone: 'UTC', lastFinishedAt: null, lastError: null },
    ];
    expect(renderCommandAnswer({ kind: 'desk.jobs', locale: 'en', jobs }).text).toBe(
      ['*Scheduled jobs*', `• \`sla-sweep\` — \`* * * * *\` (UTC), last run ${slackDate(oldest)}`, '• `kpi-digest` — `*/5 * * * *` (UTC), not run yet'].join('\n'),
    );
  });

  it('renders sentences as mrkdwn, escaping what is plain text', () => {
    expect(renderCommandAnswer({ kind: 'text', text: rich`${bold('Hallo')} ${channel('C1')} <#C2>` })).toEqual({ text: '*Hallo* <#C1> &lt;#C2&gt;' });
  });
});

