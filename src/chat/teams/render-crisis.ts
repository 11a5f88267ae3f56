import * as answers from '../../domain/crisis-answers.ts';
import { localized, rolesOf, rosterMemberIds } from '../../domain/crisis.ts';
import type { CrisisReport } from '../../domain/crisis.ts';
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
import type { Locale } from '../../domain/directory.ts';
import { type RichText, bold, channel, cutRichTo, date, fitLines, italic, join, lines, rich, text } from '../../domain/rich-text.ts';
import { cutText, excerptText } from '../../domain/untrusted-text.ts';
import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  CARD_BYTES_MAX,
  CardTexts,
  actionSet,
  actionSets,
  cardBytes,
  container,
  execute,
  textBlock,
} from './adaptive-card.ts';
import { type TeamsText, type TeamsTextOptions, escapeTeamsText, renderTeamsText, teamsUntrustedText } from './markdown.ts';
import { TeamsVerb } from './verbs.ts';

/**
 * Adaptive Cards for crisis drills and real crises (`/crisis`): the room's board, pages, the holding
 * statement, updates, the announcement and the report, plus the Markdown answers of the command.
 * Mirrors the Slack rendering (render-crisis.ts there): the same parts, the same buttons (verbs
 * `desk.crisis.ack` `{ k }`, `desk.crisis.step` `{ k, s }`, `desk.crisis.approve` `{ k }`).
 *
 * Every card stays under CARD_BYTES_MAX whatever the configuration or people wrote: long texts are
 * shortened with a visible note, long lists end in "… and n more", and a checklist too long for a
 * row per step turns compact (numbered lines and numbered Done buttons), then shortens its titles,
 * then leaves its last steps out with a line saying how many (`/crisis status` lists them).
 */

export interface TeamsCrisisOptions {
  /** The zone dates are shown in (the room's team's, or the paged person's). */
  timeZone?: string;
  /** Channel names by id: the room is a channel token carrying only its id. */
  channelName?: (channelId: string) => string | undefined;
}

/** The situation on the board and the summary of a real crisis. */
const SITUATION_MAX = 2400;
/** The situation in a page (a direct message people read on their phone). */
const PAGE_SITUATION_MAX = 500;
/** The holding statement and an update. */
const STATEMENT_MAX = 3000;
/** Lists (roster, report steps, missed items), as rendered. */
const LIST_MAX = 3000;
/** Notification texts (`fallbackText`). */
const FALLBACK_MAX = 300;
/** Answers of `/crisis` as message text, in UTF-8 bytes: well under Teams' message size. */
const RESPONSE_BYTES_MAX = 20_000;

const cutPlain = (s: string, max: number) => cutText(s, max, { trim: false });

/** Renders one crisis card: the people of the crisis can be mentioned, dates in the reader's zone. */
function textsFor(people: CrisisPeople, locale: Locale, options: TeamsCrisisOptions): CardTexts {
  return new CardTexts({ locale, timeZone: options.timeZone, channelName: options.channelName, members: (id) => people[id] });
}

/** People's or configured words, shown as text in a quote-like box, at most `max` units with the note when cut. */
function quote(raw: string, max: number, truncatedNote: string): CardElement {
  const whole = raw.trim() || '—';
  const kept = cutText(whole, max, { tail: '' });
  const items: CardElement[] = [textBlock(teamsUntrustedText(kept === whole ? whole : `${kept}…`))];
  if (kept !== whole) items.push(textBlock(escapeTeamsText(truncatedNote.trim()), { isSubtle: true, size: 'Small', spacing: 'Small' }));
  return container(items, { style: 'emphasis', spacing: 'Small' });
}

function heading(md: (rt: RichText) => string, headline: string): CardElement {
  return textBlock(md(headline), { size: 'Large', weight: 'Bolder', style: 'heading' });
}

function note(md: string, over: Parameters<typeof textBlock>[1] = {}): CardElement {
  return textBlock(md, { isSubtle: true, size: 'Small', ...over });
}

function drillNotice(texts: CardTexts, t: CrisisTexts): CardElement {
  return textBlock(texts.md([bold(t.drillNotice)]), { color: 'Warning' });
}

const roomLink = (id: string | null) => (id ? [channel(id)] : null);

// ---- the room's board ------------------------------------------------------------------

interface BoardContext {
  view: Extract<CrisisMessageView, { kind: 'board' }>;
  t: CrisisTexts;
  texts: CardTexts;
  active: boolean;
}

