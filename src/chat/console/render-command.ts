import type { CommandAnswer } from '../../domain/command-view.ts';
import { type TextBudget, crisisStatusText, reportListText, reportText, scenarioListText } from '../../domain/crisis-answers.ts';
import type { Locale } from '../../domain/directory.ts';
import { deskJobLine, textsFor } from '../../domain/i18n.ts';
import type { DigestView, WeeklyFigures } from '../../domain/kpi.ts';
import { type KpiTexts, goalLine, kpiTexts } from '../../domain/kpi-texts.ts';
import { type RichText, date, lines, plainLength, untrusted } from '../../domain/rich-text.ts';
import { cutText, plainName } from '../../domain/untrusted-text.ts';
import { digestChartSvg } from '../chart/digest-chart.ts';
import { weeklyChartAltText } from '../chart/weekly-chart.ts';
import { type Html, html } from './html.ts';
import { pageSvg } from './page-svg.ts';

export { pageSvg };
import { renderConsoleText } from './render-rich-text.ts';
import { tryItTexts } from './try-it-texts.ts';

/**
 * A command's answer as HTML for the console, mirroring what Slack and Teams show (render-command.ts
 * there): sentences and crisis answers as text, a week's figures as the digest with its chart inline
 * and Post to channel when it can be posted. Everything a person or the configuration wrote is text.
 */

export interface ConsoleRenderOptions {
  /** The reader's language, for the console's own words and dates in answers that carry no language. */
  locale: Locale;
  /** The reader's zone, for dates. */
  timeZone: string;
  /** The session's CSRF token, for the answer's forms. */
  csrf: string;
  /** The page the answer's forms come back to. */
  returnPath?: string;
}

/** The action of the digest's Post to channel form. */
export const KPI_POST_PATH = '/console/try/kpi-post';

/** Answers are long on a page: no chat message limit, but a bound all the same. */
const ANSWER_BUDGET: TextBudget = { max: 20_000, measure: plainLength };
const NAME_MAX = 200;
const TABLE_NAME_MAX = 60;
const TEAM_NAME_MAX = 60;

function text(rt: RichText, o: ConsoleRenderOptions, locale: Locale = o.locale): Html {
  return html`<div class="answer-text">${renderConsoleText(rt, { locale, timeZone: o.timeZone })}</div>`;
}

/** The answer's content (the page puts it into `#command-answer`). */
export function renderCommandAnswer(answer: CommandAnswer, o: ConsoleRenderOptions): Html {
  switch (answer.kind) {
    case 'text':
      return html`<div class="command-answer-body" data-kind="text">${text(answer.text, o)}</div>`;
    case 'desk.status': {
      const t = textsFor(answer.locale);
      const rows = answer.rows.map((r) => t.deskStatusLine(r.teamName, r.open, r.claimed, r.overdue, r.oldestReceivedAt ? date(r.oldestReceivedAt, 'ago') : null));
      return html`<div class="command-answer-body" data-kind="desk.status" lang="${answer.locale}">${text(lines([t.deskStatusTitle, ...rows]), o, answer.locale)}</div>`;
    }
    case 'desk.jobs': {
      const t = textsFor(answer.locale);
      const rows = answer.jobs.map((j) => deskJobLine(j, t));
      return html`<div class="command-answer-body" data-kind="desk.jobs" lang="${answer.locale}">${text(lines([t.deskJobsTitle, ...rows]), o, answer.locale)}</div>`;
    }
    case 'crisis.status': {
      const locale = answer.view.snapshot.crisis.locale;
      return html`<div class="command-answer-body" data-kind="crisis.status" lang="${locale}">${text(crisisStatusText(answer.view, ANSWER_BUDGET), o, locale)}</div>`;
    }
    case 'crisis.scenarios':
      return html`<div class="command-answer-body" data-kind="crisis.scenarios" lang="${answer.locale}">${text(scenarioListText(answer.view, answer.locale, ANSWER_BUDGET), o, answer.locale)}</div>`;
    case 'crisis.reports':
      return html`<div class="command-answer-body" data-kind="crisis.reports" lang="${answer.locale}">${text(reportListText(answer.reports, answer.locale, answer.people, ANSWER_BUDGET), o, answer.locale)}</div>`;
    case 'crisis.report':
      return html`<div class="command-answer-body" data-kind="crisis.report" lang="${answer.locale}">${text(reportText(answer.report, answer.locale, answer.people, ANSWER_BUDGET), o, answer.locale)}</div>`;
    case 'kpi.digest':
      return html`<div class="command-answer-body" data-kind="kpi.digest">${renderConsoleDigest(answer.digest, o, answer.post)}</div>`;
  }
}

