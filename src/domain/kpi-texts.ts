import type { Locale } from './directory.ts';
import { DURATION_UNITS, type DurationUnits, formatDuration } from './duration.ts';
import { type Comparison, GOAL_METRICS, type GoalMetric, type GoalResult, type MetricKind } from './kpi.ts';
import { type Part, type RichText, bold, code, lines, rich } from './rich-text.ts';
import { cutText } from './untrusted-text.ts';

/**
 * Every text of the weekly KPI digest and of `/kpi`, in German and English. Pure: no SDK.
 * The team talks to itself in "du", like i18n.ts.
 *
 * Labels, values and short lines are plain strings; sentences with commands or emphasis are RichText.
 * Arguments are plain text (names, titles from the configuration) or RichText (a channel token, a
 * stranger's words as `untrusted`): nothing here is escaped for any platform.
 */

type Trend = NonNullable<GoalResult['trend']>;

interface NumberStyle {
  decimal: string;
  thousands: string;
}

/** A number with at most `decimals` fraction digits (trailing zeros dropped) in the locale's style: "1,234.5" / "1.234,5". */
function numberIn(style: NumberStyle): (value: number, decimals?: number) => string {
  return (value: number, decimals = 0) => {
    if (!Number.isFinite(value)) return '—';
    const factor = 10 ** decimals;
    const rounded = Math.round(Math.abs(value) * factor) / factor;
    const [whole = '0', fraction = ''] = rounded.toFixed(decimals).split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, style.thousands);
    const trimmed = fraction.replace(/0+$/, '');
    const sign = value < 0 && rounded !== 0 ? '-' : '';
    return `${sign}${grouped}${trimmed ? `${style.decimal}${trimmed}` : ''}`;
  };
}

/**
 * A duration for figures, rounded to the nearest minute: "42 min", "1 h", "1 h 5 min", "52 h 10 min"
 * (German "1 Std. 5 Min."), under a minute in seconds: "45 s" / "45 Sek.". The sign is ignored.
 */
function durationIn(units: DurationUnits, number: (v: number) => string): (ms: number) => string {
  return (ms: number) => formatDuration(ms, units, { round: 'nearest', number });
}

/** Formats a metric's value in its unit; null (nothing to measure) is "—". */
function valueIn(number: (v: number, decimals?: number) => string, duration: (ms: number) => string) {
  return (kind: MetricKind, value: number | null): string => {
    if (value === null || !Number.isFinite(value)) return '—';
    switch (kind) {
      case 'duration':
        return duration(value);
      case 'share':
        return `${number(value * 100, 1)} %`;
      case 'count':
        return number(value, Number.isInteger(value) ? 0 : 1);
    }
  };
}

/** Year, month (1–12) and day of an instant in a time zone. */
function dayIn(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: part('year'), m: part('month'), d: part('day') };
}

