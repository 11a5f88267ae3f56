import { localized, rosterMemberIds } from '../../domain/crisis.ts';
import { crisisTexts } from '../../domain/crisis-texts.ts';
import { type CrisisMessageView, ackTimes, isActive, offset, personText, rosterByRole, stepLineParts, stepRows } from '../../domain/crisis-view.ts';
import { type RichText, channel, date, italic, join, rich, untrusted } from '../../domain/rich-text.ts';
import { CONSOLE } from './console-identity.ts';
import { type Html, html } from './html.ts';
import type { ConsoleRenderOptions } from './render-command.ts';
import { renderConsoleText } from './render-rich-text.ts';
import { tryItTexts } from './try-it-texts.ts';

/** The board a chat room shows, as the console shows it. */
export type BoardView = Extract<CrisisMessageView, { kind: 'board' }>;

/** Where the board's buttons (Acknowledge, Done, Approve) post to. */
export const CRISIS_BUTTON_PATH = '/console/try/crisis-button';

export interface CrisisBoardOptions extends ConsoleRenderOptions {
  /** Whether the desk configuration has a crisis section (for the empty state's words). */
  configured?: boolean;
}

/**
 * The crisis board as HTML: what the room's board message and the holding statement show in chat
 * (render-crisis.ts for Slack and Teams), with the same buttons as forms. Always one
 * `<section id="crisis-board">`, also when nothing runs, so the page can replace it as a whole.
 * Words in the reader's language (the room's messages use the crisis's; the console has a switch).
 */
