import type { Locale } from './directory.ts';
import { type Comparison, GOAL_METRICS, type GoalMetric, type GoalResult, type WeeklyFigures } from './kpi.ts';
import { DURATION_UNITS, formatDuration } from './duration.ts';
import { cutText } from './untrusted-text.ts';

/**
 * The narrative paragraph of the weekly KPI digest, without any SDK: the compact facts a model may
 * see, the check that every number a text states is one of those facts, and the template paragraph
 * used without a model (or when the model's text fails the check). Pure.
 *
 * The facts carry figures and display names only: no comment texts, no author names, no ids.
 * Percentages are numbers 0–100 rounded to 1 decimal; durations are minutes rounded to 1 decimal with
 * a human form ("1 h 5 min").
 *
 * Texts are plain text (no markup of their own); whoever renders them escapes them for the platform.
 */

// ---------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------

/** A duration for people: minutes (1 decimal) and e.g. "1 h 5 min", "45 s". */
export interface NarrativeDuration {
  minutes: number;
  human: string;
}

export type NarrativeUnit = 'minutes' | 'percent' | 'count';

export interface NarrativeGoal {
  metric: GoalMetric;
  comparison: Comparison;
  /** The display unit of `target` and `actual`. */
  unit: NarrativeUnit;
  target: number;
  actual: number | null;
  met: boolean | null;
  trend: GoalResult['trend'];
}

export interface NarrativeDrill {
  number: number;
  title: { de: string; en: string };
  firstAck: NarrativeDuration | null;
}

/** Last week's main values, for comparisons. */
export interface NarrativeLastWeek {
  week: string;
  received: number;
  answered: number;
  responseRatePercent: number | null;
  withinTargetPercent: number | null;
  firstResponseMedian: NarrativeDuration | null;
  backlogEnd: number;
  overdueNow: number;
}

/** The compact JSON object a model is given. Every number a narrative may state is in here. */
export interface NarrativeFacts {
  team: string;
  /** ISO week, "2026-W47". */
  week: string;
  received: number;
  answered: number;
  dismissed: number;
  routed: number;
  responseRatePercent: number | null;
  withinTargetPercent: number | null;
  firstResponse: {
    medianWorking: NarrativeDuration | null;
    p90Working: NarrativeDuration | null;
    medianClock: NarrativeDuration | null;
    p90Clock: NarrativeDuration | null;
  };
  backlog: { start: number; end: number };
  overdueNow: number;
  escalations: { reminders: number; channel: number; lead: number };
  goals: NarrativeGoal[];
  /** Up to 3, most received first. */
  topSources: { source: string; received: number; answered: number }[];
  /** Up to 3 people with a display name, most answered first. */
  topPeople: { name: string; answered: number }[];
  drills: NarrativeDrill[];
  lastWeek: NarrativeLastWeek | null;
}

export interface NarrativeFactsInput {
  figures: WeeklyFigures;
  previous: WeeklyFigures | null;
  goals: GoalResult[];
  teamName: string;
  /** Member and team display names by id. */
  names: Record<string, string>;
}

const MINUTE_MS = 60_000;
/** Config-written titles are cut to this length, so a paragraph stays short. */
const TITLE_MAX = 80;

const round1 = (n: number): number => Math.round(n * 10) / 10;
const percentOf = (share: number | null): number | null => (share === null || !Number.isFinite(share) ? null : round1(share * 100));
const minutesOf = (ms: number): number => round1(ms / MINUTE_MS);

/** "45 s", "5 min", "1 h", "1 h 5 min": whole minutes, rounded; under a minute in seconds. */
function humanDuration(minutes: number, locale: Locale = 'en'): string {
  return formatDuration(minutes * MINUTE_MS, DURATION_UNITS[locale], { round: 'nearest' });
}

function duration(ms: number | null): NarrativeDuration | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  const minutes = minutesOf(ms);
  return { minutes, human: humanDuration(minutes) };
}

function unitOf(metric: GoalMetric): NarrativeUnit {
  const kind = GOAL_METRICS[metric];
  return kind === 'duration' ? 'minutes' : kind === 'share' ? 'percent' : 'count';
}

function display(value: number, unit: NarrativeUnit): number {
  return unit === 'minutes' ? minutesOf(value) : unit === 'percent' ? round1(value * 100) : value;
}

const clip = (text: string): string => cutText(text, TITLE_MAX);

