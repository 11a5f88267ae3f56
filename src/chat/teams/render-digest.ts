import type { DigestView, WeeklyFigures } from '../../domain/kpi.ts';
import { type KpiTexts, goalLine, kpiTexts } from '../../domain/kpi-texts.ts';
import { type RichText, bold, fitLines, italic, lines, rich, untrusted } from '../../domain/rich-text.ts';
import { cutText, plainName, visibleText } from '../../domain/untrusted-text.ts';
import type { DigestChart } from '../port.ts';
import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Table,
  type TableCell,
  CARD_BYTES_MAX,
  CardTexts,
  actionSet,
  cardBytes,
  execute,
  textBlock,
} from './adaptive-card.ts';
import { escapeTeamsText, teamsUntrustedText } from './markdown.ts';
import { TeamsVerb } from './verbs.ts';

/**
 * The weekly KPI digest as an Adaptive Card (Monday posts in each team's channel, and `/kpi`
 * answers): header, narrative, goals, the top figures as facts, the chart as an inline PNG, people,
 * departments and sources as tables, drills. Mirrors the Slack digest (render-digest.ts there).
 *
 * Within CARD_BYTES_MAX whatever the week holds: tables show at most `DIGEST_TABLE_ROWS_MAX` rows
 * and "… and n more" (fewer when the card would be too big), the chart is left out when its image
 * would not fit (its alt text stays), and names people chose are shown as text.
 */

export const DIGEST_TABLE_ROWS_MAX = 15;
/** The chart's share of the card: its base64 data URL, in bytes. */
export const CHART_BYTES_MAX = 12_000;
/** Names in a table, in code points. */
const NAME_WIDTH_MAX = 24;
/** Team names in the header and the fallback. */
const TEAM_NAME_MAX = 60;
/** Names before the tables shorten them. */
const NAME_CLEAN_MAX = 200;
/** Goal lines and drill lines, as rendered. */
const LIST_MAX = 3000;
/** The narrative paragraph. */
const NARRATIVE_MAX = 2000;
/** The chart's alt text. */
const ALT_TEXT_MAX = 1000;

export interface TeamsDigestOptions {
  /** For `/kpi` answers shown to the asker: a button that posts the digest to the team's channel (`desk.kpi.post`, `{ t, w }`). */
  post?: { teamId: string; week: string } | null;
}

const cutPlain = (s: string, max: number) => cutText(s, max, { count: 'codePoints', trim: false });
const nameOf = (view: DigestView, id: string) => cutPlain(plainName(view.names[id] ?? id, NAME_CLEAN_MAX), NAME_WIDTH_MAX);


function figureFacts(f: WeeklyFigures, previous: WeeklyFigures | null, t: KpiTexts, md: (rt: RichText) => string): CardElement {
  const n = (v: number) => t.formatValue('count', v);
  const duration = (v: number | null) => t.formatValue('duration', v);
  const share = (v: number | null) => t.formatValue('share', v);
  const withLastWeek = (value: string, before: string | null): RichText => (before === null ? value : rich`${value}  ${italic(`(${t.lastWeek(before)})`)}`);
  const facts: [string, RichText][] = [
    [t.figure.received, withLastWeek(n(f.received), previous ? n(previous.received) : null)],
    [t.figure.answered, withLastWeek(n(f.answered), previous ? n(previous.answered) : null)],
    [t.figure.responseRate, withLastWeek(share(f.responseRate), previous ? share(previous.responseRate) : null)],
    [t.figure.withinTarget, withLastWeek(share(f.withinTargetShare), previous ? share(previous.withinTargetShare) : null)],
    [t.figure.firstResponseWorking, t.medianP90(duration(f.firstResponseMedianMs), duration(f.firstResponseP90Ms))],
    [t.figure.firstResponseClock, t.medianP90(duration(f.firstResponseMedianClockMs), duration(f.firstResponseP90ClockMs))],
    [t.figure.backlog, t.backlogChange(n(f.backlogStart), n(f.backlogEnd))],
    [t.figure.overdueNow, n(f.overdueNow)],
    [t.figure.escalations, t.escalationCounts(n(f.escalations.reminders), n(f.escalations.channel), n(f.escalations.lead))],
    [t.figure.dismissedRouted, t.dismissedRouted(n(f.dismissed), n(f.routed))],
  ];
  return { type: 'FactSet', facts: facts.map(([title, value]) => ({ title: md(title), value: md(value) })) };
}

