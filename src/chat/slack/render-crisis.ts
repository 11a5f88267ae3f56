import { mentionableSlackUserIdOf } from './slack-identity.ts';
import { BUTTON_TEXT_MAX, HEADER_TEXT_MAX, SECTION_TEXT_MAX, cut, mrkdwnName, pack, packLimited } from './block-kit.ts';
import {
  CRISIS_ROLES,
  type ChecklistStepSpec,
  type CrisisReport,
  type CrisisRole,
  type CrisisSnapshot,
  type RosterRole,
  localized,
  rolesOf,
  rosterMemberIds,
} from '../../domain/crisis.ts';
import { type CrisisTexts, crisisTexts } from '../../domain/crisis-texts.ts';
import type { CrisisMessageView, CrisisPeople, CrisisStatusView, CrisisTimelineEntry, ScenarioListView } from '../../domain/crisis-view.ts';
import type { Locale } from '../../domain/directory.ts';
import { NAME_MAX, excerptText, visibleText } from '../../domain/untrusted-text.ts';
import { CrisisActionId } from './action-ids.ts';
import { type SlackBlock, type SlackMessage, escapeMrkdwn, slackDate } from './render-card.ts';

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
function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/** The text as a quote ("> " per line) in at most `budget` characters, markers and the note included. */
function quote(text: string, budget: number, truncatedNote: string): string {
  const quoted = (s: string) =>
    s
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
  // People's words (a summary, an update): controls and bidi overrides shown as symbols, not obeyed.
  const escaped = esc(visibleText(text.trim() || '—'));
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

/** The first lines that fit into `max` characters, then "… and n more". */
function fitLines(lines: string[], max: number, more: (n: number) => string): string {
  const whole = lines.join('\n');
  if (whole.length <= max) return whole;
  for (let keep = lines.length - 1; keep >= 0; keep--) {
    const text = [...lines.slice(0, keep), more(lines.length - keep)].join('\n');
    if (text.length <= max) return text;
  }
  return cut(more(lines.length), max);
}

/** The last lines that fit into `max` characters, after an "… and n more" line (timelines: the newest count). */
function fitLastLines(lines: string[], max: number, more: (n: number) => string): string {
  const whole = lines.join('\n');
  if (whole.length <= max) return whole;
  for (let drop = 1; drop <= lines.length; drop++) {
    const text = [more(drop), ...lines.slice(drop)].join('\n');
    if (text.length <= max) return text;
  }
  return cut(more(lines.length), max);
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

/** A person as mrkdwn: a mention when they are on Slack, else their name in bold. */
function mention(people: CrisisPeople, id: string | null, fallback: string): string {
  if (id === null) return fallback;
  const person = people[id];
  const userId = mentionableSlackUserIdOf(person);
  if (userId) return `<@${userId}>`;
  return `*${mrkdwnName(person?.name ?? id, NAME_MAX)}*`;
}

function channelLink(channel: string | null): string | null {
  return channel && /^[A-Z0-9]+$/i.test(channel) ? `<#${channel}>` : null;
}

const offset = (ms: number, t: CrisisTexts) => `+${t.duration(Math.max(0, ms))}`;

function roleOrder(roles: CrisisRole[]): CrisisRole[] {
  return CRISIS_ROLES.filter((r) => roles.includes(r));
}

/** Every role in the fixed order, with its members (primary first), also when the roster leaves a role out. */
function rosterByRole(roster: RosterRole[]): { role: CrisisRole; memberIds: string[] }[] {
  return CRISIS_ROLES.map((role) => ({ role, memberIds: [...new Set(roster.filter((r) => r.role === role).flatMap((r) => r.memberIds))] }));
}

/** The earliest acknowledgement per member. */
function ackTimes(snapshot: CrisisSnapshot): Map<string, Date> {
  const acks = new Map<string, Date>();
  for (const ack of snapshot.acks) {
    const known = acks.get(ack.memberId);
    if (!known || ack.at < known) acks.set(ack.memberId, ack.at);
  }
  return acks;
}

interface StepRow {
  n: number;
  spec: ChecklistStepSpec;
  /** The localized title as written (plain_text). */
  title: string;
  doneAt: Date | null;
  doneById: string | null;
}

/** The checklist with its state; a step that approving the statement ticks counts as done once it is approved (like the report). */
function stepRows(snapshot: CrisisSnapshot): StepRow[] {
  const c = snapshot.crisis;
  const ticks = new Map<string, { at: Date; by: string | null }>();
  for (const s of snapshot.steps) {
    if (!s.doneAt) continue;
    const known = ticks.get(s.stepId);
    if (!known || s.doneAt < known.at) ticks.set(s.stepId, { at: s.doneAt, by: s.doneById });
  }
  return c.scenario.checklist.map((spec, i) => {
    let tick = ticks.get(spec.id);
    if (!tick && spec.approvesStatement && c.statementApprovedAt) tick = { at: c.statementApprovedAt, by: c.statementApprovedById };
    return { n: i + 1, spec, title: localized(spec.title, c.locale), doneAt: tick?.at ?? null, doneById: tick?.by ?? null };
  });
}

function isActive(snapshot: CrisisSnapshot): boolean {
  return snapshot.crisis.status === 'active';
}

// ---- the room's board ------------------------------------------------------------------

interface BoardContext {
  snapshot: CrisisSnapshot;
  people: CrisisPeople;
  now: Date;
  t: CrisisTexts;
  active: boolean;
}

function stepText(row: StepRow, ctx: BoardContext, titleMax: number, compact: boolean): string {
  const { t, snapshot } = ctx;
  const c = snapshot.crisis;
  const start = c.startedAt.getTime();
  const head = `${row.doneAt ? '✅' : '⬜'} *${row.n}. ${cut(esc(row.title), titleMax)}*`;
  const meta = [
    t.stepTarget(offset(row.spec.targetMs, t)),
    row.spec.role ? t.roles[row.spec.role] : null,
    row.spec.approvesStatement && !row.doneAt ? t.stepApprovesStatement : null,
  ].filter((s): s is string => s !== null);
  let state = '';
  if (row.doneAt) {
    const doneMs = row.doneAt.getTime() - start;
    const verdict = doneMs <= row.spec.targetMs ? t.onTime : t.late(t.duration(doneMs - row.spec.targetMs));
    state = t.stepDoneBy(mention(ctx.people, row.doneById, t.someone), offset(doneMs, t), verdict);
  } else {
    const until = c.endedAt && c.endedAt < ctx.now ? c.endedAt : ctx.now;
    if (until.getTime() - start > row.spec.targetMs) state = t.stepPastTarget;
  }
  if (compact) return [head, ...meta, state].filter(Boolean).join(' · ');
  return [head, meta.join(' · '), state].filter(Boolean).join('\n');
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
  const { t, active } = ctx;
  if (rows.length <= budget) {
    return rows.map((row) => section(stepText(row, ctx, 300, false), active && !row.doneAt ? stepButton(row, ctx, t.button.done) : undefined));
  }
  const compact = (shown: StepRow[], titleMax: number, hidden: number): SlackBlock[] => {
    const lines = shown.map((row) => stepText(row, ctx, titleMax, true));
    if (hidden) lines.push(t.stepsNotShown(hidden));
    const open = active ? shown.filter((row) => !row.doneAt) : [];
    const blocks = pack(lines).map((text) => section(text));
    if (open.length) {
      blocks.push(context(t.compactChecklist(open.length)));
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
  return [section(t.stepsNotShown(rows.length))];
}

function renderBoard(view: Extract<CrisisMessageView, { kind: 'board' }>): SlackMessage {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const ctx: BoardContext = { snapshot, people, now: view.now, t, active: isActive(snapshot) };
  const start = c.startedAt.getTime();
  const title = localized(c.scenario.title, c.locale);
  const headline = t.headline(c.kind, c.number, title);

  const top: SlackBlock[] = [headerBlock(headline)];
  if (c.kind === 'drill') top.push(context(t.drillNotice));
  if (!ctx.active) {
    const reason = c.endReason ? t.endReason[c.endReason] : t.none;
    top.push(section(t.endedLine(slackDate(c.endedAt ?? view.now), reason, c.endedById ? mention(people, c.endedById, t.someone) : null)));
  }
  top.push(section(`*${t.situation}*\n${quote(localized(c.scenario.situation, c.locale), SITUATION_MAX, t.truncated)}`));
  if (c.summary?.trim()) top.push(section(`*${t.summary}*\n${quote(c.summary, SITUATION_MAX, t.truncated)}`));
  top.push(context(`${t.started(slackDate(c.startedAt), mention(people, c.startedById, t.someone))}${ctx.active ? ` · ${t.timeLimit(slackDate(c.timeLimitAt))}` : ''}`));

  // Roster: every role, each member ✅ with the time since the start, or ⏳.
  const acks = ackTimes(snapshot);
  const members = rosterMemberIds(c.roster);
  const acked = members.filter((id) => acks.has(id)).length;
  const roleLines = rosterByRole(c.roster).map(({ role, memberIds }) => {
    const who = memberIds.map((id) => {
      const at = acks.get(id);
      return at ? `✅ ${mention(people, id, t.someone)} ${offset(at.getTime() - start, t)}` : `⏳ ${mention(people, id, t.someone)}`;
    });
    return `*${t.roles[role]}:* ${who.length ? who.join(' · ') : `_${t.nobodyInRole}_`}`;
  });
  const waiting = ctx.active && acked < members.length;
  const rosterText = fitLines([`*${t.roster}* · ${t.rosterProgress(acked, members.length)}`, ...roleLines, ...(waiting ? [`_${t.rosterHint}_`] : [])], SECTION_TEXT_MAX, t.more);
  top.push(section(rosterText, waiting ? button(CrisisActionId.ack, t.button.ack, buttonValue(c.id), true) : undefined));

  const rows = stepRows(snapshot);
  const done = rows.filter((r) => r.doneAt).length;
  top.push(section(`*${t.checklist}* · ${t.checklistProgress(done, rows.length)}`));

  const counts = snapshot.comments;
  const burst = c.kind === 'drill' ? c.scenario.burst : null;
  const statement = c.statementApprovedAt
    ? t.statementApprovedBy(mention(people, c.statementApprovedById, t.someone), slackDate(c.statementApprovedAt))
    : ctx.active
      ? t.statementWaiting
      : t.statementNotApproved;
  const bottom: SlackBlock[] = [
    context(
      t.commentCounts(counts.received, counts.claimed, counts.answered, counts.open),
      burst && burst.count > 0 ? t.burstProgress(Math.min(c.burstInjected, burst.count), burst.count) : null,
      t.statementState(statement),
    ),
  ];

  const steps = checklistBlocks(rows, ctx, MAX_BLOCKS - top.length - bottom.length);
  const fallback = `${esc(cutPlain(headline, HEADER_TEXT_MAX))} · ${t.checklistProgress(done, rows.length)} · ${t.rosterProgress(acked, members.length)}`;
  return message(fallback, [...top, ...steps, ...bottom], t.truncated);
}

// ---- page (direct message) --------------------------------------------------------------

function renderPage(view: Extract<CrisisMessageView, { kind: 'page' }>): SlackMessage {
  const { snapshot, people, memberId } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const title = localized(c.scenario.title, c.locale);
  const headline = t.headline(c.kind, c.number, title);
  const roles = roleOrder(rolesOf(c.roster, memberId)).map((r) => t.roles[r]);
  const roleLabel = roles.length ? t.list(roles) : t.none;
  const ackAt = ackTimes(snapshot).get(memberId) ?? null;
  const active = isActive(snapshot);

  const blocks: SlackBlock[] = [headerBlock(headline)];
  if (c.kind === 'drill') blocks.push(context(t.drillNotice));
  blocks.push(section(`${t.pageIntro(t.kind(c.kind), c.number, roleLabel)}\n${t.started(slackDate(c.startedAt), mention(people, c.startedById, t.someone))}`));
  const situation = cutPlain(localized(c.scenario.situation, c.locale).trim(), PAGE_SITUATION_MAX);
  blocks.push(section(`*${t.situation}*\n${quote(situation, PAGE_SITUATION_MAX + 200, t.truncated)}`));
  if (c.summary?.trim()) blocks.push(section(`*${t.summary}*\n${quote(cutPlain(c.summary.trim(), PAGE_SITUATION_MAX), PAGE_SITUATION_MAX + 200, t.truncated)}`));
  const room = channelLink(c.roomChannel);
  if (room) blocks.push(section(t.room(room)));
  else if (active) blocks.push(section(t.roomPending));

  const acknowledged = ackAt ? t.acknowledged(offset(ackAt.getTime() - c.startedAt.getTime(), t)) : null;
  let state: string;
  if (!active) {
    const ended = t.pageEnded(t.kind(c.kind), c.number, slackDate(c.endedAt ?? view.now));
    blocks.push(context(acknowledged, ended));
    state = acknowledged ?? t.crisisEnded(t.kind(c.kind), c.number);
  } else if (acknowledged) {
    blocks.push(context(acknowledged));
    state = acknowledged;
  } else {
    blocks.push(section(t.pageAsk));
    blocks.push({ type: 'actions', elements: [button(CrisisActionId.ack, t.button.ack, buttonValue(c.id), true)] });
    state = t.pageFallback(roleLabel);
  }
  return message(`${esc(cutPlain(headline, HEADER_TEXT_MAX))}: ${state}`, blocks, t.truncated);
}

// ---- holding statement ------------------------------------------------------------------

function renderStatement(view: Extract<CrisisMessageView, { kind: 'statement' }>): SlackMessage {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));
  const blocks: SlackBlock[] = [section(`*${t.statementTitle}* · ${cut(esc(headline), 300)}`)];
  if (c.kind === 'drill') blocks.push(context(t.statementDrillNote));
  blocks.push(section(quote(localized(c.scenario.holdingStatement, c.locale), SECTION_TEXT_MAX, t.truncated)));
  if (c.statementApprovedAt) {
    blocks.push(context(t.statementApprovedBy(mention(people, c.statementApprovedById, t.someone), slackDate(c.statementApprovedAt))));
  } else if (isActive(snapshot)) {
    blocks.push(context(t.statementHint));
    blocks.push({ type: 'actions', elements: [button(CrisisActionId.approve, t.button.approve, buttonValue(c.id), true)] });
  } else {
    blocks.push(context(t.statementNotApproved));
  }
  return message(`${t.statementTitle} · ${esc(cutPlain(headline, HEADER_TEXT_MAX))}`, blocks, t.truncated);
}

// ---- status update ----------------------------------------------------------------------

function renderUpdate(view: Extract<CrisisMessageView, { kind: 'update' }>): SlackMessage {
  const { snapshot, people, update, audience } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const title = localized(c.scenario.title, c.locale);
  const mark = `${t.mark(c.kind)} #${c.number}`;
  const head = audience === 'stakeholders' ? `*${t.updateTitle}* · ${mark} — *${cut(esc(title), 500)}*` : `*${t.updateTitle}* · ${mark}`;
  const room = audience === 'stakeholders' ? channelLink(c.roomChannel) : null;
  const blocks: SlackBlock[] = [
    section(head),
    section(cut(esc(visibleText(update.text.trim() || '—')), SECTION_TEXT_MAX, t.truncated)),
    context(t.updateBy(mention(people, update.byId, t.someone), slackDate(update.at)), room ? t.room(room) : null),
  ];
  const fallback = `${t.updateFallback(t.kind(c.kind), c.number)}${audience === 'stakeholders' ? ` (${esc(cutPlain(title, 100))})` : ''}: ${esc(excerptText(update.text, 300))}`;
  return message(fallback, blocks, t.truncated);
}

// ---- announcement (a real crisis was declared) ------------------------------------------

function renderAnnouncement(view: Extract<CrisisMessageView, { kind: 'announcement' }>): SlackMessage {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));
  const blocks: SlackBlock[] = [headerBlock(headline)];
  if (c.kind === 'drill') blocks.push(context(t.drillNotice));
  const declared = t.announcementDeclared(mention(people, c.startedById, t.someone), slackDate(c.startedAt));
  blocks.push(section(c.summary?.trim() ? `${declared}\n${quote(c.summary, SITUATION_MAX, t.truncated)}` : declared));
  const room = channelLink(c.roomChannel);
  const leads = rosterByRole(c.roster).find((r) => r.role === 'lead')?.memberIds ?? [];
  const lines = [
    room ? t.room(room) : t.roomPending,
    t.announcementLeads(leads.length ? t.list(leads.map((id) => mention(people, id, t.someone))) : t.none),
  ];
  blocks.push(section(fitLines(lines, SECTION_TEXT_MAX, t.more)));
  if (!isActive(snapshot)) {
    blocks.push(context(t.endedLine(slackDate(c.endedAt ?? view.now), c.endReason ? t.endReason[c.endReason] : t.none, null)));
  } else {
    blocks.push(context(t.announcementFollow));
  }
  const summary = c.summary?.trim() ? `: ${esc(excerptText(c.summary, 300))}` : '';
  return message(`${esc(cutPlain(headline, HEADER_TEXT_MAX))}${summary}`, blocks, t.truncated);
}