/** The facts of one team's week. Fields are picked one by one: nothing else of the figures leaks. */
export function narrativeFacts(input: NarrativeFactsInput): NarrativeFacts {
  const { figures: f, previous: p, goals, teamName, names } = input;
  const topSources = [...f.bySource]
    .sort((a, b) => b.received - a.received || b.answered - a.answered || a.source.localeCompare(b.source))
    .slice(0, 3)
    .map((s) => ({ source: s.source, received: s.received, answered: s.answered }));
  const topPeople = f.byPerson
    .filter((person) => person.answered > 0 && typeof names[person.memberId] === 'string' && names[person.memberId] !== '')
    .map((person) => ({ name: names[person.memberId] as string, answered: person.answered }))
    .sort((a, b) => b.answered - a.answered || a.name.localeCompare(b.name))
    .slice(0, 3);
  return {
    team: teamName,
    week: f.week.label,
    received: f.received,
    answered: f.answered,
    dismissed: f.dismissed,
    routed: f.routed,
    responseRatePercent: percentOf(f.responseRate),
    withinTargetPercent: percentOf(f.withinTargetShare),
    firstResponse: {
      medianWorking: duration(f.firstResponseMedianMs),
      p90Working: duration(f.firstResponseP90Ms),
      medianClock: duration(f.firstResponseMedianClockMs),
      p90Clock: duration(f.firstResponseP90ClockMs),
    },
    backlog: { start: f.backlogStart, end: f.backlogEnd },
    overdueNow: f.overdueNow,
    escalations: { reminders: f.escalations.reminders, channel: f.escalations.channel, lead: f.escalations.lead },
    goals: goals.map((g) => {
      const unit = unitOf(g.goal.metric);
      return {
        metric: g.goal.metric,
        comparison: g.goal.comparison,
        unit,
        target: display(g.goal.target, unit),
        actual: g.actual === null ? null : display(g.actual, unit),
        met: g.met,
        trend: g.trend,
      };
    }),
    topSources,
    topPeople,
    drills: f.drills.map((d) => ({
      number: d.number,
      title: { de: clip(d.title.de), en: clip(d.title.en) },
      firstAck: duration(d.firstAckMs),
    })),
    lastWeek: p
      ? {
          week: p.week.label,
          received: p.received,
          answered: p.answered,
          responseRatePercent: percentOf(p.responseRate),
          withinTargetPercent: percentOf(p.withinTargetShare),
          firstResponseMedian: duration(p.firstResponseMedianMs),
          backlogEnd: p.backlogEnd,
          overdueNow: p.overdueNow,
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/** Canonical form of a number: decimal point, no thousands separators, no trailing zeros. */
function normalise(n: number): string {
  const r = Math.round(n * 1e6) / 1e6;
  return Object.is(r, -0) ? '0' : String(r);
}

/**
 * A number as written: "1.234", "1,234", "1.234,5", "1,234.5", "12,5", "1 234". Thousands groups
 * must have 3 digits; a group separator may be `.`, `,`, a (narrow) no-break or thin space, or `'`.
 */
const NUMBER = /\d{1,3}(?:([.,\u00A0\u202F\u2009'])\d{3}(?!\d))(?:\1\d{3}(?!\d))*(?:[.,]\d+)?|\d+(?:[.,]\d+)?/g;

/** The values a written number may mean: "1.234" is 1.234 or 1234; "1.234,5" only 1234.5. */
function readings(raw: string): number[] {
  const s = raw.replace(/[\u00A0\u202F\u2009']/g, '');
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  if (dots && commas) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    return [Number(s.split(thousands).join('').replace(decimal, '.'))];
  }
  if (!dots && !commas) return [Number(s)];
  const sep = dots ? '.' : ',';
  const parts = s.split(sep);
  if (parts.length > 2) return [Number(parts.join(''))];
  const [int = '', frac = ''] = parts;
  const asDecimal = Number(`${int}.${frac}`);
  if (frac.length === 3 && int.length <= 3 && int !== '0') return [asDecimal, Number(`${int}${frac}`)];
  return [asDecimal];
}

/** Walks the facts: numbers and the numbers inside strings (names, titles, labels), not `human` durations. */
function walk(value: unknown, key: string, onNumber: (n: number) => void, onString: (s: string) => void): void {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) onNumber(value);
  } else if (typeof value === 'string') {
    if (key !== 'human') onString(value);
  } else if (Array.isArray(value)) {
    for (const item of value) walk(item, key, onNumber, onString);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, k, onNumber, onString);
  }
}

/** Counts and ordinals a paragraph may use without them being figures: 0–10 (7 days), 90 (p90), 100 (percent). */
const ALWAYS_ALLOWED = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 90, 100];

/**
 * Every number a narrative may state, normalised: each figure, its integer roundings (rounded and
 * cut) and 1-decimal rounding, numbers inside labels and names ("2026-W47" gives 2026 and 47), the
 * counts of goals (met, missed), drills, sources and people, and the small counts in {@link ALWAYS_ALLOWED}.
 */
export function allowedNumbers(facts: NarrativeFacts): Set<string> {
  const allowed = new Set<string>();
  const add = (n: number) => {
    allowed.add(normalise(n));
    allowed.add(normalise(Math.round(n)));
    allowed.add(normalise(Math.floor(n)));
    allowed.add(normalise(round1(n)));
  };
  walk(
    facts,
    '',
    add,
    (s) => {
      for (const match of s.matchAll(NUMBER)) for (const n of readings(match[0])) add(n);
    },
  );
  for (const n of ALWAYS_ALLOWED) add(n);
  add(facts.goals.length);
  add(facts.goals.filter((g) => g.met === true).length);
  add(facts.goals.filter((g) => g.met === false).length);
  add(facts.drills.length);
  add(facts.topSources.length);
  add(facts.topPeople.length);
  return allowed;
}

/** Every duration in the facts, in minutes: first responses, duration goals, drill acknowledgements, last week's median. */
function durationMinutes(facts: NarrativeFacts): number[] {
  const out: number[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) collect(item);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.minutes === 'number' && typeof record.human === 'string') out.push(record.minutes);
      for (const v of Object.values(record)) collect(v);
    }
  };
  collect(facts);
  for (const goal of facts.goals) {
    if (goal.unit !== 'minutes') continue;
    out.push(goal.target);
    if (goal.actual !== null) out.push(goal.actual);
  }
  return out;
}