/** The days of a [start, end) week in its time zone: first day and last day (end is exclusive). */
function weekDays(start: Date, end: Date, timeZone: string) {
  const lastInstant = new Date(Math.max(start.getTime(), end.getTime() - 1));
  return { a: dayIn(start, timeZone), b: dayIn(lastInstant, timeZone) };
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "16–22 Nov 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027". */
function enRange(start: Date, end: Date, timeZone: string): string {
  const { a, b } = weekDays(start, end, timeZone);
  const month = (m: number) => EN_MONTHS[m - 1] ?? String(m);
  if (a.y !== b.y) return `${a.d} ${month(a.m)} ${a.y} – ${b.d} ${month(b.m)} ${b.y}`;
  if (a.m !== b.m) return `${a.d} ${month(a.m)} – ${b.d} ${month(b.m)} ${b.y}`;
  return `${a.d}–${b.d} ${month(b.m)} ${b.y}`;
}

/** "16.–22.11.2026", "30.11.–6.12.2026", "28.12.2026–3.1.2027". */
function deRange(start: Date, end: Date, timeZone: string): string {
  const { a, b } = weekDays(start, end, timeZone);
  if (a.y !== b.y) return `${a.d}.${a.m}.${a.y}–${b.d}.${b.m}.${b.y}`;
  if (a.m !== b.m) return `${a.d}.${a.m}.–${b.d}.${b.m}.${b.y}`;
  return `${a.d}.–${b.d}.${b.m}.${b.y}`;
}

/** What someone typed, as a short code span: no backticks (they would end it), at most 40 characters. */
const typed = (text: string) => {
  const flat = text.replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  return cutText(flat, 40, { trim: false });
};

const COMPARISON_SYMBOL = { '<=': '≤', '<': '<', '>=': '≥', '>': '>' } as const satisfies Record<Comparison, string>;
const TREND_ARROW = { better: '↗\uFE0E', worse: '↘\uFE0E', same: '→' } as const satisfies Record<Trend, string>;
const STATUS_ICON = { met: '✅', missed: '❌', noData: '➖' } as const;

const enNumber = numberIn({ decimal: '.', thousands: ',' });
const deNumber = numberIn({ decimal: ',', thousands: '.' });
const enDuration = durationIn(DURATION_UNITS.en, (v) => enNumber(v));
const deDuration = durationIn(DURATION_UNITS.de, (v) => deNumber(v));
const enValue = valueIn(enNumber, enDuration);
const deValue = valueIn(deNumber, deDuration);

const en = {
  /** Names of the goal metrics, as the digest lists them. */
  metric: {
    firstResponseMedian: 'Median first response (working time)',
    firstResponseP90: '90th percentile first response (working time)',
    firstResponseMedianClock: 'Median first response (clock time)',
    withinTargetShare: 'First responses within the target',
    responseRate: 'Response rate',
    backlogEnd: 'Backlog at the end of the week',
    overdueNow: 'Overdue comments',
    answered: 'Comments answered',
    escalations: 'Escalations to the team lead',
  } satisfies Record<GoalMetric, string>,
  /** A metric's value in its unit: "1 h 5 min", "92.5 %", "1,234"; null is "—". */
  formatValue: enValue,
  /** A number with the locale's separators: "1,234" (decimals: at most that many fraction digits). */
  formatNumber: enNumber,
  /** A duration in ms: "42 min", "1 h 5 min", "45 s". */
  formatDuration: enDuration,
  /** How a goal compares, as words: "target: at most 1 h". */
  comparison: { '<=': 'at most', '<': 'under', '>=': 'at least', '>': 'over' } satisfies Record<Comparison, string>,
  /** Symbols for comparisons: "≤ 1 h". */
  comparisonSymbol: COMPARISON_SYMBOL,
  /** The goal's actual value against its target: "42 min (target: at most 1 h)". */
  actualVsTarget: (actual: string, comparison: string, target: string) => `${actual} (target: ${comparison} ${target})`,
  /** Goal state icons: met, missed, nothing to measure. */
  status: STATUS_ICON,
  statusWord: { met: 'met', missed: 'missed', noData: 'no data' },
  /** Whether the change since last week is good for the goal (lower-is-better goals: going down is better). */
  trend: { better: 'better', worse: 'worse', same: 'unchanged' } satisfies Record<Trend, string>,
  trendArrow: TREND_ARROW,
  /** "↗︎ better than last week (1 h 10 min)". */
  trendLine: (trend: Trend, previous: string) =>
    trend === 'same'
      ? `${TREND_ARROW.same} same as last week (${previous})`
      : `${TREND_ARROW[trend]} ${trend === 'better' ? 'better' : 'worse'} than last week (${previous})`,
  /** No trend, but last week had a value. */
  lastWeekOnly: (previous: string) => `last week: ${previous}`,
  noLastWeek: 'no figures from last week',
  /** A figure's value last week, next to this week's. */
  lastWeek: (value: string) => `last week ${value}`,
  heading: {
    goals: '🎯 Goals',
    figures: '📈 Figures of the week',
    people: '👥 People',
    departments: '🏢 Departments',
    sources: '📡 Sources',
    drills: '🧪 Drills',
  },
  /** The top figures. */
  figure: {
    received: 'Received',
    answered: 'Answered',
    responseRate: 'Response rate',
    withinTarget: 'Within the target',
    firstResponseWorking: 'First response (working time)',
    firstResponseClock: 'First response (clock time)',
    backlog: 'Backlog',
    overdueNow: 'Overdue now',
    escalations: 'Escalations',
    dismissedRouted: 'Dismissed · routed away',
  },
  /** "median 42 min · 90 % within 3 h". */
  medianP90: (median: string, p90: string) => `median ${median} · 90 % within ${p90}`,
  /** Backlog at the start and the end of the week: "31 → 18". */
  backlogChange: (start: string, end: string) => `${start} → ${end}`,
  escalationCounts: (reminders: string, channel: string, lead: string) => `${lead} to the lead · ${channel} in the channel · ${reminders} reminders`,
  dismissedRouted: (dismissed: string, routed: string) => `${dismissed} dismissed · ${routed} routed away`,
  /** Column labels of the tables. */
  column: {
    name: 'Name',
    claimed: 'Claimed',
    answered: 'Answered',
    medianResponse: 'Median response',
    department: 'Department',
    routedIn: 'Routed in',
    medianClose: 'Median close',
    source: 'Source',
    received: 'Received',
    medianFirstResponse: 'Median first response',
  },
  more: (n: number) => `… and ${n} more`,
  empty: {
    week: 'No comments arrived this week — nothing to measure.',
    goals: rich`No goals are set for this team. A desk admin can add them under ${code('goals')} in the desk configuration.`,
    people: 'Nobody claimed or answered a comment this week.',
    departments: 'No comments were routed to other departments this week.',
    sources: 'No comments came in from any source this week.',
  },
  /** Under a narrative the model wrote. */
  narrativeByModel: '✍️ Summary written with AI; every number in it was checked against the figures.',
  /** The header: "📊 KPI digest · Customer Support · 2026-W47 (16–22 Nov 2026)". Plain text. */
  digestTitle: (team: string, weekLabel: string, start: Date, end: Date, timeZone = 'UTC') =>
    `📊 KPI digest · ${team} · ${weekLabel} (${enRange(start, end, timeZone)})`,
  /** The week's days: "16–22 Nov 2026". */
  weekRange: (start: Date, end: Date, timeZone = 'UTC') => enRange(start, end, timeZone),
  /** The one-line notification text. */
  summary: (team: Part, weekLabel: string, received: number, answered: number, goalsMet: number, goals: number) =>
    rich`📊 KPI digest for ${team}, ${weekLabel}: ${enNumber(received)} received, ${enNumber(answered)} answered${goals ? `, ${goalsMet} of ${goals} goals met` : ''}`,
  /** Alt text and title for the chart image uploaded next to the digest. */
  chartTitle: (team: string, weekLabel: string) => `${team} · ${weekLabel}: comments received and median first response per day`,
  /** "🧪 Drill #3 — Product recall · first acknowledgement after 2 min · 5/7 steps on time". */
  drillLine: (number: number, title: Part, firstAck: string | null, stepsOnTime: number, steps: number) =>
    rich`🧪 Drill #${number} — ${title} · ${firstAck === null ? 'nobody acknowledged' : `first acknowledgement after ${firstAck}`} · ${stepsOnTime}/${steps} steps on time`,
  // ---- /kpi -----------------------------------------------------------------------------
  kpiHelp: (cmd: string) =>
    lines([
      rich`${bold('Weekly figures')} — every Monday I post each team's KPI digest to its channel: the goals with target, actual value and the trend against the week before, the top figures, people, departments and sources.`,
      rich`• ${code(cmd)} — your team's current week so far`,
      rich`• ${code(`${cmd} last`)} — last week, as in Monday's digest`,
      rich`• ${code(`${cmd} 2026-W47`)} — any earlier week (ISO week)`,
      rich`• ${code(`${cmd} help`)} — this text`,
      rich`Only you see the answer. ${bold('Post to channel')} under it shares it with your team's channel.`,
    ]),
  kpiUsage: (cmd: string) => rich`Usage: ${code(cmd)}, ${code(`${cmd} last`)}, ${code(`${cmd} 2026-W47`)} or ${code(`${cmd} help`)}.`,
  kpiBadWeek: (cmd: string, text: string) =>
    rich`${code(typed(text))} is not a week I can show. Use an ISO week such as ${code(`${cmd} 2026-W47`)} (not in the future), or ${code(`${cmd} last`)} for last week.`,
  kpiNotMember: () => 'You are not on the desk yet. Ask a desk admin to add your user id on your chat platform to the desk configuration (members).',
  kpiNoTeam: () => 'You are not in any team, so there are no figures to show you. Ask a desk admin to add a team to your entry (members → teams) in the desk configuration.',
  postButton: 'Post to channel',
  posted: (channel: Part) => rich`📣 Posted to ${channel}.`,
  alreadyPosted: 'This digest is already in the channel.',
  noChannel: (team: string) => `Team ${team} has no chat channel configured, so the digest cannot be posted there.`,
};

export type KpiTexts = typeof en;

const de = {
  metric: {
    firstResponseMedian: 'Median Erstreaktion (Arbeitszeit)',
    firstResponseP90: '90. Perzentil Erstreaktion (Arbeitszeit)',
    firstResponseMedianClock: 'Median Erstreaktion (Kalenderzeit)',
    withinTargetShare: 'Erstreaktionen im Ziel',
    responseRate: 'Antwortquote',
    backlogEnd: 'Rückstand am Ende der Woche',
    overdueNow: 'Überfällige Kommentare',
    answered: 'Beantwortete Kommentare',
    escalations: 'Eskalationen an die Teamleitung',
  } satisfies Record<GoalMetric, string>,
  formatValue: deValue,
  formatNumber: deNumber,
  formatDuration: deDuration,
  comparison: { '<=': 'höchstens', '<': 'unter', '>=': 'mindestens', '>': 'über' } satisfies Record<Comparison, string>,
  comparisonSymbol: COMPARISON_SYMBOL,
  actualVsTarget: (actual: string, comparison: string, target: string) => `${actual} (Ziel: ${comparison} ${target})`,
  status: STATUS_ICON,
  statusWord: { met: 'erreicht', missed: 'verfehlt', noData: 'keine Daten' },
  trend: { better: 'besser', worse: 'schlechter', same: 'unverändert' } satisfies Record<Trend, string>,
  trendArrow: TREND_ARROW,
  trendLine: (trend: Trend, previous: string) =>
    trend === 'same'
      ? `${TREND_ARROW.same} wie letzte Woche (${previous})`
      : `${TREND_ARROW[trend]} ${trend === 'better' ? 'besser' : 'schlechter'} als letzte Woche (${previous})`,
  lastWeekOnly: (previous: string) => `letzte Woche: ${previous}`,
  noLastWeek: 'keine Zahlen aus der Vorwoche',
  lastWeek: (value: string) => `Vorwoche ${value}`,
  heading: {
    goals: '🎯 Ziele',
    figures: '📈 Zahlen der Woche',
    people: '👥 Personen',
    departments: '🏢 Abteilungen',
    sources: '📡 Quellen',
    drills: '🧪 Übungen',
  },
  figure: {
    received: 'Eingegangen',
    answered: 'Beantwortet',
    responseRate: 'Antwortquote',
    withinTarget: 'Im Ziel',
    firstResponseWorking: 'Erstreaktion (Arbeitszeit)',
    firstResponseClock: 'Erstreaktion (Kalenderzeit)',
    backlog: 'Rückstand',
    overdueNow: 'Jetzt überfällig',
    escalations: 'Eskalationen',
    dismissedRouted: 'Verworfen · weitergeleitet',
  },
  medianP90: (median: string, p90: string) => `Median ${median} · 90 % innerhalb ${p90}`,
  backlogChange: (start: string, end: string) => `${start} → ${end}`,
  escalationCounts: (reminders: string, channel: string, lead: string) => `${lead} an die Teamleitung · ${channel} im Kanal · ${reminders} Erinnerungen`,
  dismissedRouted: (dismissed: string, routed: string) => `${dismissed} verworfen · ${routed} weitergeleitet`,
  column: {
    name: 'Name',
    claimed: 'Übernommen',
    answered: 'Beantwortet',
    medianResponse: 'Median Reaktion',
    department: 'Abteilung',
    routedIn: 'Erhalten',
    medianClose: 'Median bis Abschluss',
    source: 'Quelle',
    received: 'Eingegangen',
    medianFirstResponse: 'Median Erstreaktion',
  },
  more: (n: number) => `… und ${n} weitere`,
  empty: {
    week: 'Diese Woche ist kein Kommentar eingegangen — es gibt nichts zu messen.',
    goals: rich`Für dieses Team sind keine Ziele festgelegt. Ein Desk-Admin kann sie unter ${code('goals')} in der Desk-Konfiguration ergänzen.`,
    people: 'Diese Woche hat niemand einen Kommentar übernommen oder beantwortet.',
    departments: 'Diese Woche wurde kein Kommentar an andere Abteilungen weitergeleitet.',
    sources: 'Diese Woche kam aus keiner Quelle ein Kommentar.',
  },
  narrativeByModel: '✍️ Zusammenfassung mit KI formuliert; jede Zahl darin ist mit den Wochenzahlen abgeglichen.',
  digestTitle: (team: string, weekLabel: string, start: Date, end: Date, timeZone = 'UTC') =>
    `📊 KPI-Wochenbericht · ${team} · ${weekLabel} (${deRange(start, end, timeZone)})`,
  weekRange: (start: Date, end: Date, timeZone = 'UTC') => deRange(start, end, timeZone),
  summary: (team: Part, weekLabel: string, received: number, answered: number, goalsMet: number, goals: number) =>
    rich`📊 KPI-Wochenbericht für ${team}, ${weekLabel}: ${deNumber(received)} eingegangen, ${deNumber(answered)} beantwortet${goals ? `, ${goalsMet} von ${goals} Zielen erreicht` : ''}`,
  chartTitle: (team: string, weekLabel: string) => `${team} · ${weekLabel}: eingegangene Kommentare und Median der Erstreaktion je Tag`,
  drillLine: (number: number, title: Part, firstAck: string | null, stepsOnTime: number, steps: number) =>
    rich`🧪 Übung #${number} — ${title} · ${firstAck === null ? 'niemand hat bestätigt' : `erste Bestätigung nach ${firstAck}`} · ${stepsOnTime}/${steps} Schritte rechtzeitig`,
  kpiHelp: (cmd: string) =>
    lines([
      rich`${bold('Wochenzahlen')} — jeden Montag poste ich den KPI-Wochenbericht jedes Teams in seinen Kanal: die Ziele mit Zielwert, Istwert und Trend gegenüber der Vorwoche, die wichtigsten Zahlen, Personen, Abteilungen und Quellen.`,
      rich`• ${code(cmd)} — die laufende Woche deines Teams bis jetzt`,
      rich`• ${code(`${cmd} last`)} — die letzte Woche, wie im Montagsbericht`,
      rich`• ${code(`${cmd} 2026-W47`)} — eine beliebige frühere Woche (ISO-Woche)`,
      rich`• ${code(`${cmd} help`)} — dieser Text`,
      rich`Die Antwort siehst nur du. Mit ${bold('Im Kanal posten')} darunter teilst du sie im Kanal deines Teams.`,
    ]),
  kpiUsage: (cmd: string) => rich`So geht's: ${code(cmd)}, ${code(`${cmd} last`)}, ${code(`${cmd} 2026-W47`)} oder ${code(`${cmd} help`)}.`,
  kpiBadWeek: (cmd: string, text: string) =>
    rich`${code(typed(text))} ist keine Woche, die ich zeigen kann. Nimm eine ISO-Woche wie ${code(`${cmd} 2026-W47`)} (nicht in der Zukunft) oder ${code(`${cmd} last`)} für die letzte Woche.`,
  kpiNotMember: () => 'Du bist noch nicht im Desk eingetragen. Bitte einen Desk-Admin, deine User-ID auf deiner Chat-Plattform in der Desk-Konfiguration (members) zu ergänzen.',
  kpiNoTeam: () => 'Du bist in keinem Team, darum gibt es für dich keine Zahlen. Bitte einen Desk-Admin, deinem Eintrag in der Desk-Konfiguration ein Team zu geben (members → teams).',
  postButton: 'Im Kanal posten',
  posted: (channel: Part) => rich`📣 In ${channel} gepostet.`,
  alreadyPosted: 'Dieser Bericht ist schon im Kanal.',
  noChannel: (team: string) => `Team ${team} hat keinen Chat-Kanal konfiguriert, der Bericht kann dort nicht gepostet werden.`,
} satisfies KpiTexts;

export function kpiTexts(locale: Locale): KpiTexts {
  return locale === 'de' ? de : en;
}

/** "✅ **Median first response (working time)** — 42 min (target: at most 1 h) — ↗︎ better than last week (1 h 10 min)". */
export function goalLine(g: GoalResult, t: KpiTexts): RichText {
  const kind = GOAL_METRICS[g.goal.metric];
  const icon = g.met === null ? t.status.noData : g.met ? t.status.met : t.status.missed;
  const actual = g.actual === null ? t.statusWord.noData : t.formatValue(kind, g.actual);
  const vs = t.actualVsTarget(actual, t.comparison[g.goal.comparison], t.formatValue(kind, g.goal.target));
  const previous = g.previous === null ? null : t.formatValue(kind, g.previous);
  const trend = previous === null ? null : g.trend ? t.trendLine(g.trend, previous) : t.lastWeekOnly(previous);
  return rich`${icon} ${bold(t.metric[g.goal.metric])} — ${vs}${trend ? ` — ${trend}` : ''}`;
}
