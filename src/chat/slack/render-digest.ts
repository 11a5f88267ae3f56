import { BUTTON_TEXT_MAX, FALLBACK_MAX, HEADER_TEXT_MAX, SECTION_TEXT_MAX, cut, packLimited } from './block-kit.ts';
import type { DigestView, WeeklyFigures } from '../../domain/kpi.ts';
import { type KpiTexts, goalLine, kpiTexts } from '../../domain/kpi-texts.ts';
import { type SlackBlock, type SlackMessage, escapeMrkdwn } from './render-card.ts';
import { cutText, plainName, visibleText } from '../../domain/untrusted-text.ts';
import { untrusted } from '../../domain/rich-text.ts';
import { mrkdwn } from './mrkdwn.ts';

/**
 * Block Kit for the weekly KPI digest (Monday posts in each team's channel, and `/kpi` answers):
 * header, narrative, goals, the top figures, people, departments, sources and drills.
 *
 * Every message stays within Block Kit's limits (api.slack.com/reference/block-kit) whatever the
 * week holds: tables show at most 15 rows and "… and n more", long texts are shortened, and the
 * digest uses at most `DIGEST_MAX_BLOCKS` blocks so the chart image (uploaded separately) still fits
 * as one more block. Names and slugs people wrote are escaped: `&`, `<`, `>` as entities, and the
 * formatting characters `*`, `~`, `` ` `` (and `_` at a word's edge) replaced by look-alikes, because
 * Slack mrkdwn has no escape for them.
 */

/** One less than Slack's 50: room for the chart's image block. */
export const DIGEST_MAX_BLOCKS = 49;
const FIELD_TEXT_MAX = 2000;
const FIELDS_MAX = 10;
/** Rows per table before "… and n more". */
export const DIGEST_TABLE_ROWS_MAX = 15;
/** Names in a table are shortened to this many characters, so the columns stay readable on a phone. */
const NAME_WIDTH_MAX = 24;
/** Team names in the header and the notification text. */
const TEAM_NAME_MAX = 60;
/** Goals are at most 20 (goals-config-schema); their lines fit into a few sections. */
const GOAL_SECTIONS_MAX = 4;

// ---- small helpers ---------------------------------------------------------------------

/** Shortens table cells to `max` code points (the table's columns are counted in code points). */
const cutPlain = (text: string, max: number) => cutText(text, max, { count: 'codePoints', trim: false });

/** Names in the digest: generous, the tables and lines shorten them further. */
const NAME_CLEAN_MAX = 200;

/** A cell of a code-block table: one line, no controls, no backticks (they could end the block). Escaped after padding. */
const plainCell = (text: string) => plainName(text, NAME_CLEAN_MAX).replace(/`/g, 'ˋ');

const width = (s: string) => [...s].length;

type Align = 'left' | 'right';

/** A monospace table (header row and rows), escaped for mrkdwn, without the code fences. */
function tableText(header: string[], rows: string[][], align: Align[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(cell)));
        return align[i] === 'right' ? `${pad}${cell}` : i === cells.length - 1 ? cell : `${cell}${pad}`;
      })
      .join('  ')
      .trimEnd();
  return escapeMrkdwn([line(header), ...rows.map(line)].join('\n'));
}

/** A heading and a table in a code block, then "… and n more": as many rows as fit into one section. */
function tableSection(heading: string, header: string[], rows: string[][], align: Align[], t: KpiTexts): SlackBlock {
  const build = (keep: number) => {
    const more = rows.length - keep;
    const table = tableText(header, rows.slice(0, keep), align);
    return `*${heading}*\n\`\`\`\n${table}\n\`\`\`${more > 0 ? `\n${t.more(more)}` : ''}`;
  };
  for (let keep = Math.min(rows.length, DIGEST_TABLE_ROWS_MAX); keep > 0; keep--) {
    const text = build(keep);
    if (text.length <= SECTION_TEXT_MAX) return section(text);
  }
  return section(cut(build(0), SECTION_TEXT_MAX));
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text, SECTION_TEXT_MAX) } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: cut(text, SECTION_TEXT_MAX) }] };
}

