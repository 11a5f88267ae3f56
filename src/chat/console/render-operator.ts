import type { ChatChannel, Locale, MemberInfo } from '../../domain/directory.ts';
import { DURATION_UNITS, formatDuration } from '../../domain/duration.ts';
import type { JobLeaseRecord } from '../../domain/job-lease-store.ts';
import type { JobIdleReason } from '../../domain/command-view.ts';
import { textsFor } from '../../domain/i18n.ts';
import type { DigestView } from '../../domain/kpi.ts';
import { goalLine, kpiTexts } from '../../domain/kpi-texts.ts';
import type { ChannelDeliveries, FailedDelivery, OutboxTotals } from '../../domain/operator-reads.ts';
import { NAME_MAX, cutText, plainName } from '../../domain/untrusted-text.ts';
import { formatInstant } from '../format-date.ts';
import { type Html, html } from './html.ts';
import { pageSvg } from './page-svg.ts';
import type { ConfigCheck, DeskConfigSummary, EnvSetting } from './operator-config.ts';
import { type OperatorTexts, operatorTexts } from './operator-texts.ts';
import { renderConsoleText } from './render-rich-text.ts';
import type { RichText } from '../../domain/rich-text.ts';

/** A part of the page read from the database: its data, or why it could not be read (the rest still shows). */
export type Loaded<T> = { ok: true; value: T } | { ok: false };

/** Whether the bot can post into a channel, and if not, why. */
export type ChannelState =
  | { kind: 'can_post' }
  /** The platform's adapter is off in this process: these settings are missing. */
  | { kind: 'not_connected'; missing: string[] }
  /** No adapter for the platform in this version. */
  | { kind: 'no_adapter' }
  /** The platform needs an address it gives the bot (Teams: a conversation reference), and none is stored. */
  | { kind: 'no_reference' }
  /** The latest post there failed for good (and nothing was delivered since). */
  | { kind: 'last_failed'; error: string }
  | { kind: 'no_channel' };

export interface ChannelRow {
  teamId: string;
  teamName: string;
  /** Null: the team has no chat channel. */
  channel: ChatChannel | null;
  state: ChannelState;
  deliveries: ChannelDeliveries | null;
}

/**
 * What a channel's state is, from what runs here (`mode`: the platform's mode in this process, undefined
 * when no adapter exists) and what the outbox and the conversation store know. The first that applies wins.
 */
export function channelState(input: {
  mode: string | undefined;
  missing: readonly string[];
  needsReference: boolean;
  referenceStored: boolean;
  deliveries: ChannelDeliveries | null;
}): ChannelState {
  if (input.mode === undefined) return { kind: 'no_adapter' };
  if (input.mode === 'off') return { kind: 'not_connected', missing: [...input.missing] };
  if (input.needsReference && !input.referenceStored) return { kind: 'no_reference' };
  const d = input.deliveries;
  if (d?.lastFailedAt && (!d.lastDoneAt || d.lastFailedAt > d.lastDoneAt)) return { kind: 'last_failed', error: d.lastError ?? '' };
  return { kind: 'can_post' };
}

export interface FailedRow extends FailedDelivery {
  /** The team whose channel the row goes to, if it is one. */
  teamName: string | null;
}

export interface JobRow {
  name: string;
  description: string;
  schedule: string;
  timeZone: string;
  /** Not scheduled on this desk, and why. */
  idle?: JobIdleReason;
  lease: JobLeaseRecord | null;
}

export interface TeamFigures {
  teamId: string;
  teamName: string;
  digest: Loaded<DigestView>;
}

export interface FiguresView {
  teams: TeamFigures[];
  /** Teams left out (the page shows at most a few). */
  more: number;
  /** The team the chart is drawn for, and the chart (an SVG we rendered), if its figures could be computed. */
  chartTeamId: string | null;
  chartSvg: string | null;
}

export interface OperatorView {
  now: Date;
  env: EnvSetting[];
  deskConfigPath: string;
  desk: DeskConfigSummary;
  /** The last "check the file again" of this browser, shown once. */
  check: ConfigCheck | null;
  channels: Loaded<ChannelRow[]>;
  outbox: Loaded<{ totals: OutboxTotals; failed: FailedRow[] }>;
  jobs: Loaded<{ runsHere: boolean; rows: JobRow[] }>;
  figures: Loaded<FiguresView>;
  ai: { keySet: boolean; model: string; usage: RichText | null };
  /** Members who may act here (desk admins and team leads), for choosing who you are. */
  actors: MemberInfo[];
}