// ---- report -----------------------------------------------------------------------------

interface ReportParts {
  headline: string;
  overview: string[];
  roles: string[];
  steps: string[];
  statement: string;
  comments: string[];
  updates: string;
  missed: string[];
}

function reportParts(report: CrisisReport, locale: Locale, people: CrisisPeople, titleMax: number): ReportParts {
  const t = crisisTexts(locale);
  const who = (id: string | null) => mention(people, id, t.someone);
  const d = (ms: number | null) => (ms === null ? t.none : t.duration(ms));
  const title = localized(report.title, locale);
  const steps = report.steps.map((s, i) => {
    const name = `*${i + 1}. ${cut(esc(localized(s.title, locale)), titleMax)}*`;
    const target = offset(s.targetMs, t);
    if (s.doneMs === null) return `❌ ${name} — ${t.reportStepNotDone(target)}`;
    if (s.onTime === false || s.doneMs > s.targetMs) return `⚠️ ${name} — ${t.reportStepLate(offset(s.doneMs, t), target, t.duration(s.doneMs - s.targetMs), who(s.doneById))}`;
    return `✅ ${name} — ${t.reportStepOnTime(offset(s.doneMs, t), target, who(s.doneById))}`;
  });
  const roles = [...report.roles]
    .sort((a, b) => CRISIS_ROLES.indexOf(a.role) - CRISIS_ROLES.indexOf(b.role))
    .map((r) => `*${t.roles[r.role]}:* ${r.firstAckMs === null ? t.reportRoleNoAck : t.reportRoleAck(who(r.firstAckById), offset(r.firstAckMs, t))}`);
  const stepTitle = (id: string) => {
    const step = report.steps.find((s) => s.stepId === id);
    return cut(esc(step ? localized(step.title, locale) : id), titleMax);
  };
  const missed = report.missed.map((m) => {
    switch (m.kind) {
      case 'role_unacknowledged':
        return `• ${t.missed.roleUnacknowledged(t.roles[m.role])}`;
      case 'step_not_done':
        return `• ${t.missed.stepNotDone(stepTitle(m.stepId))}`;
      case 'step_late':
        return `• ${t.missed.stepLate(stepTitle(m.stepId), t.duration(m.lateMs))}`;
      case 'statement_not_approved':
        return `• ${t.missed.statementNotApproved}`;
      case 'comments_unanswered':
        return `• ${t.missed.commentsUnanswered(m.count)}`;
      case 'comments_late':
        return `• ${t.missed.commentsLate(m.count)}`;
    }
  });
  const cm = report.comments;
  return {
    headline: t.headline(report.kind, report.number, title),
    overview: [
      t.reportStarted(slackDate(new Date(report.startedAt))),
      t.reportEnded(slackDate(new Date(report.endedAt)), t.endReason[report.endReason]),
      t.reportDuration(t.duration(report.durationMs)),
      t.reportFirstAck(report.firstAckMs === null ? null : offset(report.firstAckMs, t)),
    ],
    roles,
    steps,
    statement:
      report.statement.approvedMs === null
        ? t.reportStatementNotApproved
        : t.reportStatementApproved(offset(report.statement.approvedMs, t), who(report.statement.approvedById)),
    comments: [
      t.reportCommentCounts(cm.received, cm.claimed, cm.answered, cm.open),
      t.reportCommentTimes(d(cm.medianFirstResponseMs), d(cm.p90FirstResponseMs), d(cm.medianAnswerMs), cm.withinTargetShare === null ? t.none : t.percent(cm.withinTargetShare)),
    ],
    updates: t.reportUpdates(report.updates),
    missed: missed.length ? missed : [t.reportNothingMissed],
  };
}