const divider: SlackBlock = { type: 'divider' };

function field(label: string, value: string) {
  return { type: 'mrkdwn', text: cut(`*${label}*\n${value}`, FIELD_TEXT_MAX) };
}

// ---- the parts ---------------------------------------------------------------------------


function goalBlocks(view: DigestView, t: KpiTexts): SlackBlock[] {
  const heading = `*${t.heading.goals}*${view.goals.length && !view.previous ? `  _(${t.noLastWeek})_` : ''}`;
  if (!view.goals.length) return [section(`${heading}\n${mrkdwn(t.empty.goals)}`)];
  const chunks = packLimited([heading, ...view.goals.map((g) => mrkdwn(goalLine(g, t)))], GOAL_SECTIONS_MAX, t.more);
  return chunks.map(section);
}

function figureBlock(f: WeeklyFigures, previous: WeeklyFigures | null, t: KpiTexts): SlackBlock {
  const n = (v: number) => t.formatValue('count', v);
  const duration = (v: number | null) => t.formatValue('duration', v);
  const share = (v: number | null) => t.formatValue('share', v);
  const withLastWeek = (value: string, before: string | null) => (before === null ? value : `${value}  _(${t.lastWeek(before)})_`);
  const fields = [
    field(t.figure.received, withLastWeek(n(f.received), previous ? n(previous.received) : null)),
    field(t.figure.answered, withLastWeek(n(f.answered), previous ? n(previous.answered) : null)),
    field(t.figure.responseRate, withLastWeek(share(f.responseRate), previous ? share(previous.responseRate) : null)),
    field(t.figure.withinTarget, withLastWeek(share(f.withinTargetShare), previous ? share(previous.withinTargetShare) : null)),
    field(t.figure.firstResponseWorking, t.medianP90(duration(f.firstResponseMedianMs), duration(f.firstResponseP90Ms))),
    field(t.figure.firstResponseClock, t.medianP90(duration(f.firstResponseMedianClockMs), duration(f.firstResponseP90ClockMs))),
    field(t.figure.backlog, t.backlogChange(n(f.backlogStart), n(f.backlogEnd))),
    field(t.figure.overdueNow, n(f.overdueNow)),
    field(t.figure.escalations, t.escalationCounts(n(f.escalations.reminders), n(f.escalations.channel), n(f.escalations.lead))),
    field(t.figure.dismissedRouted, t.dismissedRouted(n(f.dismissed), n(f.routed))),
  ].slice(0, FIELDS_MAX);
  return { type: 'section', text: { type: 'mrkdwn', text: `*${t.heading.figures}*` }, fields };
}

const nameOf = (view: DigestView, id: string) => cutPlain(plainCell(view.names[id] ?? id), NAME_WIDTH_MAX);

function peopleBlock(view: DigestView, t: KpiTexts): SlackBlock {
  const c = t.column;
  const people = [...view.figures.byPerson].sort(
    (a, b) => b.answered - a.answered || b.claimed - a.claimed || (view.names[a.memberId] ?? a.memberId).localeCompare(view.names[b.memberId] ?? b.memberId),
  );
  const rows = people.map((p) => [nameOf(view, p.memberId), t.formatValue('count', p.claimed), t.formatValue('count', p.answered), t.formatValue('duration', p.medianResponseMs)]);
  return tableSection(t.heading.people, [c.name, c.claimed, c.answered, c.medianResponse], rows, ['left', 'right', 'right', 'right'], t);
}

function departmentBlock(view: DigestView, t: KpiTexts): SlackBlock {
  const c = t.column;
  const departments = [...view.figures.byDepartment].sort((a, b) => b.routedIn - a.routedIn || b.answered - a.answered || a.teamId.localeCompare(b.teamId));
  const rows = departments.map((d) => [nameOf(view, d.teamId), t.formatValue('count', d.routedIn), t.formatValue('count', d.answered), t.formatValue('duration', d.medianCloseMs)]);
  return tableSection(t.heading.departments, [c.department, c.routedIn, c.answered, c.medianClose], rows, ['left', 'right', 'right', 'right'], t);
}