// ---- the weekly digest -----------------------------------------------------------------

/** The chart's alt text, from the same input the chart is drawn from (digest-chart.ts). */
function chartAltText(view: DigestView): string {
  const goal = view.goals.find((g) => g.goal.metric === 'firstResponseMedian' || g.goal.metric === 'firstResponseP90');
  return weeklyChartAltText({ days: view.figures.byDay, goalFirstResponseMs: goal?.goal.target ?? null, locale: view.locale });
}

function figureList(f: WeeklyFigures, previous: WeeklyFigures | null, t: KpiTexts): Html {
  const n = (v: number) => t.formatValue('count', v);
  const duration = (v: number | null) => t.formatValue('duration', v);
  const share = (v: number | null) => t.formatValue('share', v);
  const withLastWeek = (value: string, before: string | null) => (before === null ? html`${value}` : html`${value} <span class="muted">(${t.lastWeek(before)})</span>`);
  const facts: [string, Html][] = [
    [t.figure.received, withLastWeek(n(f.received), previous ? n(previous.received) : null)],
    [t.figure.answered, withLastWeek(n(f.answered), previous ? n(previous.answered) : null)],
    [t.figure.responseRate, withLastWeek(share(f.responseRate), previous ? share(previous.responseRate) : null)],
    [t.figure.withinTarget, withLastWeek(share(f.withinTargetShare), previous ? share(previous.withinTargetShare) : null)],
    [t.figure.firstResponseWorking, html`${t.medianP90(duration(f.firstResponseMedianMs), duration(f.firstResponseP90Ms))}`],
    [t.figure.firstResponseClock, html`${t.medianP90(duration(f.firstResponseMedianClockMs), duration(f.firstResponseP90ClockMs))}`],
    [t.figure.backlog, html`${t.backlogChange(n(f.backlogStart), n(f.backlogEnd))}`],
    [t.figure.overdueNow, html`${n(f.overdueNow)}`],
    [t.figure.escalations, html`${t.escalationCounts(n(f.escalations.reminders), n(f.escalations.channel), n(f.escalations.lead))}`],
    [t.figure.dismissedRouted, html`${t.dismissedRouted(n(f.dismissed), n(f.routed))}`],
  ];
  return html`<dl class="digest-figures">${facts.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>`;
}

function table(heading: string, header: string[], rows: string[][], empty: string, quiet: boolean): Html | null {
  if (!rows.length && quiet) return null;
  if (!rows.length) return html`<section class="digest-section"><h4>${heading}</h4><p class="muted">${empty}</p></section>`;
  return html`<section class="digest-section"><h4>${heading}</h4>
    <table class="digest-table"><thead><tr>${header.map((h, i) => html`<th scope="col"${i > 0 ? html` class="num"` : ''}>${h}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${r.map((cell, i) => (i === 0 ? html`<th scope="row">${cell}</th>` : html`<td class="num">${cell}</td>`))}</tr>`)}</tbody></table></section>`;
}