type Align = 'Left' | 'Right';

/** A heading and a table (header row and at most `maxRows` rows), then "… and n more". */
function table(heading: string, header: string[], rows: string[][], align: Align[], widths: number[], maxRows: number, t: KpiTexts, md: (rt: RichText) => string): CardElement[] {
  const cell = (text: string, strong = false): TableCell => ({ type: 'TableCell', items: [textBlock(md(strong ? [bold(text)] : [untrusted(text)]))] });
  const shown = rows.slice(0, maxRows);
  const element: Table = {
    type: 'Table',
    columns: widths.map((width, i) => ({ width, horizontalCellContentAlignment: align[i] ?? 'Left' })),
    firstRowAsHeader: true,
    showGridLines: false,
    rows: [header, ...shown].map((r, i) => ({ type: 'TableRow', cells: r.map((text) => cell(text, i === 0)) })),
  };
  const out: CardElement[] = [textBlock(md([bold(heading)]), { separator: true, spacing: 'Medium' }), element];
  if (rows.length > shown.length) out.push(textBlock(md(t.more(rows.length - shown.length)), { isSubtle: true, size: 'Small' }));
  return out;
}

function tables(view: DigestView, t: KpiTexts, maxRows: number, md: (rt: RichText) => string): CardElement[] {
  const f = view.figures;
  const c = t.column;
  const quiet = f.received === 0;
  const out: CardElement[] = [];
  const align: Align[] = ['Left', 'Right', 'Right', 'Right'];
  const widths = [3, 1, 1, 2];
  const section = (rows: unknown[], heading: string, empty: string, render: () => CardElement[]) => {
    if (!rows.length && quiet) return;
    out.push(...(rows.length ? render() : [textBlock(md(lines([[bold(heading)], empty])), { separator: true, spacing: 'Medium' })]));
  };
  section(f.byPerson, t.heading.people, t.empty.people, () => {
    const people = [...f.byPerson].sort(
      (a, b) => b.answered - a.answered || b.claimed - a.claimed || (view.names[a.memberId] ?? a.memberId).localeCompare(view.names[b.memberId] ?? b.memberId),
    );
    const rows = people.map((p) => [nameOf(view, p.memberId), t.formatValue('count', p.claimed), t.formatValue('count', p.answered), t.formatValue('duration', p.medianResponseMs)]);
    return table(t.heading.people, [c.name, c.claimed, c.answered, c.medianResponse], rows, align, widths, maxRows, t, md);
  });
  section(f.byDepartment, t.heading.departments, t.empty.departments, () => {
    const departments = [...f.byDepartment].sort((a, b) => b.routedIn - a.routedIn || b.answered - a.answered || a.teamId.localeCompare(b.teamId));
    const rows = departments.map((d) => [nameOf(view, d.teamId), t.formatValue('count', d.routedIn), t.formatValue('count', d.answered), t.formatValue('duration', d.medianCloseMs)]);
    return table(t.heading.departments, [c.department, c.routedIn, c.answered, c.medianClose], rows, align, widths, maxRows, t, md);
  });
  section(f.bySource, t.heading.sources, t.empty.sources, () => {
    const sources = [...f.bySource].sort((a, b) => b.received - a.received || b.answered - a.answered || a.source.localeCompare(b.source));
    const rows = sources.map((s) => [
      cutPlain(plainName(s.source, NAME_CLEAN_MAX), NAME_WIDTH_MAX),
      t.formatValue('count', s.received),
      t.formatValue('count', s.answered),
      t.formatValue('duration', s.medianFirstResponseMs),
    ]);
    return table(t.heading.sources, [c.source, c.received, c.answered, c.medianFirstResponse], rows, align, widths, maxRows, t, md);
  });
  return out;
}