function sourceBlock(view: DigestView, t: KpiTexts): SlackBlock {
  const c = t.column;
  const sources = [...view.figures.bySource].sort((a, b) => b.received - a.received || b.answered - a.answered || a.source.localeCompare(b.source));
  const rows = sources.map((s) => [
    cutPlain(plainCell(s.source), NAME_WIDTH_MAX),
    t.formatValue('count', s.received),
    t.formatValue('count', s.answered),
    t.formatValue('duration', s.medianFirstResponseMs),
  ]);
  return tableSection(t.heading.sources, [c.source, c.received, c.answered, c.medianFirstResponse], rows, ['left', 'right', 'right', 'right'], t);
}

function drillBlock(view: DigestView, t: KpiTexts): SlackBlock {
  const lines = view.figures.drills.map((d) =>
    mrkdwn(t.drillLine(d.number, untrusted(plainName(cutPlain(d.title[view.locale] || d.title.en, 120), NAME_CLEAN_MAX)), d.firstAckMs === null ? null : t.formatDuration(d.firstAckMs), d.stepsOnTime, d.steps)),
  );
  const [text = ''] = packLimited([`*${t.heading.drills}*`, ...lines], 1, t.more);
  return section(text);
}

// ---- the digest -------------------------------------------------------------------------

/**
 * The weekly digest. `options.postButton`: for `/kpi` answers shown only to the asker, a button
 * that posts the digest to the team's channel (its action_id and value are the caller's).
 */
export function renderDigest(view: DigestView, options: { postButton?: { actionId: string; value: string } } = {}): SlackMessage {
  const t = kpiTexts(view.locale);
  const f = view.figures;
  const week = f.week;
  const teamPlain = plainName(view.teamName, TEAM_NAME_MAX, '') || plainName(view.teamId, TEAM_NAME_MAX);

  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cutText(t.digestTitle(teamPlain, week.label, week.start, week.end, week.timeZone), HEADER_TEXT_MAX), emoji: true } },
  ];
  const narrative = view.narrative.text.trim();
  if (narrative) {
    // The model's words: escaped, and any control character it produced shown as a symbol.
    blocks.push(section(escapeMrkdwn(visibleText(narrative))));
    if (view.narrative.source === 'model') blocks.push(context(t.narrativeByModel));
  }
  blocks.push(divider, ...goalBlocks(view, t), divider, figureBlock(f, view.previous, t));

  const quiet = f.received === 0;
  if (quiet) blocks.push(section(`_${t.empty.week}_`));
  const tables: [unknown[], () => SlackBlock, string, string][] = [
    [f.byPerson, () => peopleBlock(view, t), t.heading.people, t.empty.people],
    [f.byDepartment, () => departmentBlock(view, t), t.heading.departments, t.empty.departments],
    [f.bySource, () => sourceBlock(view, t), t.heading.sources, t.empty.sources],
  ];
  const shown = tables.filter(([rows]) => rows.length || !quiet);
  if (shown.length) blocks.push(divider);
  for (const [rows, render, heading, empty] of shown) blocks.push(rows.length ? render() : section(`*${heading}*\n${empty}`));
  if (f.drills.length) blocks.push(divider, drillBlock(view, t));

  const actions: SlackBlock[] = [];
  if (options.postButton) {
    actions.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: options.postButton.actionId,
          text: { type: 'plain_text', text: cutText(t.postButton, BUTTON_TEXT_MAX), emoji: true },
          value: options.postButton.value,
          style: 'primary',
        },
      ],
    });
  }
  // The parts above stay far below the limit; this guard keeps the button whatever happens.
  const fitted = [...blocks.slice(0, DIGEST_MAX_BLOCKS - actions.length), ...actions];

  const met = view.goals.filter((g) => g.met === true).length;
  const fallback = mrkdwn(t.summary(untrusted(plainName(teamPlain, NAME_CLEAN_MAX)), week.label, f.received, f.answered, met, view.goals.length)).replace(/\s+/g, ' ');
  return { text: cut(fallback, FALLBACK_MAX), blocks: fitted };
}