function digestTables(view: DigestView, t: KpiTexts): Html[] {
  const f = view.figures;
  const c = t.column;
  const quiet = f.received === 0;
  const nameOf = (id: string) => cutText(plainName(view.names[id] ?? id, NAME_MAX), TABLE_NAME_MAX);
  const people = [...f.byPerson].sort(
    (a, b) => b.answered - a.answered || b.claimed - a.claimed || (view.names[a.memberId] ?? a.memberId).localeCompare(view.names[b.memberId] ?? b.memberId),
  );
  const departments = [...f.byDepartment].sort((a, b) => b.routedIn - a.routedIn || b.answered - a.answered || a.teamId.localeCompare(b.teamId));
  const sources = [...f.bySource].sort((a, b) => b.received - a.received || b.answered - a.answered || a.source.localeCompare(b.source));
  return [
    table(
      t.heading.people,
      [c.name, c.claimed, c.answered, c.medianResponse],
      people.map((p) => [nameOf(p.memberId), t.formatValue('count', p.claimed), t.formatValue('count', p.answered), t.formatValue('duration', p.medianResponseMs)]),
      t.empty.people,
      quiet,
    ),
    table(
      t.heading.departments,
      [c.department, c.routedIn, c.answered, c.medianClose],
      departments.map((d) => [nameOf(d.teamId), t.formatValue('count', d.routedIn), t.formatValue('count', d.answered), t.formatValue('duration', d.medianCloseMs)]),
      t.empty.departments,
      quiet,
    ),
    table(
      t.heading.sources,
      [c.source, c.received, c.answered, c.medianFirstResponse],
      sources.map((s) => [cutText(plainName(s.source, NAME_MAX), TABLE_NAME_MAX), t.formatValue('count', s.received), t.formatValue('count', s.answered), t.formatValue('duration', s.medianFirstResponseMs)]),
      t.empty.sources,
      quiet,
    ),
  ].filter((x): x is Html => x !== null);
}

/**
 * The weekly digest as HTML: title, paragraph, goals, figures, the chart (inline SVG with its alt
 * text), people, departments, sources, drills; `post`: the Post to channel form.
 */
export function renderConsoleDigest(view: DigestView, o: ConsoleRenderOptions, post: { teamId: string; week: string } | null = null): Html {
  const t = kpiTexts(view.locale);
  const f = view.figures;
  const week = f.week;
  const rt = (r: RichText) => renderConsoleText(r, { locale: view.locale, timeZone: week.timeZone });
  const teamPlain = plainName(view.teamName, TEAM_NAME_MAX, '') || plainName(view.teamId, TEAM_NAME_MAX);
  const narrative = view.narrative.text.trim();
  const alt = chartAltText(view);
  const goalsHeading = html`${t.heading.goals}${view.goals.length && !view.previous ? html` <span class="muted">(${t.noLastWeek})</span>` : ''}`;
  const drills = f.drills.map((d) =>
    t.drillLine(d.number, [untrusted(plainName(cutText(d.title[view.locale] || d.title.en, 120), NAME_MAX))], d.firstAckMs === null ? null : t.formatDuration(d.firstAckMs), d.stepsOnTime, d.steps),
  );
  return html`<article class="digest" data-testid="kpi-digest" lang="${view.locale}">
<h3 class="digest-title">${t.digestTitle(teamPlain, week.label, week.start, week.end, week.timeZone)}</h3>
${narrative ? html`<p class="digest-narrative">${rt([untrusted(narrative)])}</p>${view.narrative.source === 'model' ? html`<p class="muted">${t.narrativeByModel}</p>` : ''}` : ''}
<section class="digest-section"><h4>${goalsHeading}</h4>${view.goals.length ? html`<ul class="digest-goals">${view.goals.map((g) => html`<li>${rt(goalLine(g, t))}</li>`)}</ul>` : html`<p class="muted">${rt(t.empty.goals)}</p>`}</section>
<section class="digest-section"><h4>${t.heading.figures}</h4>${figureList(f, view.previous, t)}</section>
<figure class="digest-chart" data-testid="kpi-chart">${pageSvg(digestChartSvg(view), alt)}<figcaption class="chart-alt"><span class="sr-only">${tryItTexts(o.locale).digest.chart}: </span>${alt}</figcaption></figure>
${f.received === 0 ? html`<p class="muted"><em>${t.empty.week}</em></p>` : ''}
${digestTables(view, t)}
${drills.length ? html`<section class="digest-section"><h4>${t.heading.drills}</h4><ul>${drills.map((d) => html`<li>${rt(d)}</li>`)}</ul></section>` : ''}
${
  post
    ? html`<form method="post" action="${KPI_POST_PATH}" class="digest-post" data-act><input type="hidden" name="csrf" value="${o.csrf}"><input type="hidden" name="return" value="${o.returnPath ?? '/try'}"><input type="hidden" name="teamId" value="${post.teamId}"><input type="hidden" name="week" value="${post.week}"><button type="submit" class="primary" data-testid="kpi-post">${t.postButton}</button></form>`
    : ''
}
</article>`;
}
