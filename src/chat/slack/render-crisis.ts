import { BUTTON_TEXT_MAX, HEADER_TEXT_MAX, SECTION_TEXT_MAX, cut, pack, packLimited } from './block-kit.ts';
import { localized, rolesOf, rosterMemberIds } from '../../domain/crisis.ts';
import * as answers from '../../domain/crisis-answers.ts';
import { type CrisisTexts, crisisTexts } from '../../domain/crisis-texts.ts';
import {
  type CrisisMessageView,
  type CrisisPeople,
  type CrisisStatusView,
  type ScenarioListView,
  type StepRow,
  ackTimes,
  isActive,
  offset,
  personText,
  roleOrder,
  rosterByRole,
  stepRows,
  stepLineParts,
} from '../../domain/crisis-view.ts';
import type { CrisisReport } from '../../domain/crisis.ts';
import type { Locale } from '../../domain/directory.ts';
import { type Measure, type RichText, bold, channel, date, fitLines, italic, join, lines, rich, text } from '../../domain/rich-text.ts';
import { cutText, excerptText, visibleText } from '../../domain/untrusted-text.ts';
import { CrisisActionId } from './action-ids.ts';
import { type SlackMembers, mrkdwn } from './mrkdwn.ts';
import { type SlackBlock, type SlackMessage, escapeMrkdwn } from './render-card.ts';

/**
 * Block Kit for crisis drills and real crises (`/crisis`): the room's board, pages, the holding
 * statement, updates, the announcement and the report, plus the mrkdwn answers of the command.
 *
 * Every message stays within Block Kit's limits (api.slack.com/reference/block-kit) whatever the
 * configuration or people wrote: long texts are shortened with a visible note, long lists are packed
 * into as few sections as possible, and a long checklist switches to a compact form (see
 * `checklistBlocks`) that still carries a button for every open step.
 */

const MAX_BLOCKS = 50;
const CONTEXT_ELEMENTS_MAX = 10;
const ACTIONS_ELEMENTS_MAX = 25;
/** Notification texts (`text`): Slack allows 40,000 characters; a notification needs far fewer. */
const FALLBACK_MAX = 3000;
/** Ephemeral answers of `/crisis`: Slack advises keeping a message's text under 4,000 characters. */
const RESPONSE_TEXT_MAX = 3900;
/** The situation on the board and the summary of a real crisis. */
const SITUATION_MAX = 2400;
/** The situation in a page (a direct message people read on their phone). */
const PAGE_SITUATION_MAX = 500;

const esc = escapeMrkdwn;

// ---- small helpers ---------------------------------------------------------------------

/** Shortens plain_text (headers, button labels), never splitting a surrogate pair. */
const cutPlain = (text: string, max: number) => cutText(text, max, { trim: false });

/** RichText as mrkdwn for the people of one message: members on Slack are mentioned. */
interface Md {
  (rt: RichText): string;
  measure: Measure;
}

function mdFor(people: CrisisPeople): Md {
  const members: SlackMembers = (id) => people[id];
  const md = ((rt: RichText) => mrkdwn(rt, members)) as Md;
  md.measure = (rt) => md(rt).length;
  return md;
}

/** The text as a quote ("> " per line) in at most `budget` characters, markers and the note included. */
function quote(raw: string, budget: number, truncatedNote: string): string {
  const quoted = (s: string) =>
    s
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
  // People's words (a summary, an update): controls and bidi overrides shown as symbols, not obeyed.
  const escaped = esc(visibleText(raw.trim() || '—'));
  const whole = quoted(escaped);
  if (whole.length <= budget) return whole;
  let keep = budget - truncatedNote.length;
  let shortened = quoted(cut(escaped, keep, ''));
  while (shortened.length + truncatedNote.length > budget && keep > 0) {
    keep -= Math.max(1, shortened.length + truncatedNote.length - budget);
    shortened = quoted(cut(escaped, keep, ''));
  }
  return `${shortened}${truncatedNote}`;
}

function headerBlock(text: string): SlackBlock {
  return { type: 'header', text: { type: 'plain_text', text: cutPlain(text, HEADER_TEXT_MAX), emoji: true } };
}

function section(text: string, accessory?: SlackBlock): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text, SECTION_TEXT_MAX) }, ...(accessory ? { accessory } : {}) };
}

function context(...texts: (string | null | undefined | false)[]): SlackBlock {
  const elements = texts
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .slice(0, CONTEXT_ELEMENTS_MAX)
    .map((text) => ({ type: 'mrkdwn', text: cut(text, SECTION_TEXT_MAX) }));
  return { type: 'context', elements };
}