// A time unit right after a number; the size is in minutes.
const UNIT = /^\s*(hours?|hrs?|h|Stunden?|Std\.?|minutes?|mins?|Minuten?|Min\.?|seconds?|secs?|s|Sekunden?|Sek\.?)(?![\p{L}\p{N}])/iu;
// What may join the parts of one duration: "1 h 5 min", "1 Std. und 5 Min.", "1 hour, 5 minutes".
const JOINER = /^\s*(?:(?:and|und|,)\s*)?$/i;

function unitMinutes(unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith('h') || u.startsWith('std') || u.startsWith('stunde')) return 60;
  if (u.startsWith('m')) return 1;
  return 1 / 60;
}

export type NarrativeCheck =
  | { ok: true }
  | { ok: false; unknown: string[]; reason: 'empty' | 'too-long' | 'link' | 'mention' | 'unknown-numbers' };

/** The longest narrative accepted, in characters. */
export const NARRATIVE_MAX_CHARS = 900;

const LINK = /https?:\/\/|\bwww\.|<(?:https?|mailto|tel):|\b[a-z0-9-]+\.(?:com|de|net|org|io|ly|co|at|ch|eu|info|me|app)\b/i;
const MENTION = /<[@!#]|(?:^|[^\p{L}\p{N}])@(?:here|channel|everyone)\b/iu;

/**
 * Whether a narrative states only numbers from the facts. Numbers are read in English and German
 * forms ("1,234", "1.234", "1.234,5", "12,5 %", "95%", "3."); a number followed by a time unit
 * ("1 h 5 min", "1 Std. 5 Min.", "45 s", "1,5 h") is a duration and must be within its stated
 * precision (one unit of its last digit) of a duration in the facts. Names, titles and sources from
 * the facts are read as text, not as numbers. Empty or over-long texts, links and mentions fail too.
 */
export function checkNarrative(text: string, facts: NarrativeFacts): NarrativeCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, unknown: [], reason: 'empty' };
  if (trimmed.length > NARRATIVE_MAX_CHARS) return { ok: false, unknown: [], reason: 'too-long' };
  if (LINK.test(trimmed)) return { ok: false, unknown: [], reason: 'link' };
  if (MENTION.test(trimmed)) return { ok: false, unknown: [], reason: 'mention' };

  // Names and titles from the facts are text: take them out before reading numbers.
  const literals = [facts.team, ...facts.topSources.map((s) => s.source), ...facts.topPeople.map((p) => p.name), ...facts.drills.flatMap((d) => [d.title.de, d.title.en])]
    .filter((s) => /\d/.test(s))
    .sort((a, b) => b.length - a.length);
  let body = trimmed;
  for (const literal of literals) body = body.split(literal).join(' ');

  const allowed = allowedNumbers(facts);
  const durations = durationMinutes(facts);
  const tokens = [...body.matchAll(NUMBER)].map((m) => {
    const raw = m[0];
    const end = (m.index ?? 0) + raw.length;
    const unit = UNIT.exec(body.slice(end));
    return { raw, start: m.index ?? 0, end: unit ? end + unit[0].length : end, unit: unit?.[1] ?? null };
  });

  const unknown: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.unit === null) {
      if (!readings(token.raw).some((n) => allowed.has(normalise(n)))) unknown.push(token.raw);
      continue;
    }
    // A duration: this part and the following parts in smaller units.
    const parts = [token];
    while (i + 1 < tokens.length) {
      const next = tokens[i + 1]!;
      const last = parts[parts.length - 1]!;
      if (next.unit === null || unitMinutes(next.unit) >= unitMinutes(last.unit!) || !JOINER.test(body.slice(last.end, next.start))) break;
      parts.push(next);
      i++;
    }
    let total = 0;
    for (const part of parts) total += (readings(part.raw)[0] ?? 0) * unitMinutes(part.unit!);
    const smallest = parts[parts.length - 1]!;
    const decimals = /[.,](\d+)$/.exec(smallest.raw.replace(/[\u00A0\u202F\u2009']/g, ''));
    const precise = decimals && readings(smallest.raw).length === 1 ? decimals[1]!.length : 0;
    const tolerance = unitMinutes(smallest.unit!) * 10 ** -precise;
    if (!durations.some((m) => Math.abs(total - m) < tolerance - 1e-9)) unknown.push(body.slice(token.start, smallest.end).trim());
  }
  return unknown.length ? { ok: false, unknown, reason: 'unknown-numbers' } : { ok: true };
}

// ---------------------------------------------------------------------------------------
// Template
// ---------------------------------------------------------------------------------------

/** "1,234.5" (en) or "1.234,5" (de). */
function formatNumber(n: number, locale: Locale): string {
  const [int = '0', frac] = normalise(Math.abs(n)).split('.');
  const grouped = int.length > 3 ? int.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'de' ? '.' : ',') : int;
  const sign = n < 0 ? '-' : '';
  return frac ? `${sign}${grouped}${locale === 'de' ? ',' : '.'}${frac}` : `${sign}${grouped}`;
}