export interface OperatorRenderContext {
  locale: Locale;
  timeZone: string;
  csrf: string;
  member: MemberInfo | undefined;
}

const RETURN = '/operator';
const ERROR_MAX = 300;
const RESULT_MAX = 300;

/** The operator's page body: six sections, each with its own test id. */
export function renderOperator(view: OperatorView, ctx: OperatorRenderContext): Html {
  const t = operatorTexts(ctx.locale);
  return html`<h1>${t.title}</h1>
<p class="hint">${t.intro}</p>
${ctx.member ? '' : renderPicker(view, ctx, t)}
${renderConfig(view, ctx, t)}
${renderChannels(view, ctx, t)}
${renderOutbox(view, ctx, t)}
${renderJobs(view, ctx, t)}
${renderFigures(view, ctx, t)}
${renderAi(view, t, ctx)}`;
}

/** The form's CSRF token, and where the answer returns to: this page, at the section the form is in. */
function hidden(ctx: OperatorRenderContext, section = ''): Html {
  return html`<input type="hidden" name="csrf" value="${ctx.csrf}"><input type="hidden" name="return" value="${RETURN}${section}">`;
}

function when(at: Date | null | undefined, ctx: OperatorRenderContext): Html {
  if (!at) return html``;
  return html`<time datetime="${at.toISOString()}">${formatInstant(at, 'datetime', ctx.locale, ctx.timeZone)}</time>`;
}

function span(ms: number, locale: Locale): string {
  return formatDuration(Math.max(0, ms), DURATION_UNITS[locale], { round: 'down' });
}

function couldNotRead(t: OperatorTexts): Html {
  return html`<p class="error" role="alert" data-testid="op-could-not-read">${t.couldNotRead}</p>`;
}

function platformName(platform: string | null, t: OperatorTexts): string {
  return platform === null ? '—' : (t.platform[platform] ?? platform);
}

function renderPicker(view: OperatorView, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  if (!view.actors.length) return html``;
  return html`<section class="panel pick" data-testid="op-pick">
  <form method="post" action="/console/me">${hidden(ctx)}
    <label for="op-member">${t.pickHint}</label>
    <select id="op-member" name="member">${view.actors.map((m) => html`<option value="${m.id}">${plainName(m.name, NAME_MAX)}</option>`)}</select>
    <button type="submit">OK</button>
  </form>
</section>`;
}

// ---- 1. Configuration ----------------------------------------------------------------------

function renderConfig(view: OperatorView, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  const c = t.config;
  const d = view.desk;
  const envRows = view.env.map(
    (s) =>
      html`<tr><th scope="row"><code>${s.name}</code></th><td data-setting="${s.name}">${
        s.secret ? html`<span class="${s.set ? 'ok-text' : 'hint'}">${s.set ? t.set : t.notSet}</span>` : s.value === null ? html`<span class="hint">${t.notSet}</span>` : html`<code>${s.value}</code>`
      }</td></tr>`,
  );
  return html`<section class="panel" id="op-config" data-testid="op-config" aria-labelledby="op-config-h">
  <h2 id="op-config-h">${c.heading}</h2>
  <div class="grid-2">
    <div>
      <h3>${c.envHeading}</h3>
      <p class="hint">${c.envHelp}</p>
      <table><thead><tr><th scope="col">${c.variable}</th><th scope="col">${c.value}</th></tr></thead><tbody>${envRows}</tbody></table>
    </div>
    <div>
      <h3>${c.deskHeading}</h3>
      <p class="hint">${c.deskHelp}</p>
      <table><tbody>
        <tr><th scope="row">${c.file}</th><td><code>${view.deskConfigPath}</code></td></tr>
        ${deskRows(d, ctx, t)}
      </tbody></table>
      ${renderCheck(view.check, ctx, t)}
    </div>
  </div>
</section>`;
}