function stepText(row: StepRow, ctx: BoardContext, titleMax: number, compact: boolean): RichText {
  const { t, view } = ctx;
  const { head, meta, state } = stepLineParts(row, view.snapshot.crisis, view.now, view.people, t, titleMax);
  const parts: RichText[] = compact ? [head, ...meta, state] : [head, meta.join(' · '), state];
  return join(
    parts.filter((p) => p.length > 0),
    compact ? ' · ' : '\n',
  );
}

function stepButton(row: StepRow, ctx: BoardContext, label: string): CardAction {
  return execute(TeamsVerb.crisisStep, label, { k: ctx.view.snapshot.crisis.id, s: row.spec.id });
}

/** One row per step: its text, and Done beside it while the crisis runs. */
function fullChecklist(rows: StepRow[], ctx: BoardContext): CardElement[] {
  return rows.map((row) => {
    const words = textBlock(ctx.texts.md(stepText(row, ctx, 300, false)));
    if (!ctx.active || row.doneAt) return container([words], { separator: true });
    return {
      type: 'ColumnSet',
      separator: true,
      columns: [
        { type: 'Column', width: 'stretch', items: [words] },
        { type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [actionSet([stepButton(row, ctx, ctx.t.button.done)])] },
      ],
    };
  });
}

/** Every step on one numbered line, then numbered Done buttons for the open ones; `hidden` steps counted at the end. */
function compactChecklist(rows: StepRow[], ctx: BoardContext, titleMax: number, hidden: number): CardElement[] {
  const { t, texts } = ctx;
  const stepLines: RichText[] = rows.map((row) => stepText(row, ctx, titleMax, true));
  if (hidden) stepLines.push(t.stepsNotShown(hidden));
  const elements: CardElement[] = [textBlock(texts.md(lines(stepLines)))];
  const open = ctx.active ? rows.filter((row) => !row.doneAt) : [];
  if (open.length) {
    elements.push(note(texts.md(t.compactChecklist(open.length))));
    elements.push(...actionSets(open.map((row) => stepButton(row, ctx, t.doneButtonNumbered(row.n, cutPlain(row.title, titleMax))))));
  }
  return elements;
}

function renderBoard(view: Extract<CrisisMessageView, { kind: 'board' }>, options: TeamsCrisisOptions): AdaptiveCard {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const start = c.startedAt.getTime();
  const who = (id: string | null) => personText(people, id, t.someone);
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));
  const rows = stepRows(snapshot);
  const done = rows.filter((r) => r.doneAt).length;
  const acks = ackTimes(snapshot);
  const members = rosterMemberIds(c.roster);
  const acked = members.filter((id) => acks.has(id)).length;
  const fallback = escapeTeamsText(cutPlain(`${headline} · ${t.checklistProgress(done, rows.length)} · ${t.rosterProgress(acked, members.length)}`, FALLBACK_MAX));

  const build = (checklist: (ctx: BoardContext) => CardElement[]): AdaptiveCard => {
    const texts = textsFor(people, c.locale, options);
    const md = (rt: RichText) => texts.md(rt);
    const ctx: BoardContext = { view, t, texts, active: isActive(snapshot) };
    const body: CardElement[] = [heading(md, headline)];
    if (c.kind === 'drill') body.push(drillNotice(texts, t));
    if (!ctx.active) {
      const reason = c.endReason ? t.endReason[c.endReason] : t.none;
      body.push(textBlock(md(t.endedLine(date(c.endedAt ?? view.now), reason, c.endedById ? who(c.endedById) : null)), { color: 'Attention' }));
    }
    body.push(textBlock(md([bold(t.situation)])), quote(localized(c.scenario.situation, c.locale), SITUATION_MAX, t.truncated));
    if (c.summary?.trim()) body.push(textBlock(md([bold(t.summary)])), quote(c.summary, SITUATION_MAX, t.truncated));
    body.push(note(md(text(t.started(date(c.startedAt), who(c.startedById)), ctx.active ? rich` · ${t.timeLimit(date(c.timeLimitAt))}` : ''))));

    // Roster: every role, each member ✅ with the time since the start, or ⏳.
    const roleLines = rosterByRole(c.roster).map(({ role, memberIds }) => {
      const each = memberIds.map((id) => {
        const at = acks.get(id);
        return at ? rich`✅ ${who(id)} ${offset(at.getTime() - start, t)}` : rich`⏳ ${who(id)}`;
      });
      return rich`${bold(`${t.roles[role]}:`)} ${each.length ? join(each, ' · ') : italic(t.nobodyInRole)}`;
    });
    const waiting = ctx.active && acked < members.length;
    const roster = fitLines(
      [rich`${bold(t.roster)} · ${t.rosterProgress(acked, members.length)}`, ...roleLines, ...(waiting ? [[italic(t.rosterHint)]] : [])],
      LIST_MAX,
      t.more,
      texts.measure,
    );
    body.push(container([textBlock(md(roster))], { separator: true }));
    if (waiting) body.push(actionSet([execute(TeamsVerb.crisisAck, t.button.ack, { k: c.id }, { style: 'positive' })]));

    body.push(textBlock(md(rich`${bold(t.checklist)} · ${t.checklistProgress(done, rows.length)}`), { separator: true, spacing: 'Medium' }));
    body.push(...checklist(ctx));

    const counts = snapshot.comments;
    const burst = c.kind === 'drill' ? c.scenario.burst : null;
    const statement = c.statementApprovedAt ? t.statementApprovedBy(who(c.statementApprovedById), date(c.statementApprovedAt)) : ctx.active ? t.statementWaiting : t.statementNotApproved;
    const bottom: RichText[] = [t.commentCounts(counts.received, counts.claimed, counts.answered, counts.open)];
    if (burst && burst.count > 0) bottom.push(t.burstProgress(Math.min(c.burstInjected, burst.count), burst.count));
    bottom.push(t.statementState(statement));
    body.push(note(md(lines(bottom)), { separator: true, spacing: 'Medium' }));
    return texts.card(body, fallback);
  };

  // The fullest form that fits: a row per step, then compact with shorter titles, then fewer steps.
  let card = build((ctx) => fullChecklist(rows, ctx));
  for (const titleMax of [150, 60, 20]) {
    if (cardBytes(card) <= CARD_BYTES_MAX) return card;
    card = build((ctx) => compactChecklist(rows, ctx, titleMax, 0));
  }
  if (cardBytes(card) <= CARD_BYTES_MAX) return card;
  // The most steps that fit (the card grows with them): bisection.
  const withSteps = (shown: number) => build((ctx) => compactChecklist(rows.slice(0, shown), ctx, 20, rows.length - shown));
  let low = 0;
  let high = rows.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (cardBytes(withSteps(mid)) <= CARD_BYTES_MAX) low = mid;
    else high = mid - 1;
  }
  return low > 0 ? withSteps(low) : build((ctx) => [textBlock(ctx.texts.md(ctx.t.stepsNotShown(rows.length)))]);
}