function button(actionId: string, label: string, value: string, primary = false): SlackBlock {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: cutPlain(label, BUTTON_TEXT_MAX), emoji: true },
    value,
    ...(primary ? { style: 'primary' } : {}),
  };
}

/** Button values: {"k": crisisId} or {"k": crisisId, "s": stepId} (see CrisisActionId). */
function buttonValue(crisisId: string, stepId?: string): string {
  return JSON.stringify(stepId === undefined ? { k: crisisId } : { k: crisisId, s: stepId });
}

/** The message, with a last guard on the block count (the builders below stay within it on their own). */
function message(text: string, blocks: SlackBlock[], truncatedNote: string): SlackMessage {
  const fitted = blocks.length <= MAX_BLOCKS ? blocks : [...blocks.slice(0, MAX_BLOCKS - 1), context(truncatedNote.trim())];
  return { text: cut(text, FALLBACK_MAX), blocks: fitted };
}

const roomLink = (id: string | null) => (id ? [channel(id)] : null);

// ---- the room's board ------------------------------------------------------------------

interface BoardContext {
  snapshot: CrisisView['snapshot'];
  people: CrisisPeople;
  now: Date;
  t: CrisisTexts;
  active: boolean;
  md: Md;
}

type CrisisView = Extract<CrisisMessageView, { kind: 'board' }>;

function stepText(row: StepRow, ctx: BoardContext, titleMax: number, compact: boolean): string {
  const { t, snapshot, md } = ctx;
  const { head, meta, state } = stepLineParts(row, snapshot.crisis, ctx.now, ctx.people, t, titleMax);
  const parts = compact ? [md(head), ...meta.map(esc), md(state)] : [md(head), esc(meta.join(' · ')), md(state)];
  return parts.filter(Boolean).join(compact ? ' · ' : '\n');
}

function stepButton(row: StepRow, ctx: BoardContext, label: string): SlackBlock {
  return button(CrisisActionId.step, label, buttonValue(ctx.snapshot.crisis.id, row.spec.id));
}

/**
 * The checklist within `budget` blocks.
 *
 * Normally one section per step, with a "Done" button beside each open step while the crisis runs.
 * When the steps do not fit (Block Kit allows 50 blocks a message), the checklist turns compact:
 * every step becomes one numbered line, the lines are packed into as few sections as possible, and
 * the open steps get numbered buttons ("Done: 12. Inform legal…") in actions blocks of up to 25,
 * announced by a context line. Titles are shortened further (150, 60, 20 characters) until it fits.
 * Only a checklist of many hundreds of open steps would still not fit: then the last steps are left
 * out with a visible line saying how many, and `/crisis status` lists them.
 */
function checklistBlocks(rows: StepRow[], ctx: BoardContext, budget: number): SlackBlock[] {
  const { t, active, md } = ctx;
  if (rows.length <= budget) {
    return rows.map((row) => section(stepText(row, ctx, 300, false), active && !row.doneAt ? stepButton(row, ctx, t.button.done) : undefined));
  }
  const compact = (shown: StepRow[], titleMax: number, hidden: number): SlackBlock[] => {
    const lines = shown.map((row) => stepText(row, ctx, titleMax, true));
    if (hidden) lines.push(md(t.stepsNotShown(hidden)));
    const open = active ? shown.filter((row) => !row.doneAt) : [];
    const blocks = pack(lines).map((text) => section(text));
    if (open.length) {
      blocks.push(context(esc(t.compactChecklist(open.length))));
      for (let i = 0; i < open.length; i += ACTIONS_ELEMENTS_MAX) {
        const group = open.slice(i, i + ACTIONS_ELEMENTS_MAX);
        blocks.push({ type: 'actions', elements: group.map((row) => stepButton(row, ctx, t.doneButtonNumbered(row.n, row.title))) });
      }
    }
    return blocks;
  };
  for (const titleMax of [150, 60, 20]) {
    const blocks = compact(rows, titleMax, 0);
    if (blocks.length <= budget) return blocks;
  }
  for (let shown = rows.length - 1; shown > 0; shown -= 5) {
    const blocks = compact(rows.slice(0, shown), 20, rows.length - shown);
    if (blocks.length <= budget) return blocks;
  }
  return [section(md(t.stepsNotShown(rows.length)))];
}