function renderReport(view: Extract<CrisisMessageView, { kind: 'report' }>): SlackMessage {
  const { report, locale, people } = view;
  const t = crisisTexts(locale);
  const p = reportParts(report, locale, people, 300);
  const top: SlackBlock[] = [headerBlock(`${t.reportTitle} · ${p.headline}`)];
  if (report.kind === 'drill') top.push(context(t.reportDrillNote));
  top.push(section(p.overview.join('\n')));
  top.push(section(fitLines([`*${t.reportRoles}*`, ...p.roles], SECTION_TEXT_MAX, t.more)));
  const middle = [section(p.statement), section([`*${t.reportComments}*`, ...p.comments].join('\n')), context(p.updates)];
  // Steps and what was missed are lists of any length: packed into sections, together within the block limit.
  const room = MAX_BLOCKS - top.length - middle.length;
  const missedChunks = packLimited([`*${t.reportMissed}*`, ...p.missed], Math.max(1, Math.min(10, Math.floor(room / 2))), t.more);
  const stepChunks = packLimited([`*${t.reportSteps}*`, ...p.steps], Math.max(1, room - missedChunks.length), t.more);
  const blocks = [...top, ...stepChunks.map((s) => section(s)), ...middle, ...missedChunks.map((s) => section(s))];
  const fallback = `${t.reportTitle} · ${esc(cutPlain(p.headline, HEADER_TEXT_MAX))} · ${t.duration(report.durationMs)} · ${report.missed.length ? `${t.reportMissed}: ${report.missed.length}` : t.reportNothingMissed}`;
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

/** `/crisis report <n>`: the report as one mrkdwn text (at most 3,900 characters; long lists are shortened with "… and n more"). */
export function reportText(report: CrisisReport, locale: Locale, people: CrisisPeople): string {
  const t = crisisTexts(locale);
  const p = reportParts(report, locale, people, 60);
  const before = [
    `*${t.reportTitle} · ${cut(esc(p.headline), 300)}*`,
    ...(report.kind === 'drill' ? [t.reportDrillNote] : []),
    ...p.overview,
    '',
    `*${t.reportRoles}*`,
    ...p.roles,
    '',
    `*${t.reportSteps}*`,
  ];
  const after = ['', p.statement, `*${t.reportComments}*`, ...p.comments, p.updates, '', `*${t.reportMissed}*`];
  const fixed = [...before, ...after].join('\n').length + 2;
  const room = Math.max(0, RESPONSE_TEXT_MAX - fixed);
  const missed = fitLines(p.missed, Math.max(Math.floor(room / 2), room - p.steps.join('\n').length), t.more);
  const steps = fitLines(p.steps, Math.max(0, room - missed.length), t.more);
  return cut([...before, steps, ...after, missed].join('\n'), RESPONSE_TEXT_MAX);
}

/** `/crisis reports`: one line per report, in the order given (newest first). */
export function reportListText(reports: CrisisReport[], locale: Locale, people: CrisisPeople): string {
  const t = crisisTexts(locale);
  if (!reports.length) return t.noReports();
  const lines = reports.map((r) => {
    const firstRole = r.roles.filter((x) => x.firstAckMs !== null).sort((a, b) => (a.firstAckMs ?? 0) - (b.firstAckMs ?? 0))[0];
    const firstAck = r.firstAckMs === null ? null : `${offset(r.firstAckMs, t)}${firstRole ? ` (${mention(people, firstRole.firstAckById, t.someone)})` : ''}`;
    return t.reportListLine({
      kind: `${r.kind === 'drill' ? '🧪' : '🚨'} ${t.kind(r.kind)}`,
      number: r.number,
      title: cut(esc(localized(r.title, locale)), 80),
      when: slackDate(new Date(r.startedAt)),
      duration: t.duration(r.durationMs),
      firstAck,
      stepsOnTime: r.steps.filter((s) => s.onTime === true).length,
      steps: r.steps.length,
      answered: r.comments.answered,
      received: r.comments.received,
    });
  });
  const hint = t.reportsHint('/crisis');
  const list = fitLines(lines, RESPONSE_TEXT_MAX - t.reportsTitle.length - hint.length - 2, t.more);
  return [t.reportsTitle, list, hint].join('\n');
}

/** `/crisis scenarios`: each scenario with its id, title, size, time limit and burst; the one `declare` uses is marked. */
export function scenarioListText(view: ScenarioListView, locale: Locale): string {
  const t = crisisTexts(locale);
  if (!view.scenarios.length) return t.noScenarios;
  const lines = view.scenarios.map((s) => {
    const line = t.scenarioLine({
      id: esc(s.id),
      title: cut(esc(localized(s.title, locale)), 100),
      steps: s.checklist.length,
      timeLimit: t.duration(s.timeLimitMs),
      burst: s.burst && s.burst.count > 0 ? t.scenarioBurst(s.burst.count, t.duration(s.burst.durationMs)) : t.scenarioNoBurst,
      isDeclare: s.id === view.declareScenarioId,
    });
    return `${line}\n      ${esc(excerptText(localized(s.situation, locale), 140))}`;
  });
  const hint = t.scenariosHint('/crisis');
  return [t.scenariosTitle, fitLines(lines, RESPONSE_TEXT_MAX - t.scenariosTitle.length - hint.length - 2, t.more), hint].join('\n');
}

function timelineLine(entry: CrisisTimelineEntry, rows: StepRow[], burstCount: number, people: CrisisPeople, t: CrisisTexts): string {
  const who = mention(people, entry.actorId, t.system);
  const d = entry.detail;
  let detail = '';
  const stepId = entry.type === 'statement_approved' ? null : typeof d.stepId === 'string' ? d.stepId : typeof d.step === 'string' ? d.step : null;
  const text = typeof d.text === 'string' ? d.text : typeof d.excerpt === 'string' ? d.excerpt : null;
  if (stepId !== null) {
    const row = rows.find((r) => r.spec.id === stepId);
    detail = row ? `*${row.n}. ${cut(esc(row.title), 80)}*` : `\`${esc(stepId)}\``;
  } else if (text !== null) {
    detail = `“${esc(excerptText(text, 80))}”`;
  } else if (typeof d.memberId === 'string') {
    detail = mention(people, d.memberId, t.someone);
  } else if (d.reason === 'command' || d.reason === 'time_limit') {
    detail = `(${t.endReason[d.reason]})`;
  } else if (typeof d.from === 'number' && typeof d.to === 'number') {
    // A burst batch: comments from..to-1 of the drill's burst.
    detail = `+${d.to - d.from}${burstCount ? ` (${d.to}/${burstCount})` : ''}`;
  } else if (typeof d.count === 'number') {
    detail = `(${d.count})`;
  } else if (typeof d.channel === 'string') {
    detail = channelLink(d.channel) ?? '';
  }
  const known = Object.hasOwn(t.timeline, entry.type) ? t.timeline[entry.type as keyof CrisisTexts['timeline']] : null;
  const line = known ? known(who, detail) : t.timelineOther(esc(entry.type), who);
  return `• ${slackDate(entry.at, '{time}')} ${line}`;
}

/** `/crisis status`: the running (or just ended) drill or crisis in one mrkdwn text of at most 3,900 characters. */
export function crisisStatusText(view: CrisisStatusView): string {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const active = isActive(snapshot);
  const start = c.startedAt.getTime();
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));

  const acks = ackTimes(snapshot);
  const members = rosterMemberIds(c.roster);
  const unacked = members.filter((id) => !acks.has(id));
  const waiting = t.list(
    unacked.map((id) => `${mention(people, id, t.someone)} (${roleOrder(rolesOf(c.roster, id)).map((r) => t.roles[r]).join(', ')})`),
  );
  const rows = stepRows(snapshot);
  const open = rows.filter((r) => !r.doneAt);
  const until = c.endedAt && c.endedAt < view.now ? c.endedAt : view.now;
  const openLines = open.map(
    (r) => `⬜ ${r.n}. ${cut(esc(r.title), 80)} (${t.stepTarget(offset(r.spec.targetMs, t))})${until.getTime() - start > r.spec.targetMs ? ` ${t.stepPastTarget}` : ''}`,
  );
  const room = channelLink(c.roomChannel);
  const statement = c.statementApprovedAt
    ? t.statementApprovedBy(mention(people, c.statementApprovedById, t.someone), slackDate(c.statementApprovedAt))
    : active
      ? t.statementWaiting
      : t.statementNotApproved;
  const burst = c.kind === 'drill' ? c.scenario.burst : null;
  const counts = snapshot.comments;

  const before = [
    `*${cut(esc(headline), 300)}*`,
    ...(c.kind === 'drill' ? [t.drillNotice] : []),
    `${t.started(slackDate(c.startedAt), mention(people, c.startedById, t.someone))}${active ? ` · ${t.timeLimit(slackDate(c.timeLimitAt))}` : ''}`,
    ...(active ? [] : [t.endedLine(slackDate(c.endedAt ?? view.now), c.endReason ? t.endReason[c.endReason] : t.none, c.endedById ? mention(people, c.endedById, t.someone) : null)]),
    ...(room ? [t.room(room)] : active ? [t.roomPending] : []),
    cut(t.statusRoster(members.length - unacked.length, members.length, unacked.length ? waiting : ''), 800),
    t.statusChecklist(rows.length - open.length, rows.length) + (open.length ? ` — ${t.statusNextSteps}` : ''),
  ];
  const after = [
    t.statementState(statement),
    `${t.commentCounts(counts.received, counts.claimed, counts.answered, counts.open)}${burst && burst.count > 0 ? ` · ${t.burstProgress(Math.min(c.burstInjected, burst.count), burst.count)}` : ''}`,
  ];
  const timeline = view.timeline.map((e) => timelineLine(e, rows, burst?.count ?? 0, people, t));
  const fixed = [...before, ...after].join('\n').length + (timeline.length ? t.statusTimeline.length + 3 : 0) + 2;
  const left = Math.max(0, RESPONSE_TEXT_MAX - fixed);
  const steps = openLines.length ? fitLines(openLines, Math.max(Math.floor(left / 2), left - timeline.join('\n').length), t.more) : '';
  const latest = timeline.length ? fitLastLines(timeline, Math.max(0, left - steps.length), t.more) : '';
  const parts = [...before, ...(steps ? [steps] : []), ...after, ...(latest ? ['', t.statusTimeline, latest] : [])];
  return cut(parts.join('\n'), RESPONSE_TEXT_MAX);
}