// ---- page (direct message) --------------------------------------------------------------

function renderPage(view: Extract<CrisisMessageView, { kind: 'page' }>, options: TeamsCrisisOptions): AdaptiveCard {
  const { snapshot, people, memberId } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const texts = textsFor(people, c.locale, options);
  const md = (rt: RichText) => texts.md(rt);
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));
  const roles = roleOrder(rolesOf(c.roster, memberId)).map((r) => t.roles[r]);
  const roleLabel = roles.length ? t.list(roles) : t.none;
  const ackAt = ackTimes(snapshot).get(memberId) ?? null;
  const active = isActive(snapshot);

  const body: CardElement[] = [heading(md, headline)];
  if (c.kind === 'drill') body.push(drillNotice(texts, t));
  body.push(textBlock(md(lines([t.pageIntro(t.kind(c.kind), c.number, roleLabel), t.started(date(c.startedAt), personText(people, c.startedById, t.someone))]))));
  body.push(textBlock(md([bold(t.situation)])), quote(localized(c.scenario.situation, c.locale), PAGE_SITUATION_MAX, t.truncated));
  if (c.summary?.trim()) body.push(textBlock(md([bold(t.summary)])), quote(c.summary, PAGE_SITUATION_MAX, t.truncated));
  const room = roomLink(c.roomChannel);
  if (room) body.push(textBlock(md(t.room(room))));
  else if (active) body.push(textBlock(md(t.roomPending)));

  const acknowledged = ackAt ? t.acknowledged(offset(ackAt.getTime() - c.startedAt.getTime(), t)) : null;
  let state: string;
  if (!active) {
    const ended = t.pageEnded(t.kind(c.kind), c.number, date(c.endedAt ?? view.now));
    body.push(note(md(acknowledged ? lines([acknowledged, ended]) : ended)));
    state = acknowledged ?? t.crisisEnded(t.kind(c.kind), c.number);
  } else if (acknowledged) {
    body.push(note(md(acknowledged), { color: 'Good', isSubtle: false }));
    state = acknowledged;
  } else {
    body.push(textBlock(md([bold(t.pageAsk)])));
    body.push(actionSet([execute(TeamsVerb.crisisAck, t.button.ack, { k: c.id }, { style: 'positive' })]));
    state = t.pageFallback(roleLabel);
  }
  return texts.card(body, escapeTeamsText(cutPlain(`${headline}: ${state}`, FALLBACK_MAX)));
}