function renderBoard(view: CrisisView): SlackMessage {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const md = mdFor(people);
  const who = (id: string | null) => personText(people, id, t.someone);
  const ctx: BoardContext = { snapshot, people, now: view.now, t, active: isActive(snapshot), md };
  const start = c.startedAt.getTime();
  const title = localized(c.scenario.title, c.locale);
  const headline = t.headline(c.kind, c.number, title);

  const top: SlackBlock[] = [headerBlock(headline)];
  if (c.kind === 'drill') top.push(context(esc(t.drillNotice)));
  if (!ctx.active) {
    const reason = c.endReason ? t.endReason[c.endReason] : t.none;
    top.push(section(md(t.endedLine(date(c.endedAt ?? view.now), reason, c.endedById ? who(c.endedById) : null))));
  }
  top.push(section(`*${esc(t.situation)}*\n${quote(localized(c.scenario.situation, c.locale), SITUATION_MAX, t.truncated)}`));
  if (c.summary?.trim()) top.push(section(`*${esc(t.summary)}*\n${quote(c.summary, SITUATION_MAX, t.truncated)}`));
  top.push(context(md(text(t.started(date(c.startedAt), who(c.startedById)), ctx.active ? rich` · ${t.timeLimit(date(c.timeLimitAt))}` : ''))));

  // Roster: every role, each member ✅ with the time since the start, or ⏳.
  const acks = ackTimes(snapshot);
  const members = rosterMemberIds(c.roster);
  const acked = members.filter((id) => acks.has(id)).length;
  const roleLines = rosterByRole(c.roster).map(({ role, memberIds }) => {
    const each = memberIds.map((id) => {
      const at = acks.get(id);
      return at ? rich`✅ ${who(id)} ${offset(at.getTime() - start, t)}` : rich`⏳ ${who(id)}`;
    });
    return rich`${bold(`${t.roles[role]}:`)} ${each.length ? join(each, ' · ') : italic(t.nobodyInRole)}`;
  });
  const waiting = ctx.active && acked < members.length;
  const rosterText = fitLines(
    [rich`${bold(t.roster)} · ${t.rosterProgress(acked, members.length)}`, ...roleLines, ...(waiting ? [[italic(t.rosterHint)]] : [])],
    SECTION_TEXT_MAX,
    t.more,
    md.measure,
  );
  top.push(section(md(rosterText), waiting ? button(CrisisActionId.ack, t.button.ack, buttonValue(c.id), true) : undefined));

  const rows = stepRows(snapshot);
  const done = rows.filter((r) => r.doneAt).length;
  top.push(section(md(rich`${bold(t.checklist)} · ${t.checklistProgress(done, rows.length)}`)));

  const counts = snapshot.comments;
  const burst = c.kind === 'drill' ? c.scenario.burst : null;
  const statement = c.statementApprovedAt ? t.statementApprovedBy(who(c.statementApprovedById), date(c.statementApprovedAt)) : ctx.active ? t.statementWaiting : t.statementNotApproved;
  const bottom: SlackBlock[] = [
    context(
      esc(t.commentCounts(counts.received, counts.claimed, counts.answered, counts.open)),
      burst && burst.count > 0 ? esc(t.burstProgress(Math.min(c.burstInjected, burst.count), burst.count)) : null,
      md(t.statementState(statement)),
    ),
  ];

  const steps = checklistBlocks(rows, ctx, MAX_BLOCKS - top.length - bottom.length);
  const fallback = `${esc(cutPlain(headline, HEADER_TEXT_MAX))} · ${esc(t.checklistProgress(done, rows.length))} · ${esc(t.rosterProgress(acked, members.length))}`;
  return message(fallback, [...top, ...steps, ...bottom], t.truncated);
}

// ---- page (direct message) --------------------------------------------------------------