function deskRows(d: DeskConfigSummary, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  const c = t.config;
  return html`<tr><th scope="row">${c.teams}</th><td data-testid="op-config-teams">${String(d.teams.length)}: ${d.teams.map((x) => plainName(x.name, NAME_MAX)).join(', ')}</td></tr>
        <tr><th scope="row">${c.members}</th><td data-testid="op-config-members">${String(d.members)}</td></tr>
        <tr><th scope="row">${c.routingRules}</th><td data-testid="op-config-rules">${String(d.routingRules)}</td></tr>
        <tr><th scope="row">${c.jobSchedules}</th><td data-testid="op-config-jobs">${
          d.jobs.length ? html`<ul>${d.jobs.map((j) => html`<li><code>${j.name}</code>: <code>${j.schedule}</code> (${j.timeZone})</li>`)}</ul>` : c.jobsDefault
        }</td></tr>
        <tr><th scope="row">${c.crisisScenarios}</th><td data-testid="op-config-scenarios">${
          d.crisisScenarios === null
            ? c.noCrisis
            : html`${String(d.crisisScenarios.length)}: ${d.crisisScenarios.map((s, i) => html`${i ? ', ' : ''}<code>${s.id}</code> ${plainName(s.title[ctx.locale], NAME_MAX)}`)}`
        }</td></tr>`;
}

function renderCheck(check: ConfigCheck | null, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  const k = t.check;
  let result: Html = html``;
  if (check?.valid) {
    const s = check.summary;
    result = html`<div class="op-check-result" role="status" data-testid="op-config-check-result" data-valid="true">
      <p class="ok-text">${k.valid(s.teams.length, s.members, s.routingRules, s.jobs.length, s.crisisScenarios?.length ?? 0)}</p>
      <p>${check.sameAsRunning ? k.same : k.changed} <span class="hint">${k.checked}: ${when(check.at, ctx)} · <code>${check.path}</code></span></p>
    </div>`;
  } else if (check) {
    result = html`<div class="op-check-result" role="alert" data-testid="op-config-check-result" data-valid="false">
      <p class="bad-text">${k.invalid(check.problems.length)}</p>
      ${check.heading ? html`<p>${check.heading}</p>` : ''}
      <table><thead><tr><th scope="col">${k.path}</th><th scope="col">${k.fix}</th></tr></thead><tbody>${check.problems.map(
        (p) => html`<tr data-testid="op-config-problem"><td>${p.path === null ? html`<span class="hint">${k.wholeFile}</span>` : html`<code>${p.path}</code>`}</td><td class="untrusted">${p.message}</td></tr>`,
      )}</tbody></table>
      <p class="hint">${k.checked}: ${when(check.at, ctx)}</p>
    </div>`;
  }
  return html`<section id="op-config-check" data-testid="op-config-check" aria-labelledby="op-config-check-h">
    <h3 id="op-config-check-h">${k.heading}</h3>
    <p class="hint">${k.help}</p>
    <form method="post" action="/console/operator/check-config">${hidden(ctx, '#op-config-check')}<button type="submit">${k.button}</button></form>
    ${result}
  </section>`;
}

// ---- 2. Channels -----------------------------------------------------------------------------

function stateText(row: ChannelRow, t: OperatorTexts): Html {
  const c = t.channels;
  const platform = platformName(row.channel?.platform ?? null, t);
  switch (row.state.kind) {
    case 'can_post':
      return html`<span class="ok-text" data-state="can_post">${c.canPost}</span>`;
    case 'not_connected':
      return html`<span class="warn-text" data-state="not_connected">${c.notConnected(platform, row.state.missing.join(t.and))}</span>`;
    case 'no_adapter':
      return html`<span class="warn-text" data-state="no_adapter">${c.noAdapter(platform)}</span>`;
    case 'no_reference':
      return html`<span class="warn-text" data-state="no_reference">${c.noReference}</span>`;
    case 'last_failed':
      return html`<span class="bad-text" data-state="last_failed">${c.lastFailed(cutText(row.state.error, ERROR_MAX))}</span>`;
    case 'no_channel':
      return html`<span class="hint" data-state="no_channel">${c.noChannel}</span>`;
  }
}