/** The chart as an inline PNG (a data URL), or null when it would not fit. */
function chartImage(chart: DigestChart | null): CardElement | null {
  if (!chart) return null;
  const url = `data:image/png;base64,${Buffer.from(chart.png).toString('base64')}`;
  if (url.length > CHART_BYTES_MAX) return null;
  return { type: 'Image', url, altText: plainName(chart.altText, ALT_TEXT_MAX), size: 'Stretch' };
}

function build(view: DigestView, chart: DigestChart | null, options: TeamsDigestOptions, maxRows: number, withChart: boolean): AdaptiveCard {
  const t = kpiTexts(view.locale);
  const f = view.figures;
  const week = f.week;
  const texts = new CardTexts({ locale: view.locale, timeZone: week.timeZone });
  const md = (rt: RichText) => texts.md(rt);
  const teamPlain = plainName(view.teamName, TEAM_NAME_MAX, '') || plainName(view.teamId, TEAM_NAME_MAX);

  const body: CardElement[] = [
    textBlock(md([untrusted(t.digestTitle(teamPlain, week.label, week.start, week.end, week.timeZone))]), { size: 'Large', weight: 'Bolder', style: 'heading' }),
  ];
  const narrative = view.narrative.text.trim();
  if (narrative) {
    // The model's words (or the template's): shown as text, any control character as a symbol.
    body.push(textBlock(teamsUntrustedText(cutText(visibleText(narrative), NARRATIVE_MAX))));
    if (view.narrative.source === 'model') body.push(textBlock(md(t.narrativeByModel), { isSubtle: true, size: 'Small' }));
  }

  const goalsHeading = rich`${bold(t.heading.goals)}${view.goals.length && !view.previous ? rich`  ${italic(`(${t.noLastWeek})`)}` : ''}`;
  body.push(
    textBlock(md(view.goals.length ? fitLines([goalsHeading, ...view.goals.map((g) => goalLine(g, t))], LIST_MAX, t.more, texts.measure) : lines([goalsHeading, t.empty.goals])), {
      separator: true,
      spacing: 'Medium',
    }),
  );
  body.push(textBlock(md([bold(t.heading.figures)]), { separator: true, spacing: 'Medium' }), figureFacts(f, view.previous, t, md));

  const image = withChart ? chartImage(chart) : null;
  if (image) body.push(image);
  else if (chart) body.push(textBlock(escapeTeamsText(plainName(chart.altText, ALT_TEXT_MAX)), { isSubtle: true, size: 'Small' }));

  if (f.received === 0) body.push(textBlock(md([italic(t.empty.week)])));
  body.push(...tables(view, t, maxRows, md));
  if (f.drills.length) {
    const drillLines = f.drills.map((d) =>
      t.drillLine(d.number, untrusted(plainName(cutPlain(d.title[view.locale] || d.title.en, 120), NAME_CLEAN_MAX)), d.firstAckMs === null ? null : t.formatDuration(d.firstAckMs), d.stepsOnTime, d.steps),
    );
    body.push(textBlock(md(fitLines([[bold(t.heading.drills)], ...drillLines], LIST_MAX, t.more, texts.measure)), { separator: true, spacing: 'Medium' }));
  }

  if (options.post) {
    const post: CardAction = execute(TeamsVerb.kpiPost, t.postButton, { t: options.post.teamId, w: options.post.week }, { style: 'positive' });
    body.push(actionSet([post], { spacing: 'Medium' }));
  }
  const met = view.goals.filter((g) => g.met === true).length;
  const fallback = texts.md(t.summary(untrusted(teamPlain), week.label, f.received, f.answered, met, view.goals.length)).replace(/\s+/g, ' ');
  return texts.card(body, fallback);
}

/**
 * The weekly digest as one card, the chart inline when there is one. `options.post`: the `/kpi`
 * answer's Post to channel button.
 */
export function renderTeamsDigest(view: DigestView, chart: DigestChart | null, options: TeamsDigestOptions = {}): AdaptiveCard {
  let card = build(view, chart, options, DIGEST_TABLE_ROWS_MAX, true);
  for (const maxRows of [10, 5, 3]) {
    if (cardBytes(card) <= CARD_BYTES_MAX) return card;
    card = build(view, chart, options, maxRows, true);
  }
  if (cardBytes(card) > CARD_BYTES_MAX) card = build(view, chart, options, 3, false);
  return card;
}