function renderPage(view: Extract<CrisisMessageView, { kind: 'page' }>): SlackMessage {
  const { snapshot, people, memberId } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const md = mdFor(people);
  const title = localized(c.scenario.title, c.locale);
  const headline = t.headline(c.kind, c.number, title);
  const roles = roleOrder(rolesOf(c.roster, memberId)).map((r) => t.roles[r]);
  const roleLabel = roles.length ? t.list(roles) : t.none;
  const ackAt = ackTimes(snapshot).get(memberId) ?? null;
  const active = isActive(snapshot);

  const blocks: SlackBlock[] = [headerBlock(headline)];
  if (c.kind === 'drill') blocks.push(context(esc(t.drillNotice)));
  blocks.push(section(md(lines([t.pageIntro(t.kind(c.kind), c.number, roleLabel), t.started(date(c.startedAt), personText(people, c.startedById, t.someone))]))));
  const situation = cutPlain(localized(c.scenario.situation, c.locale).trim(), PAGE_SITUATION_MAX);
  blocks.push(section(`*${esc(t.situation)}*\n${quote(situation, PAGE_SITUATION_MAX + 200, t.truncated)}`));
  if (c.summary?.trim()) blocks.push(section(`*${esc(t.summary)}*\n${quote(cutPlain(c.summary.trim(), PAGE_SITUATION_MAX), PAGE_SITUATION_MAX + 200, t.truncated)}`));
  const room = roomLink(c.roomChannel);
  if (room) blocks.push(section(md(t.room(room))));
  else if (active) blocks.push(section(esc(t.roomPending)));

  const acknowledged = ackAt ? t.acknowledged(offset(ackAt.getTime() - c.startedAt.getTime(), t)) : null;
  let state: string;
  if (!active) {
    const ended = md(t.pageEnded(t.kind(c.kind), c.number, date(c.endedAt ?? view.now)));
    blocks.push(context(acknowledged && esc(acknowledged), ended));
    state = acknowledged ?? t.crisisEnded(t.kind(c.kind), c.number);
  } else if (acknowledged) {
    blocks.push(context(esc(acknowledged)));
    state = acknowledged;
  } else {
    blocks.push(section(esc(t.pageAsk)));
    blocks.push({ type: 'actions', elements: [button(CrisisActionId.ack, t.button.ack, buttonValue(c.id), true)] });
    state = t.pageFallback(roleLabel);
  }
  return message(`${esc(cutPlain(headline, HEADER_TEXT_MAX))}: ${esc(state)}`, blocks, t.truncated);
}

// ---- holding statement ------------------------------------------------------------------

function renderStatement(view: Extract<CrisisMessageView, { kind: 'statement' }>): SlackMessage {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const md = mdFor(people);
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));
  const blocks: SlackBlock[] = [section(`*${esc(t.statementTitle)}* · ${cut(esc(headline), 300)}`)];
  if (c.kind === 'drill') blocks.push(context(esc(t.statementDrillNote)));
  blocks.push(section(quote(localized(c.scenario.holdingStatement, c.locale), SECTION_TEXT_MAX, t.truncated)));
  if (c.statementApprovedAt) {
    blocks.push(context(md(t.statementApprovedBy(personText(people, c.statementApprovedById, t.someone), date(c.statementApprovedAt)))));
  } else if (isActive(snapshot)) {
    blocks.push(context(esc(t.statementHint)));
    blocks.push({ type: 'actions', elements: [button(CrisisActionId.approve, t.button.approve, buttonValue(c.id), true)] });
  } else {
    blocks.push(context(esc(t.statementNotApproved)));
  }
  return message(`${esc(t.statementTitle)} · ${esc(cutPlain(headline, HEADER_TEXT_MAX))}`, blocks, t.truncated);
}

// ---- status update ----------------------------------------------------------------------

function renderUpdate(view: Extract<CrisisMessageView, { kind: 'update' }>): SlackMessage {
  const { snapshot, people, update, audience } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const md = mdFor(people);
  const title = localized(c.scenario.title, c.locale);
  const mark = esc(`${t.mark(c.kind)} #${c.number}`);
  const head = audience === 'stakeholders' ? `*${esc(t.updateTitle)}* · ${mark} — *${cut(esc(title), 500)}*` : `*${esc(t.updateTitle)}* · ${mark}`;
  const room = audience === 'stakeholders' ? roomLink(c.roomChannel) : null;
  const blocks: SlackBlock[] = [
    section(head),
    section(cut(esc(visibleText(update.text.trim() || '—')), SECTION_TEXT_MAX, t.truncated)),
    context(md(t.updateBy(personText(people, update.byId, t.someone), date(update.at))), room ? md(t.room(room)) : null),
  ];
  const fallback = `${esc(t.updateFallback(t.kind(c.kind), c.number))}${audience === 'stakeholders' ? ` (${esc(cutPlain(title, 100))})` : ''}: ${esc(excerptText(update.text, 300))}`;
  return message(fallback, blocks, t.truncated);
}

// ---- announcement (a real crisis was declared) ------------------------------------------