function renderChannels(view: OperatorView, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  const c = t.channels;
  let body: Html;
  if (!view.channels.ok) body = couldNotRead(t);
  else if (!view.channels.value.length) body = html`<p class="hint">${c.noTeams}</p>`;
  else {
    body = html`<table><thead><tr><th scope="col">${c.team}</th><th scope="col">${c.platform}</th><th scope="col">${c.channel}</th><th scope="col">${c.state}</th><th scope="col">${c.lastDelivered}</th><th scope="col">${c.lastFailure}</th><th scope="col">${c.waiting}</th></tr></thead>
    <tbody>${view.channels.value.map((row) => {
      const d = row.deliveries;
      return html`<tr data-testid="op-channel" data-team="${row.teamId}" data-platform="${row.channel?.platform ?? ''}" data-state="${row.state.kind}">
        <th scope="row">${plainName(row.teamName, NAME_MAX)}</th>
        <td>${row.channel ? platformName(row.channel.platform, t) : '—'}</td>
        <td>${row.channel ? html`<code>${row.channel.channel}</code>` : '—'}</td>
        <td>${stateText(row, t)}</td>
        <td>${d?.lastDoneAt ? when(d.lastDoneAt, ctx) : row.channel ? html`<span class="hint">${t.nothingYet}</span>` : ''}</td>
        <td>${d?.lastFailedAt ? html`${when(d.lastFailedAt, ctx)}<br><span class="bad-text">${cutText(d.lastError ?? '', ERROR_MAX)}</span>` : ''}</td>
        <td>${row.channel ? String(d?.pending ?? 0) : ''}</td>
      </tr>`;
    })}</tbody></table>`;
  }
  return html`<section class="panel" id="op-channels" data-testid="op-channels" aria-labelledby="op-channels-h">
  <h2 id="op-channels-h">${c.heading}</h2>
  <p class="hint">${c.help}</p>
  ${body}
</section>`;
}

// ---- 3. Outbox -------------------------------------------------------------------------------

function renderOutbox(view: OperatorView, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  const o = t.outbox;
  let body: Html;
  if (!view.outbox.ok) body = couldNotRead(t);
  else {
    const { totals, failed } = view.outbox.value;
    const oldest = totals.oldestPendingAt ? span(view.now.getTime() - totals.oldestPendingAt.getTime(), ctx.locale) : null;
    body = html`<table class="op-totals"><tbody>
      <tr><th scope="row">${o.pending}</th><td data-testid="op-outbox-pending">${String(totals.pending)}</td></tr>
      <tr><th scope="row">${o.failed}</th><td data-testid="op-outbox-failed">${String(totals.failed)}</td></tr>
      <tr><th scope="row">${o.done24h}</th><td data-testid="op-outbox-done">${String(totals.doneSince)}</td></tr>
      <tr><th scope="row">${o.oldestPending}</th><td data-testid="op-outbox-oldest">${oldest ?? html`<span class="hint">${o.nothingWaits}</span>`}</td></tr>
    </tbody></table>
    <h3>${o.failedHeading}</h3>
    ${
      failed.length
        ? html`<p class="hint">${o.retryHelp}</p>
    <form method="post" action="/console/operator/retry">${hidden(ctx, '#op-outbox')}<input type="hidden" name="all" value="1"><button type="submit" class="primary">${o.retryAll}</button></form>
    <table><thead><tr><th scope="col">${o.id}</th><th scope="col">${o.kind}</th><th scope="col">${o.to}</th><th scope="col">${o.attempts}</th><th scope="col">${o.lastError}</th><th scope="col">${o.created}</th><th scope="col">${o.action}</th></tr></thead>
    <tbody>${failed.map(
      (f) => html`<tr data-testid="op-failed-row" data-id="${f.id.toString()}">
        <td>${f.id.toString()}</td>
        <td><code>${f.kind}</code></td>
        <td>${platformName(f.platform, t)}${f.channel ? html` <code>${f.channel}</code>` : ''}${f.teamName ? html` (${plainName(f.teamName, NAME_MAX)})` : ''}</td>
        <td>${String(f.attempts)}</td>
        <td class="bad-text">${cutText(f.lastError ?? '', ERROR_MAX)}${f.failedAt ? html`<br><span class="hint">${o.failedAt}: ${when(f.failedAt, ctx)}</span>` : ''}</td>
        <td>${when(f.createdAt, ctx)}</td>
        <td><form method="post" action="/console/operator/retry">${hidden(ctx, '#op-outbox')}<input type="hidden" name="id" value="${f.id.toString()}"><button type="submit">${o.retry}<span class="sr-only"> ${f.id.toString()}</span></button></form></td>
      </tr>`,
    )}</tbody></table>`
        : html`<p class="hint" data-testid="op-no-failed">${o.noFailed}</p>`
    }`;
  }
  return html`<section class="panel" id="op-outbox" data-testid="op-outbox" aria-labelledby="op-outbox-h">
  <h2 id="op-outbox-h">${o.heading}</h2>
  <p class="hint">${o.help}</p>
  ${body}
</section>`;
}