export function renderCrisisBoard(board: BoardView | null, o: CrisisBoardOptions): Html {
  const tt = tryItTexts(o.locale);
  if (!board) {
    return html`<section id="crisis-board" data-testid="crisis-board" data-crisis-id="" class="panel crisis-board crisis-none" aria-labelledby="crisis-board-title">
<h2 id="crisis-board-title">${tt.board.heading}</h2>
<p class="empty" data-testid="crisis-board-empty">${o.configured === false ? tt.board.notConfigured : tt.board.none}</p>
</section>`;
  }
  // The reader's language for everything the scenario says in both.
  const snapshot = { ...board.snapshot, crisis: { ...board.snapshot.crisis, locale: o.locale } };
  const { people, now } = board;
  const c = snapshot.crisis;
  const t = crisisTexts(o.locale);
  const rt = (r: RichText) => renderConsoleText(r, { locale: o.locale, timeZone: o.timeZone });
  const who = (id: string | null) => personText(people, id, t.someone);
  const active = isActive(snapshot);
  const start = c.startedAt.getTime();
  const headline = t.headline(c.kind, c.number, localized(c.scenario.title, o.locale));
  const hidden = (fields: Record<string, string>) =>
    html`<input type="hidden" name="csrf" value="${o.csrf}"><input type="hidden" name="return" value="${o.returnPath ?? '/try'}">${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`;
  const button = (fields: Record<string, string>, label: string, testid: string, extra: { ariaLabel?: string; primary?: boolean } = {}) =>
    html`<form method="post" action="${CRISIS_BUTTON_PATH}" class="inline crisis-action" data-act>${hidden({ crisisId: c.id, ...fields })}<button type="submit"${extra.primary ? html` class="primary"` : ''} data-testid="${testid}"${fields.stepId ? html` data-step-id="${fields.stepId}"` : ''}${extra.ariaLabel ? html` aria-label="${extra.ariaLabel}"` : ''}>${label}</button></form>`;

  // Roster: every role, each member ✅ with the time since the start, or ⏳.
  const acks = ackTimes(snapshot);
  const members = rosterMemberIds(c.roster);
  const acked = members.filter((id) => acks.has(id)).length;
  const waiting = active && acked < members.length;
  const roles = rosterByRole(c.roster).map(({ role, memberIds }) => {
    const each = memberIds.map((id) => {
      const at = acks.get(id);
      return at ? rich`✅ ${who(id)} ${offset(at.getTime() - start, t)}` : rich`⏳ ${who(id)}`;
    });
    return html`<li><strong>${t.roles[role]}:</strong> ${rt(each.length ? join(each, ' · ') : [italic(t.nobodyInRole)])}</li>`;
  });

  const rows = stepRows(snapshot);
  const done = rows.filter((r) => r.doneAt).length;
  const steps = rows.map((row) => {
    const { head, meta, state } = stepLineParts(row, c, now, people, t, 300);
    const late = !row.doneAt && state !== '';
    return html`<li class="step ${row.doneAt ? 'done' : 'open'}${late ? ' late' : ''}" data-step-id="${row.spec.id}">
<div class="step-head">${rt(head)}</div>
<div class="step-meta muted">${meta.join(' · ')}</div>
${state ? html`<div class="step-state">${rt(state)}</div>` : ''}
${active && !row.doneAt ? button({ action: 'step', stepId: row.spec.id }, t.button.done, 'crisis-step-done', { ariaLabel: t.doneButtonNumbered(row.n, row.title) }) : ''}
</li>`;
  });

  const statementState = c.statementApprovedAt ? t.statementApprovedBy(who(c.statementApprovedById), date(c.statementApprovedAt)) : active ? t.statementWaiting : t.statementNotApproved;
  const counts = snapshot.comments;
  const burst = c.kind === 'drill' ? c.scenario.burst : null;
  // A crisis on the console itself (no chat platform connected) has no chat room: this board is its room.
  const room = c.platform === CONSOLE ? null : c.roomChannel ? t.room([channel(c.roomChannel)]) : active ? t.roomPending : null;

  return html`<section id="crisis-board" data-testid="crisis-board" data-crisis-id="${c.id}" data-crisis-status="${c.status}" class="panel crisis-board crisis-${c.kind}${active ? '' : ' crisis-ended'}" aria-labelledby="crisis-board-title">
<p class="eyebrow">${tt.board.heading}</p>
<h2 id="crisis-board-title">${headline}</h2>
<p class="crisis-kind"><span class="badge badge-${c.kind}" data-testid="crisis-kind">${t.kind(c.kind)}</span></p>
${c.kind === 'drill' ? html`<p class="notice drill">${t.drillNotice}</p>` : ''}
${active ? '' : html`<p class="notice ended">${rt(t.endedLine(date(c.endedAt ?? now), c.endReason ? t.endReason[c.endReason] : t.none, c.endedById ? who(c.endedById) : null))}</p>`}
<h3>${t.situation}</h3>
<blockquote class="situation">${rt([untrusted(localized(c.scenario.situation, o.locale).trim() || '—')])}</blockquote>
${c.summary?.trim() ? html`<h3>${t.summary}</h3><blockquote class="summary">${rt([untrusted(c.summary.trim())])}</blockquote>` : ''}
<p class="crisis-times muted">${rt(active ? rich`${t.started(date(c.startedAt), who(c.startedById))} · ${t.timeLimit(date(c.timeLimitAt))}` : t.started(date(c.startedAt), who(c.startedById)))}</p>
${room ? html`<p class="crisis-room">${rt(room)}</p>` : c.platform === CONSOLE ? html`<p class="crisis-room hint" data-testid="crisis-no-room">${tt.board.noChatRoom}</p>` : ''}
<section class="crisis-roster" aria-labelledby="crisis-roster-title">
<h3 id="crisis-roster-title">${t.roster} · ${t.rosterProgress(acked, members.length)}</h3>
<ul class="roster">${roles}</ul>
${waiting ? html`<p class="muted">${t.rosterHint}</p>${button({ action: 'ack' }, t.button.ack, 'crisis-ack', { primary: true })}` : ''}
</section>
<section class="crisis-checklist" aria-labelledby="crisis-checklist-title">
<h3 id="crisis-checklist-title">${t.checklist} · ${t.checklistProgress(done, rows.length)}</h3>
<ol class="steps">${steps}</ol>
</section>
<section class="crisis-statement" aria-labelledby="crisis-statement-title">
<h3 id="crisis-statement-title">${t.statementTitle}</h3>
${c.kind === 'drill' ? html`<p class="muted">${t.statementDrillNote}</p>` : ''}
<blockquote class="statement">${rt([untrusted(localized(c.scenario.holdingStatement, o.locale).trim() || '—')])}</blockquote>
${
  c.statementApprovedAt
    ? html`<p class="statement-state">${rt(t.statementApprovedBy(who(c.statementApprovedById), date(c.statementApprovedAt)))}</p>`
    : active
      ? html`<p class="muted">${t.statementHint}</p>${button({ action: 'approve' }, t.button.approve, 'crisis-approve', { primary: true })}`
      : html`<p class="statement-state">${t.statementNotApproved}</p>`
}
</section>
<ul class="crisis-counts muted">
<li>${t.commentCounts(counts.received, counts.claimed, counts.answered, counts.open)}</li>
${burst && burst.count > 0 ? html`<li data-testid="crisis-burst">${t.burstProgress(Math.min(c.burstInjected, burst.count), burst.count)}</li>` : ''}
<li>${rt(t.statementState(statementState))}</li>
</ul>
${active ? html`<p class="hint">${tt.board.live}</p>` : ''}
</section>`;
}
