import type { DigestChart } from '../port.ts';
import { renderWeeklyChart, weeklyChartSvg, type WeeklyChartInput } from './weekly-chart.ts';
import type { DigestView } from '../../domain/kpi.ts';

function digestChartTitle(view: DigestView): string {
  const week = view.figures.week.label;
  return view.locale === 'de' ? `${view.teamName}: Kommentare und Erstreaktion ${week}` : `${view.teamName}: comments and first response ${week}`;
}

/** The PNG leaves the title to the message (Slack's file title, the Teams card's header): smaller, for inline cards. */
function chartInput(view: DigestView, withTitle: boolean): WeeklyChartInput {
  const goal = view.goals.find((g) => g.goal.metric === 'firstResponseMedian' || g.goal.metric === 'firstResponseP90');
  return { days: view.figures.byDay, goalFirstResponseMs: goal?.goal.target ?? null, locale: view.locale, ...(withTitle ? { title: digestChartTitle(view) } : {}) };
}

/** The digest's chart: daily volume and median first response, the first-response goal as a line. */
export function digestChart(view: DigestView): DigestChart {
  const chart = renderWeeklyChart(chartInput(view, false));
  return {
    png: chart.png,
    filename: `kpi-${view.teamId}-${view.figures.week.label}.png`,
    title: digestChartTitle(view),
    altText: chart.altText,
  };
}

/** The same chart as an SVG document with its title, for pages that show the digest. */
export function digestChartSvg(view: DigestView): string {
  return weeklyChartSvg(chartInput(view, true));
}