// ---- holding statement ------------------------------------------------------------------

function renderStatement(view: Extract<CrisisMessageView, { kind: 'statement' }>, options: TeamsCrisisOptions): AdaptiveCard {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const texts = textsFor(people, c.locale, options);
  const md = (rt: RichText) => texts.md(rt);
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));
  const body: CardElement[] = [textBlock(md(rich`${bold(t.statementTitle)} · ${cutPlain(headline, 300)}`), { size: 'Medium' })];
  if (c.kind === 'drill') body.push(textBlock(md(t.statementDrillNote), { color: 'Warning' }));
  body.push(quote(localized(c.scenario.holdingStatement, c.locale), STATEMENT_MAX, t.truncated));
  if (c.statementApprovedAt) {
    body.push(note(md(t.statementApprovedBy(personText(people, c.statementApprovedById, t.someone), date(c.statementApprovedAt))), { color: 'Good', isSubtle: false }));
  } else if (isActive(snapshot)) {
    body.push(note(md(t.statementHint)));
    body.push(actionSet([execute(TeamsVerb.crisisApprove, t.button.approve, { k: c.id }, { style: 'positive' })]));
  } else {
    body.push(note(md(t.statementNotApproved)));
  }
  return texts.card(body, escapeTeamsText(cutPlain(`${t.statementTitle} · ${headline}`, FALLBACK_MAX)));
}

// ---- status update ----------------------------------------------------------------------

function renderUpdate(view: Extract<CrisisMessageView, { kind: 'update' }>, options: TeamsCrisisOptions): AdaptiveCard {
  const { snapshot, people, update, audience } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const texts = textsFor(people, c.locale, options);
  const md = (rt: RichText) => texts.md(rt);
  const title = localized(c.scenario.title, c.locale);
  const mark = `${t.mark(c.kind)} #${c.number}`;
  const head = audience === 'stakeholders' ? rich`${bold(t.updateTitle)} · ${mark} — ${bold(cutPlain(title, 500))}` : rich`${bold(t.updateTitle)} · ${mark}`;
  const room = audience === 'stakeholders' ? roomLink(c.roomChannel) : null;
  const by = t.updateBy(personText(people, update.byId, t.someone), date(update.at));
  const body: CardElement[] = [textBlock(md(head)), quote(update.text, STATEMENT_MAX, t.truncated), note(md(room ? lines([by, t.room(room)]) : by))];
  const fallback = `${t.updateFallback(t.kind(c.kind), c.number)}${audience === 'stakeholders' ? ` (${cutPlain(title, 100)})` : ''}: ${excerptText(update.text, FALLBACK_MAX)}`;
  return texts.card(body, escapeTeamsText(cutPlain(fallback, FALLBACK_MAX)));
}

// ---- announcement (a real crisis was declared) ------------------------------------------

function renderAnnouncement(view: Extract<CrisisMessageView, { kind: 'announcement' }>, options: TeamsCrisisOptions): AdaptiveCard {
  const { snapshot, people } = view;
  const c = snapshot.crisis;
  const t = crisisTexts(c.locale);
  const texts = textsFor(people, c.locale, options);
  const md = (rt: RichText) => texts.md(rt);
  const who = (id: string | null) => personText(people, id, t.someone);
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, c.locale));
  const body: CardElement[] = [heading(md, headline)];
  if (c.kind === 'drill') body.push(drillNotice(texts, t));
  body.push(textBlock(md(t.announcementDeclared(who(c.startedById), date(c.startedAt)))));
  if (c.summary?.trim()) body.push(quote(c.summary, SITUATION_MAX, t.truncated));
  const room = roomLink(c.roomChannel);
  const leads = rosterByRole(c.roster).find((r) => r.role === 'lead')?.memberIds ?? [];
  const items = [room ? t.room(room) : t.roomPending, t.announcementLeads(leads.length ? t.list(leads.map((id) => who(id))) : t.none)];
  body.push(textBlock(md(fitLines(items, LIST_MAX, t.more, texts.measure))));
  if (!isActive(snapshot)) body.push(note(md(t.endedLine(date(c.endedAt ?? view.now), c.endReason ? t.endReason[c.endReason] : t.none, null))));
  else body.push(note(md(t.announcementFollow)));
  const summary = c.summary?.trim() ? `: ${excerptText(c.summary, FALLBACK_MAX)}` : '';
  return texts.card(body, escapeTeamsText(cutPlain(`${headline}${summary}`, FALLBACK_MAX)));
}