// ---- 4. Jobs ---------------------------------------------------------------------------------

function jobResult(lease: JobLeaseRecord | null, t: OperatorTexts): Html {
  if (!lease || (!lease.lastFinishedAt && !lease.lastError)) return html``;
  if (lease.lastError) return html`<span class="bad-text">${t.jobs.error}: ${cutText(lease.lastError, ERROR_MAX)}</span>`;
  return html`<code>${cutText(JSON.stringify(lease.lastResult ?? null) ?? 'null', RESULT_MAX)}</code>`;
}

function jobHolder(lease: JobLeaseRecord | null, now: Date, t: OperatorTexts): string {
  if (!lease?.holder) return '';
  return lease.leaseUntil && lease.leaseUntil > now ? t.jobs.runningOn(lease.holder) : t.jobs.lastOn(lease.holder);
}

function renderJobs(view: OperatorView, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  const j = t.jobs;
  let body: Html;
  if (!view.jobs.ok) body = couldNotRead(t);
  else if (!view.jobs.value.rows.length) body = html`<p class="hint">${j.none}</p>`;
  else {
    const mayRun = ctx.member?.roles.includes('admin') ?? false;
    body = html`<p class="hint">${view.jobs.value.runsHere ? j.runsHere : j.notHere}</p>
    ${mayRun ? '' : html`<p class="hint">${j.adminsOnly}</p>`}
    <table><thead><tr><th scope="col">${j.job}</th><th scope="col">${j.schedule}</th><th scope="col">${j.lastStarted}</th><th scope="col">${j.lastFinished}</th><th scope="col">${j.lastResult}</th><th scope="col">${j.holder}</th><th scope="col">${t.outbox.action}</th></tr></thead>
    <tbody>${view.jobs.value.rows.map(
      (r) => html`<tr data-testid="op-job" data-job="${r.name}">
        <th scope="row"><code>${r.name}</code><br><span class="hint">${r.description}</span></th>
        <td><code>${r.schedule}</code> (${r.timeZone})${r.idle ? html`<br><span class="hint" data-testid="op-job-idle">${textsFor(ctx.locale).deskJobIdle[r.idle]}</span>` : ''}</td>
        <td>${r.lease?.lastStartedAt ? when(r.lease.lastStartedAt, ctx) : html`<span class="hint">${j.neverRan}</span>`}</td>
        <td>${when(r.lease?.lastFinishedAt, ctx)}</td>
        <td>${jobResult(r.lease, t)}</td>
        <td>${jobHolder(r.lease, view.now, t)}</td>
        <td><form method="post" action="/console/operator/run-job">${hidden(ctx, '#op-jobs')}<input type="hidden" name="name" value="${r.name}"><button type="submit">${j.runNow}<span class="sr-only"> ${r.name}</span></button></form></td>
      </tr>`,
    )}</tbody></table>`;
  }
  return html`<section class="panel" id="op-jobs" data-testid="op-jobs" aria-labelledby="op-jobs-h">
  <h2 id="op-jobs-h">${j.heading}</h2>
  ${body}
</section>`;
}

// ---- 5. Figures ------------------------------------------------------------------------------