function renderAnnouncement(view: Extract<CrisisMessageView, { kind: 'announcement' }>): SlackMessage {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const md = mdFor(people);
  const who = (id: string | null) => personText(people, id, t.someone);
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));
  const blocks: SlackBlock[] = [headerBlock(headline)];
  if (c.kind === 'drill') blocks.push(context(esc(t.drillNotice)));
  const declared = md(t.announcementDeclared(who(c.startedById), date(c.startedAt)));
  blocks.push(section(c.summary?.trim() ? `${declared}\n${quote(c.summary, SITUATION_MAX, t.truncated)}` : declared));
  const room = roomLink(c.roomChannel);
  const leads = rosterByRole(c.roster).find((r) => r.role === 'lead')?.memberIds ?? [];
  const items = [room ? t.room(room) : t.roomPending, t.announcementLeads(leads.length ? t.list(leads.map((id) => who(id))) : t.none)];
  blocks.push(section(md(fitLines(items, SECTION_TEXT_MAX, t.more, md.measure))));
  if (!isActive(snapshot)) {
    blocks.push(context(md(t.endedLine(date(c.endedAt ?? view.now), c.endReason ? t.endReason[c.endReason] : t.none, null))));
  } else {
    blocks.push(context(esc(t.announcementFollow)));
  }
  const summary = c.summary?.trim() ? `: ${esc(excerptText(c.summary, 300))}` : '';
  return message(`${esc(cutPlain(headline, HEADER_TEXT_MAX))}${summary}`, blocks, t.truncated);
}

// ---- report -----------------------------------------------------------------------------

function renderReport(view: Extract<CrisisMessageView, { kind: 'report' }>): SlackMessage {
  const { report, locale, people } = view;
  const t = crisisTexts(locale);
  const md = mdFor(people);
  const p = answers.reportParts(report, locale, people, 300);
  const top: SlackBlock[] = [headerBlock(`${t.reportTitle} · ${p.headline}`)];
  if (report.kind === 'drill') top.push(context(esc(t.reportDrillNote)));
  top.push(section(md(lines(p.overview))));
  top.push(section(md(fitLines([[bold(t.reportRoles)], ...p.roles], SECTION_TEXT_MAX, t.more, md.measure))));
  const middle = [section(md(p.statement)), section(md(lines([[bold(t.reportComments)], ...p.comments]))), context(esc(p.updates))];
  // Steps and what was missed are lists of any length: packed into sections, together within the block limit.
  const room = MAX_BLOCKS - top.length - middle.length;
  const more = (n: number) => md(t.more(n));
  const missedChunks = packLimited([`*${esc(t.reportMissed)}*`, ...p.missed.map(md)], Math.max(1, Math.min(10, Math.floor(room / 2))), more);
  const stepChunks = packLimited([`*${esc(t.reportSteps)}*`, ...p.steps.map(md)], Math.max(1, room - missedChunks.length), more);
  const blocks = [...top, ...stepChunks.map((s) => section(s)), ...middle, ...missedChunks.map((s) => section(s))];
  const fallback = `${esc(t.reportTitle)} · ${esc(cutPlain(p.headline, HEADER_TEXT_MAX))} · ${esc(t.duration(report.durationMs))} · ${esc(report.missed.length ? `${t.reportMissed}: ${report.missed.length}` : t.reportNothingMissed)}`;
  return message(fallback, blocks, t.truncated);
}

// ---- public -----------------------------------------------------------------------------

export function renderCrisisMessage(view: CrisisMessageView): SlackMessage {
  switch (view.kind) {
    case 'board':
      return renderBoard(view);
    case 'page':
      return renderPage(view);
    case 'statement':
      return renderStatement(view);
    case 'update':
      return renderUpdate(view);
    case 'announcement':
      return renderAnnouncement(view);
    case 'report':
      return renderReport(view);
  }
}

/** An answer of `/crisis` as one mrkdwn text of at most 3,900 characters, counted as Slack counts them. */
function answer(people: CrisisPeople, build: (budget: answers.TextBudget) => RichText): string {
  const md = mdFor(people);
  return cut(md(build({ max: RESPONSE_TEXT_MAX, measure: md.measure })), RESPONSE_TEXT_MAX);
}

/** `/crisis report <n>` (the text is built in the domain: crisis-answers.ts). */
export function reportText(report: CrisisReport, locale: Locale, people: CrisisPeople): string {
  return answer(people, (budget) => answers.reportText(report, locale, people, budget));
}

/** `/crisis reports`. */
export function reportListText(reports: CrisisReport[], locale: Locale, people: CrisisPeople): string {
  return answer(people, (budget) => answers.reportListText(reports, locale, people, budget));
}

/** `/crisis scenarios`. */
export function scenarioListText(view: ScenarioListView, locale: Locale): string {
  return answer({}, (budget) => answers.scenarioListText(view, locale, budget));
}

/** `/crisis status`. */
export function crisisStatusText(view: CrisisStatusView): string {
  return answer(view.people, (budget) => answers.crisisStatusText(view, budget));
}