// ---- report -----------------------------------------------------------------------------

function renderReport(view: Extract<CrisisMessageView, { kind: 'report' }>, options: TeamsCrisisOptions): AdaptiveCard {
  const { report, locale, people } = view;
  const t = crisisTexts(locale);
  const p = answers.reportParts(report, locale, people, 300);
  const fallback = escapeTeamsText(
    cutPlain(`${t.reportTitle} · ${p.headline} · ${t.duration(report.durationMs)} · ${report.missed.length ? `${t.reportMissed}: ${report.missed.length}` : t.reportNothingMissed}`, FALLBACK_MAX),
  );
  const build = (listMax: number): AdaptiveCard => {
    const texts = textsFor(people, locale, options);
    const md = (rt: RichText) => texts.md(rt);
    const list = (title: string, items: RichText[]) => textBlock(md(fitLines([[bold(title)], ...items], listMax, t.more, texts.measure)), { separator: true });
    const body: CardElement[] = [heading(md, `${t.reportTitle} · ${p.headline}`)];
    if (report.kind === 'drill') body.push(textBlock(md(t.reportDrillNote), { color: 'Warning' }));
    body.push(textBlock(md(lines(p.overview))));
    body.push(list(t.reportRoles, p.roles));
    body.push(list(t.reportSteps, p.steps));
    body.push(textBlock(md(p.statement), { separator: true }));
    body.push(textBlock(md(lines([[bold(t.reportComments)], ...p.comments])), { separator: true }));
    body.push(note(md(p.updates)));
    body.push(list(t.reportMissed, p.missed));
    return texts.card(body, fallback);
  };
  // Lists of any length: shortened together until the card fits.
  let listMax = LIST_MAX;
  let card = build(listMax);
  while (cardBytes(card) > CARD_BYTES_MAX && listMax > 200) {
    listMax = Math.floor(listMax * 0.7);
    card = build(listMax);
  }
  return card;
}

// ---- public -----------------------------------------------------------------------------

/** A crisis message as an Adaptive Card. */
export function renderTeamsCrisisMessage(view: CrisisMessageView, options: TeamsCrisisOptions = {}): AdaptiveCard {
  switch (view.kind) {
    case 'board':
      return renderBoard(view, options);
    case 'page':
      return renderPage(view, options);
    case 'statement':
      return renderStatement(view, options);
    case 'update':
      return renderUpdate(view, options);
    case 'announcement':
      return renderAnnouncement(view, options);
    case 'report':
      return renderReport(view, options);
  }
}

/** An answer of `/crisis` as message text of at most RESPONSE_BYTES_MAX bytes, with its mentions. */
function answer(people: CrisisPeople, locale: Locale, options: TeamsCrisisOptions, build: (budget: answers.TextBudget) => RichText): TeamsText {
  const textOptions: TeamsTextOptions = { locale, timeZone: options.timeZone, channelName: options.channelName, members: (id) => people[id] };
  const measure = (rt: RichText) => Buffer.byteLength(renderTeamsText(rt, textOptions).text, 'utf8');
  // The domain keeps within the budget; the cut is the guard that keeps mentions and links whole if it did not.
  return renderTeamsText(cutRichTo(build({ max: RESPONSE_BYTES_MAX, measure }), RESPONSE_BYTES_MAX, measure), textOptions);
}

/** `/crisis report <n>` (the text is built in the domain: crisis-answers.ts). */
export function teamsCrisisReportText(report: CrisisReport, locale: Locale, people: CrisisPeople, options: TeamsCrisisOptions = {}): TeamsText {
  return answer(people, locale, options, (budget) => answers.reportText(report, locale, people, budget));
}

/** `/crisis reports`. */
export function teamsCrisisReportListText(reports: CrisisReport[], locale: Locale, people: CrisisPeople, options: TeamsCrisisOptions = {}): TeamsText {
  return answer(people, locale, options, (budget) => answers.reportListText(reports, locale, people, budget));
}

/** `/crisis scenarios`. */
export function teamsCrisisScenarioListText(view: ScenarioListView, locale: Locale, options: TeamsCrisisOptions = {}): TeamsText {
  return answer({}, locale, options, (budget) => answers.scenarioListText(view, locale, budget));
}

/** `/crisis status`. */
export function teamsCrisisStatusText(view: CrisisStatusView, options: TeamsCrisisOptions = {}): TeamsText {
  return answer(view.people, view.snapshot.crisis.locale, options, (budget) => answers.crisisStatusText(view, budget));
}
