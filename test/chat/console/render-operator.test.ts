import { describe, expect, it } from 'vitest';
import { digestChartSvg } from '../../../src/chat/chart/digest-chart.ts';
import { environmentSettings, summarizeDeskConfig } from '../../../src/chat/console/operator-config.ts';
import { type OperatorView, channelState, renderOperator } from '../../../src/chat/console/render-operator.ts';
import { parseEnv } from '../../../src/config.ts';
import type { MemberInfo } from '../../../src/domain/directory.ts';
import { type DigestView, type WeeklyFigures, evaluateGoals } from '../../../src/domain/kpi.ts';
import type { ChannelDeliveries } from '../../../src/domain/operator-reads.ts';
import { testDeskConfig } from '../../support/desk-harness.ts';

const MIN = 60_000;
const NOW = new Date('2026-11-18T10:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MIN);

/** Every secret set, each to a value that cannot turn up on a page by chance. */
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-LEAK1-bot',
  SLACK_SIGNING_SECRET: 'LEAK2-signing',
  SLACK_APP_TOKEN: 'xapp-LEAK3-app',
  TEAMS_APP_PASSWORD: 'LEAK4-teams',
  META_APP_SECRET: 'LEAK5-meta',
  META_VERIFY_TOKEN: 'LEAK6-verify',
  INGEST_SECRET: 'LEAK7-ingest',
  OPENAI_API_KEY: 'sk-LEAK8-openai',
  CONSOLE_PASSWORD: 'LEAK9-console-password',
};
const ENV = parseEnv({ ...SECRETS, TEAMS_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', DATABASE_URL: 'postgres://desk:LEAK10-db@db.internal:5432/desk' });

const W47 = { label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z'), timeZone: 'Europe/Berlin' };

function figures(over: Partial<WeeklyFigures> = {}): WeeklyFigures {
  return {
    teamId: 'community',
    week: W47,
    received: 12,
    answered: 9,
    dismissed: 1,
    routed: 2,
    firstResponseMedianMs: 42 * MIN,
    firstResponseP90Ms: 185 * MIN,
    firstResponseMedianClockMs: 65 * MIN,
    firstResponseP90ClockMs: 540 * MIN,
    withinTargetShare: 0.75,
    responseRate: 0.9,
    backlogStart: 3,
    backlogEnd: 2,
    overdueNow: 1,
    escalations: { reminders: 4, channel: 2, lead: 1 },
    bySource: [],
    byPerson: [],
    byDepartment: [],
    byDay: [
      { date: '2026-11-16', received: 7, medianFirstResponseMs: 40 * MIN },
      { date: '2026-11-17', received: 5, medianFirstResponseMs: 44 * MIN },
    ],
    drills: [],
    ...over,
  };
}

const HOSTILE = '<img src=x onerror=alert(1)>';

function digest(teamName = 'Community'): DigestView {
  const week = figures();
  const goals = evaluateGoals([{ metric: 'firstResponseMedian', comparison: '<=', target: 30 * MIN }], week, null);
  return { teamId: 'community', teamName, locale: 'de', figures: week, previous: null, goals, narrative: { text: '', source: 'template' }, names: {} };
}

const OPS: MemberInfo = { id: 'ops', name: 'Ops', roles: ['admin'], teamIds: [], timeZone: 'UTC' };
const deliveries = (over: Partial<ChannelDeliveries> = {}): ChannelDeliveries => ({ channel: 'C0COMMUNITY', lastDoneAt: null, lastFailedAt: null, lastError: null, pending: 0, ...over });

function view(over: Partial<OperatorView> = {}): OperatorView {
  const config = testDeskConfig();
  const d = digest(`Community ${HOSTILE}`);
  return {
    now: NOW,
    env: environmentSettings(ENV),
    deskConfigPath: 'config/desk.yaml',
    desk: summarizeDeskConfig(config),
    check: null,
    channels: {
      ok: true,
      value: [
        { teamId: 'community', teamName: `Community ${HOSTILE}`, channel: { platform: 'slack', channel: 'C0COMMUNITY' }, state: { kind: 'can_post' }, deliveries: deliveries({ lastDoneAt: ago(5), pending: 2 }) },
        {
          teamId: 'community',
          teamName: 'Community',
          channel: { platform: 'msteams', channel: '19:abc@thread.tacv2', space: '8f0c2a5e-1111-4222-8333-944455556666' },
          state: { kind: 'not_connected', missing: ['TEAMS_APP_ID', 'TEAMS_APP_PASSWORD'] },
          deliveries: null,
        },
        {
          teamId: 'support',
          teamName: 'Support',
          channel: { platform: 'slack', channel: 'C0SUPPORT01' },
          state: { kind: 'last_failed', error: 'not_in_channel: invite the bot' },
          deliveries: deliveries({ channel: 'C0SUPPORT01', lastFailedAt: ago(3), lastError: 'not_in_channel: invite the bot' }),
        },
        { teamId: 'legal', teamName: 'Legal', channel: null, state: { kind: 'no_channel' }, deliveries: null },
      ],
    },
    outbox: {
      ok: true,
      value: {
        totals: { pending: 2, failed: 1, doneSince: 40, oldestPendingAt: ago(90) },
        failed: [{ id: 4711n, kind: 'card.post', platform: 'slack', channel: 'C0SUPPORT01', attempts: 3, lastError: `not_in_channel ${HOSTILE}`, createdAt: ago(10), failedAt: ago(3), teamName: 'Support' }],
      },
    },
    jobs: {
      ok: true,
      value: {
        runsHere: true,
        rows: [
          {
            name: 'sla-sweep',
            description: 'Reminds and escalates.',
            schedule: '* * * * *',
            timeZone: 'UTC',
            lease: { name: 'sla-sweep', holder: 'desk-1a2b3c4d', leaseUntil: null, lastKey: null, lastSlot: null, lastStartedAt: ago(2), lastFinishedAt: ago(1), lastResult: { reminded: 3 }, lastError: null },
          },
          {
            name: 'kpi-digest',
            description: 'Posts the digest.',
            schedule: '*/5 * * * *',
            timeZone: 'UTC',
            lease: { name: 'kpi-digest', holder: 'desk-1a2b3c4d', leaseUntil: null, lastKey: null, lastSlot: null, lastStartedAt: ago(4), lastFinishedAt: ago(4), lastResult: null, lastError: 'database unreachable' },
          },
          { name: 'crisis-clock', description: 'Drills.', schedule: '*/10 * * * * *', timeZone: 'UTC', lease: null },
          { name: 'ai-triage', description: 'Labels.', schedule: '*/10 * * * * *', timeZone: 'UTC', idle: 'ai-off', lease: null },
        ],
      },
    },
    figures: {
      ok: true,
      value: { teams: [{ teamId: 'community', teamName: d.teamName, digest: { ok: true, value: d } }, { teamId: 'legal', teamName: 'Legal', digest: { ok: false } }], more: 0, chartTeamId: 'community', chartSvg: digestChartSvg(d) },
    },
    ai: { keySet: true, model: 'gpt-4o-mini', usage: null },
    actors: [OPS],
    ...over,
  };
}

const ctx = (locale: 'de' | 'en', member: MemberInfo | undefined) => ({ locale, timeZone: 'Europe/Berlin', csrf: 'csrf-token-1', member });
const render = (v: OperatorView, locale: 'de' | 'en', member: MemberInfo = OPS) => renderOperator(v, ctx(locale, member)).value;

describe('the operator page', () => {
  it.each(['de', 'en'] as const)('shows every section with its test id (%s)', (locale) => {
    const page = render(view(), locale);
    for (const id of ['op-config', 'op-config-check', 'op-channels', 'op-outbox', 'op-jobs', 'op-figures', 'op-ai']) expect(page).toContain(`data-testid="${id}"`);
  });

  it.each(['de', 'en'] as const)('never shows a secret, only whether it is set (%s)', (locale) => {
    const page = render(view(), locale);
    for (const value of [...Object.values(SECRETS), 'LEAK10-db']) expect(page).not.toContain(value);
    expect(page).not.toMatch(/LEAK\d/);
    expect(page).toContain('<td data-setting="SLACK_BOT_TOKEN"><span class="ok-text">' + (locale === 'de' ? 'gesetzt' : 'set') + '</span>');
    expect(page).toContain('postgres://desk:•••@db.internal:5432/desk');
    expect(page).toContain('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  });

  it('speaks German and English', () => {
    const de = render(view(), 'de');
    const en = render(view(), 'en');
    expect(de).toContain('Geladene Konfiguration');
    expect(de).toContain('kann posten');
    expect(de).toContain('wartet: Microsoft Teams ist nicht verbunden (TEAMS_APP_ID und TEAMS_APP_PASSWORD setzen)');
    expect(de).toContain('letzter Post fehlgeschlagen: not_in_channel: invite the bot.');
    expect(de).toContain('Jetzt ausführen');
    expect(de).toContain('Median Erstreaktion (Arbeitszeit)');
    expect(en).toContain('Configuration as loaded');
    expect(en).toContain('can post');
    expect(en).toContain('waiting: Microsoft Teams is not connected (set TEAMS_APP_ID and TEAMS_APP_PASSWORD)');
    expect(en).toContain('last post failed: not_in_channel: invite the bot.');
    expect(en).toContain('Run now');
    expect(en).toContain('Median first response (working time)');
  });

  it('shows strangers’ and platforms’ words as text, never as markup', () => {
    const page = render(view(), 'en');
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('offers a retry per failed delivery and for all, as forms with the CSRF token', () => {
    const page = render(view(), 'en');
    expect(page).toMatch(/<form method="post" action="\/console\/operator\/retry"><input type="hidden" name="csrf" value="csrf-token-1"><input type="hidden" name="return" value="\/operator#op-outbox"><input type="hidden" name="id" value="4711"><button type="submit">Retry/);
    expect(page).toContain('<input type="hidden" name="all" value="1"><button type="submit" class="primary">Retry all failed</button>');
    expect(page).toContain('data-testid="op-failed-row" data-id="4711"');
    expect(page).toContain('data-testid="op-outbox-pending">2<');
    expect(page).toContain('data-testid="op-outbox-oldest">1 h 30 min<');
  });

  it.each([
    ['en', 'No failed deliveries.'],
    ['de', 'Keine fehlgeschlagenen Zustellungen.'],
  ] as const)('says so when nothing failed (%s)', (locale, words) => {
    const page = render(view({ outbox: { ok: true, value: { totals: { pending: 0, failed: 0, doneSince: 0, oldestPendingAt: null }, failed: [] } } }), locale);
    expect(page).toContain(words);
    expect(page).not.toContain('/console/operator/retry');
  });

  it('shows each job with its last run, its error, and a "Run now" button', () => {
    const page = render(view(), 'en');
    expect(page).toContain('<code>{&quot;reminded&quot;:3}</code>');
    expect(page).toContain('Error: database unreachable');
    expect(page).toContain('has not run yet');
    expect(page).toContain('<input type="hidden" name="name" value="crisis-clock"><button type="submit">Run now');
    // A job that is not scheduled on this desk says why, in the page's language.
    expect(page.match(/data-testid="op-job-idle"/g)).toHaveLength(1);
    expect(page).toContain('<span class="hint" data-testid="op-job-idle">not scheduled: AI triage is off (no OPENAI_API_KEY, or AI_TRIAGE=false)</span>');
    expect(render(view(), 'de')).toContain('nicht geplant: KI-Triage ist aus');
    expect(page).not.toContain('Only desk admins may run jobs by hand');
    const asAgent = render(view(), 'en', { ...OPS, roles: ['agent'] });
    expect(asAgent).toContain('Only desk admins may run jobs by hand');
  });

  it('offers to choose who you are when nobody is chosen', () => {
    const page = renderOperator(view(), ctx('en', undefined)).value;
    expect(page).toContain('data-testid="op-pick"');
    expect(page).toContain('<option value="ops">Ops</option>');
    expect(render(view(), 'en')).not.toContain('data-testid="op-pick"');
  });

  it('draws the chart inline and shows goal lines per team', () => {
    const page = render(view(), 'en');
    expect(page).toMatch(/<figure class="chart" data-testid="op-chart"><svg role="img" aria-label="[^"]*2026-W47[^"]*" class="chart-svg"/);
    expect(page).toContain('data-met="false"');
    expect(page).toContain('The figures of Legal could not be computed');
  });

  it('reports a broken configuration file by path, and a valid one with what it would load', () => {
    const broken = render(
      view({ check: { valid: false, path: '/etc/desk.yaml', at: NOW, heading: 'The desk configuration /etc/desk.yaml is not valid:', problems: [{ path: 'teams.1.slackChannel', message: 'must be a Slack channel id such as C0123ABCD' }] } }),
      'en',
    );
    expect(broken).toContain('data-valid="false"');
    expect(broken).toContain('<code>teams.1.slackChannel</code></td><td class="untrusted">must be a Slack channel id such as C0123ABCD</td>');
    expect(broken).toContain('Not valid: a restart with this file would fail. Fix this, then check again.');
    const config = testDeskConfig();
    const valid = render(view({ check: { valid: true, path: '/etc/desk.yaml', at: NOW, summary: summarizeDeskConfig(config), sameAsRunning: true } }), 'de');
    expect(valid).toContain('Gültig: Ein Neustart würde 3 Teams, 5 Mitglieder, 2 Routing-Regeln, 0 Job-Zeitpläne und 0 Krisenszenarien laden.');
    expect(valid).toContain('Sie ist dieselbe wie die laufende Konfiguration.');
  });

  it('shows the parts it could read when others could not', () => {
    const page = render(view({ outbox: { ok: false }, jobs: { ok: false } }), 'en');
    expect(page.match(/data-testid="op-could-not-read"/g)).toHaveLength(2);
    expect(page).toContain('can post');
  });

  it.each([
    [true, 'OPENAI_API_KEY is set'],
    [false, 'OPENAI_API_KEY is not set'],
  ])('says what AI does on this desk, with the month\'s usage (key set: %s)', (keySet, words) => {
    const page = render(view({ ai: { keySet, model: 'gpt-4o-mini', usage: keySet ? 'USAGE <b>LINE</b>' : null } }), 'en');
    expect(page).toContain(words);
    if (keySet) expect(page).toContain('<p data-testid="op-ai-usage">USAGE &lt;b&gt;LINE&lt;/b&gt;</p>');
    else expect(page).not.toContain('op-ai-usage');
  });
});

describe('whether the bot can post into a channel', () => {
  const base = { mode: 'http', missing: [], needsReference: false, referenceStored: false, deliveries: null };
  it('waits for a platform that is not connected, or has no adapter here', () => {
    expect(channelState({ ...base, mode: 'off', missing: ['SLACK_BOT_TOKEN'] })).toEqual({ kind: 'not_connected', missing: ['SLACK_BOT_TOKEN'] });
    expect(channelState({ ...base, mode: undefined })).toEqual({ kind: 'no_adapter' });
  });
  it('waits for an address the platform gives the bot', () => {
    expect(channelState({ ...base, mode: 'on', needsReference: true })).toEqual({ kind: 'no_reference' });
    expect(channelState({ ...base, mode: 'on', needsReference: true, referenceStored: true })).toEqual({ kind: 'can_post' });
  });
  it('says the last post failed only when nothing was delivered after it', () => {
    expect(channelState({ ...base, deliveries: deliveries({ lastFailedAt: ago(5), lastError: 'not_in_channel', lastDoneAt: ago(10) }) })).toEqual({ kind: 'last_failed', error: 'not_in_channel' });
    expect(channelState({ ...base, deliveries: deliveries({ lastFailedAt: ago(5), lastError: 'not_in_channel' }) })).toEqual({ kind: 'last_failed', error: 'not_in_channel' });
    expect(channelState({ ...base, deliveries: deliveries({ lastFailedAt: ago(10), lastError: 'not_in_channel', lastDoneAt: ago(5) }) })).toEqual({ kind: 'can_post' });
  });
});