const percentText = (n: number, locale: Locale) => `${formatNumber(n, locale)} %`;

/** "2026-W47" as the team would say it: "2026-W47" (en), "KW 47" (de). */
function weekText(label: string, locale: Locale): string {
  const week = /W(\d{1,2})$/.exec(label);
  return locale === 'de' && week ? `KW ${Number(week[1])}` : label;
}

const COMPARISON_WORDS: Record<Locale, Record<Comparison, string>> = {
  en: { '<=': 'at most', '<': 'under', '>=': 'at least', '>': 'over' },
  de: { '<=': 'höchstens', '<': 'unter', '>=': 'mindestens', '>': 'über' },
};

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function volumeSentence(f: NarrativeFacts, locale: Locale): string {
  const week = weekText(f.week, locale);
  const n = (x: number) => formatNumber(x, locale);
  if (locale === 'de') {
    if (f.received === 0) {
      return f.answered > 0
        ? `In ${week} sind keine neuen Kommentare eingegangen; ihr habt ${n(f.answered)} ältere beantwortet`
        : `In ${week} sind keine neuen Kommentare eingegangen`;
    }
    const came = f.received === 1 ? `ist 1 Kommentar eingegangen` : `sind ${n(f.received)} Kommentare eingegangen`;
    const rate = f.responseRatePercent === null ? '' : ` – eine Antwortquote von ${percentText(f.responseRatePercent, locale)}`;
    return `In ${week} ${came}, ${n(f.answered)} davon habt ihr beantwortet${rate}`;
  }
  if (f.received === 0) {
    return f.answered > 0
      ? `No new comments came in during ${week}; you answered ${n(f.answered)} older ${f.answered === 1 ? 'one' : 'ones'}`
      : `No new comments came in during ${week}`;
  }
  const came = f.received === 1 ? '1 comment came in' : `${n(f.received)} comments came in`;
  const rate = f.responseRatePercent === null ? '' : `, a response rate of ${percentText(f.responseRatePercent, locale)}`;
  return `In ${week}, ${came} and you answered ${n(f.answered)}${rate}`;
}

