import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCrisisButton } from '../../../src/chat/slack/listeners/crisis-command.ts';
import { parseKpiPost } from '../../../src/chat/slack/listeners/kpi-command.ts';
import { renderCommandAnswer } from '../../../src/chat/slack/render-command.ts';
import { slackDate } from '../../../src/chat/slack/render-card.ts';
import { slackInline } from '../../../src/chat/slack/slack-inline.ts';
import { textsFor } from '../../../src/domain/i18n.ts';

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
    const t = textsFor('de');
    const rows = [
      { teamName: 'Community', open: 2, claimed: 1, overdue: 1, oldestReceivedAt: oldest },
      { teamName: 'Legal', open: 0, claimed: 0, overdue: 0, oldestReceivedAt: null },
    ];
    expect(renderCommandAnswer({ kind: 'desk.status', locale: 'de', rows })).toEqual({
      text: [t.deskStatusTitle, t.deskStatusLine('Community', 2, 1, 1, slackDate(oldest, '{ago}')), t.deskStatusLine('Legal', 0, 0, 0, '')].join('\n'),
    });
  });

  it('writes /desk jobs with the last run as a Slack date', () => {
    const t = textsFor('en');
    const jobs = [
      { name: 'sla-sweep', schedule: '* * * * *', timeZone: 'UTC', lastFinishedAt: oldest, lastError: null },
      { name: 'kpi-digest', schedule: '*/5 * * * *', timeZone: 'UTC', lastFinishedAt: null, lastError: null },
    ];
    expect(renderCommandAnswer({ kind: 'desk.jobs', locale: 'en', jobs }).text).toBe(
      [t.deskJobsTitle, t.deskJobLine('sla-sweep', '* * * * *', 'UTC', t.deskJobLastRun(slackDate(oldest), null)), t.deskJobLine('kpi-digest', '*/5 * * * *', 'UTC', t.deskJobNeverRan)].join('\n'),
    );
  });

  it('passes sentences through unchanged', () => {
    expect(renderCommandAnswer({ kind: 'text', text: '*Hallo* <#C1>' })).toEqual({ text: '*Hallo* <#C1>' });
  });
});

describe('slackInline', () => {
  it('escapes what people typed, dates as Slack date tokens, channels as links', () => {
    expect(slackInline.literal('<!channel> & co')).toBe('&lt;!channel&gt; &amp; co');
    expect(slackInline.date(new Date('2026-11-26T08:00:00Z'))).toBe('<!date^1795680000^{date_short_pretty} {time}|2026-11-26T08:00:00.000Z>');
    expect(slackInline.date(new Date('2026-11-26T08:00:00Z'), 'ago')).toBe('<!date^1795680000^{ago}|2026-11-26T08:00:00.000Z>');
    expect(slackInline.channel('C0COMMUNITY')).toBe('<#C0COMMUNITY>');
  });
});