function teamFigures(team: TeamFigures, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  const f = t.figures;
  const name = plainName(team.teamName, NAME_MAX);
  if (!team.digest.ok) return html`<div class="op-team-figures" data-testid="op-team-figures" data-team="${team.teamId}"><h3>${name}</h3><p class="error">${f.failed(name)}</p></div>`;
  const view = team.digest.value;
  const k = kpiTexts(ctx.locale);
  const w = view.figures;
  const p = view.previous;
  const rows: [string, (x: typeof w) => string][] = [
    [k.figure.received, (x) => k.formatNumber(x.received)],
    [k.figure.answered, (x) => k.formatNumber(x.answered)],
    [k.figure.responseRate, (x) => k.formatValue('share', x.responseRate)],
    [k.figure.withinTarget, (x) => k.formatValue('share', x.withinTargetShare)],
    [k.figure.firstResponseWorking, (x) => k.medianP90(k.formatValue('duration', x.firstResponseMedianMs), k.formatValue('duration', x.firstResponseP90Ms))],
    [k.figure.firstResponseClock, (x) => k.medianP90(k.formatValue('duration', x.firstResponseMedianClockMs), k.formatValue('duration', x.firstResponseP90ClockMs))],
    [k.figure.backlog, (x) => k.backlogChange(k.formatNumber(x.backlogStart), k.formatNumber(x.backlogEnd))],
    [k.figure.overdueNow, (x) => k.formatNumber(x.overdueNow)],
    [k.figure.escalations, (x) => k.escalationCounts(k.formatNumber(x.escalations.reminders), k.formatNumber(x.escalations.channel), k.formatNumber(x.escalations.lead))],
    [k.figure.dismissedRouted, (x) => k.dismissedRouted(k.formatNumber(x.dismissed), k.formatNumber(x.routed))],
  ];
  const textOptions = { locale: ctx.locale, timeZone: ctx.timeZone };
  return html`<div class="op-team-figures" data-testid="op-team-figures" data-team="${team.teamId}">
    <table>
      <caption><strong>${name}</strong> · ${w.week.label} (${k.weekRange(w.week.start, w.week.end, w.week.timeZone)})</caption>
      <thead><tr><th scope="col">${f.figure}</th><th scope="col">${f.thisWeek}</th><th scope="col">${f.lastWeek}</th></tr></thead>
      <tbody>${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td>${value(w)}</td><td class="hint">${p ? value(p) : '—'}</td></tr>`)}</tbody>
    </table>
    ${w.received === 0 ? html`<p class="hint">${k.empty.week}</p>` : ''}
    <h4>${f.goals}</h4>
    ${
      view.goals.length
        ? html`<ul class="op-goals">${view.goals.map((g) => html`<li data-met="${g.met === null ? 'none' : String(g.met)}">${renderConsoleText(goalLine(g, k), textOptions)}</li>`)}</ul>`
        : html`<p class="hint">${renderConsoleText(k.empty.goals, textOptions)}</p>`
    }
  </div>`;
}

function renderFigures(view: OperatorView, ctx: OperatorRenderContext, t: OperatorTexts): Html {
  const f = t.figures;
  let body: Html;
  if (!view.figures.ok) body = couldNotRead(t);
  else if (!view.figures.value.teams.length) body = html`<p class="hint">${t.channels.noTeams}</p>`;
  else {
    const fig = view.figures.value;
    const chartTeam = fig.teams.find((x) => x.teamId === fig.chartTeamId);
    const k = kpiTexts(ctx.locale);
    const chartLabel = chartTeam?.digest.ok ? k.chartTitle(plainName(chartTeam.teamName, NAME_MAX), chartTeam.digest.value.figures.week.label) : '';
    body = html`<p class="hint">${f.help}</p>
    ${
      fig.teams.length > 1
        ? html`<form method="get" action="/operator#op-figures" class="op-chart-pick"><label for="op-chart-team">${f.chartFor}</label>
      <select id="op-chart-team" name="team">${fig.teams.map((x) => html`<option value="${x.teamId}"${x.teamId === fig.chartTeamId ? html` selected` : ''}>${plainName(x.teamName, NAME_MAX)}</option>`)}</select>
      <button type="submit">${f.show}</button></form>`
        : ''
    }
    ${fig.chartSvg ? html`<figure class="chart" data-testid="op-chart">${pageSvg(fig.chartSvg, chartLabel)}</figure>` : ''}
    <div class="grid-2">${fig.teams.map((x) => teamFigures(x, ctx, t))}</div>
    ${fig.more ? html`<p class="hint">${f.more(fig.more)}</p>` : ''}`;
  }
  return html`<section class="panel" id="op-figures" data-testid="op-figures" aria-labelledby="op-figures-h">
  <h2 id="op-figures-h">${f.heading}</h2>
  ${body}
</section>`;
}

// ---- 6. AI -----------------------------------------------------------------------------------

function renderAi(view: OperatorView, t: OperatorTexts, o: OperatorRenderContext): Html {
  const a = t.ai;
  return html`<section class="panel" id="op-ai" data-testid="op-ai" aria-labelledby="op-ai-h">
  <h2 id="op-ai-h">${a.heading}</h2>
  <p data-testid="op-ai-key" data-set="${String(view.ai.keySet)}">${view.ai.keySet ? a.keySet(view.ai.model) : a.keyNotSet}</p>
  ${view.ai.usage ? html`<p data-testid="op-ai-usage">${renderConsoleText(view.ai.usage, { locale: o.locale, timeZone: o.timeZone })}</p>` : ''}
</section>`;
}