function medianSentence(f: NarrativeFacts, locale: Locale): string | null {
  const goal =
    f.goals.find((g) => g.metric === 'firstResponseMedian' && g.actual !== null) ??
    f.goals.find((g) => g.metric === 'firstResponseMedianClock' && g.actual !== null);
  const clock = goal?.metric === 'firstResponseMedianClock';
  const median = clock ? f.firstResponse.medianClock : f.firstResponse.medianWorking;
  if (!median) return null;
  const took = humanDuration(median.minutes, locale);
  const before = !clock && f.lastWeek?.firstResponseMedian ? humanDuration(f.lastWeek.firstResponseMedian.minutes, locale) : null;
  if (locale === 'de') {
    const kind = clock ? 'Uhrzeit' : 'Arbeitszeit';
    let text = `Die erste Reaktion kam im Median nach ${took} (${kind})`;
    if (before) text += `, in der Vorwoche nach ${before}`;
    if (goal && goal.met !== null) {
      text += ` – das Ziel von ${COMPARISON_WORDS.de[goal.comparison]} ${humanDuration(goal.target, locale)} habt ihr ${goal.met ? 'erreicht' : 'verfehlt'}`;
    }
    return text;
  }
  const kind = clock ? 'clock time' : 'working time';
  let text = `The median first response took ${took} in ${kind}`;
  if (before) text += ` (last week: ${before})`;
  if (goal && goal.met !== null) {
    text += `, so the goal of ${COMPARISON_WORDS.en[goal.comparison]} ${humanDuration(goal.target, locale)} was ${goal.met ? 'met' : 'missed'}`;
  }
  return text;
}

function backlogSentence(f: NarrativeFacts, locale: Locale): string {
  const { start, end } = f.backlog;
  const n = (x: number) => formatNumber(x, locale);
  if (locale === 'de') {
    const overdue = f.overdueNow === 0 ? 'keiner davon ist überfällig' : f.overdueNow === 1 ? '1 davon ist gerade überfällig' : `${n(f.overdueNow)} davon sind gerade überfällig`;
    if (start === 0 && end === 0) return 'Es warten keine offenen Kommentare';
    if (end > start) return `Die offenen Kommentare sind von ${n(start)} auf ${n(end)} gestiegen, ${overdue}`;
    if (end < start) return `Die offenen Kommentare sind von ${n(start)} auf ${n(end)} gesunken${end === 0 ? '' : `, ${overdue}`}`;
    return `Es sind weiterhin ${n(end)} Kommentare offen, ${overdue}`;
  }
  const overdue = f.overdueNow === 0 ? 'none of them overdue' : `${n(f.overdueNow)} of them overdue right now`;
  if (start === 0 && end === 0) return 'No comments are waiting';
  if (end > start) return `The backlog grew from ${n(start)} to ${n(end)} open comments, ${overdue}`;
  if (end < start) return `The backlog shrank from ${n(start)} to ${n(end)} open comments${end === 0 ? '' : `, ${overdue}`}`;
  return `The backlog stayed at ${n(end)} open ${end === 1 ? 'comment' : 'comments'}, ${overdue}`;
}

function drillSentence(f: NarrativeFacts, locale: Locale): string | null {
  if (f.drills.length === 0) return null;
  const shown = f.drills.slice(0, 3);
  const more = f.drills.length - shown.length;
  if (locale === 'de') {
    const one = (d: NarrativeDrill) =>
      `Nr. ${formatNumber(d.number, locale)} „${d.title.de}“ (${d.firstAck ? `erste Bestätigung nach ${humanDuration(d.firstAck.minutes, locale)}` : 'keine Bestätigung'})`;
    const list = shown.map(one);
    const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} und ${list[list.length - 1]}`;
    const head = f.drills.length === 1 ? 'Ihr habt eine Krisenübung gemacht' : `Ihr habt ${formatNumber(f.drills.length, locale)} Krisenübungen gemacht`;
    return `${head}: ${joined}${more > 0 ? ' und weitere' : ''}`;
  }
  const one = (d: NarrativeDrill) =>
    `#${formatNumber(d.number, locale)} “${d.title.en}” (${d.firstAck ? `first acknowledgement after ${humanDuration(d.firstAck.minutes, locale)}` : 'not acknowledged'})`;
  const list = shown.map(one);
  const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  const head = f.drills.length === 1 ? 'You held one crisis drill' : `You held ${formatNumber(f.drills.length, locale)} crisis drills`;
  return `${head}: ${joined}${more > 0 ? ' and more' : ''}`;
}

/**
 * The paragraph without a model: volume and response rate (or that nothing came in), the median
 * first response against its goal, the backlog, and drills if any. 2–4 sentences; passes
 * {@link checkNarrative} for the same facts.
 */
export function templateNarrative(facts: NarrativeFacts, locale: Locale): string {
  const sentences = [volumeSentence(facts, locale), medianSentence(facts, locale), backlogSentence(facts, locale), drillSentence(facts, locale)];
  return sentences
    .filter((s): s is string => s !== null)
    .map(sentence)
    .join(' ');
}
