import type { CardView } from '../../domain/card-view.ts';
import { date, rich } from '../../domain/rich-text.ts';
import { SNOOZE_CHOICES } from '../../use-cases/snooze-reminders.ts';
import { type Html, html } from './html.ts';
import { renderConsoleText, safeLink } from './render-rich-text.ts';
import { cardTriageLines } from '../card-triage.ts';

/** Shown at once; the rest of a long comment opens on request (a stranger may send 40,000 characters). */
const TEXT_PREVIEW = 1200;

export interface ConsoleCardOptions {
  timeZone: string;
  /** The session's CSRF token for the card's forms. */
  csrf: string;
  /** Whether the reader has picked who they are (buttons need a member). */
  canAct: boolean;
  /** Where a form post returns to without script. */
  returnTo: string;
  /**
   * The card's own page (`/card?id=…`): the whole text and the Route and Snooze forms. In a column the
   * card links there instead, which keeps a column of hundreds of cards light (the route choice lists
   * every team and person).
   */
  detail?: boolean;
  /** The "Draft reply" link's words (the card's own page has the draft form); absent: no link. */
  draftLabel?: string;
}

/** The page of one card, where it is routed and snoozed. */
export function cardPath(commentId: string): string {
  return `/card?id=${encodeURIComponent(commentId)}`;
}

/**
 * A comment's card as HTML, from the same CardView the chat cards come from: markers, source, author,
 * the comment (a stranger's words: text only, line breaks kept), when, state and response-time lines,
 * and the actions as real forms (they work without script; the page script sends them in place).
 */
export function renderConsoleCard(view: CardView, o: ConsoleCardOptions): Html {
  const t = view.texts;
  const text = (rt: Parameters<typeof renderConsoleText>[0]) => renderConsoleText(rt, { locale: view.locale, timeZone: o.timeZone });
  const stateLine = (s: CardView['state'][number]) => html`<li>${text(s.text(s.at ? [date(s.at)] : ''))}</li>`;
  const preview = o.detail ? view.text.length : TEXT_PREVIEW;
  const head = view.text.slice(0, preview);
  const rest = view.text.slice(preview);
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  const common = html`${hidden('csrf', o.csrf)}${hidden('commentId', view.commentId)}${o.returnTo === '/' ? '' : hidden('return', o.returnTo)}`;
  const disabled = o.canAct ? '' : html` disabled`;
  const button = (action: string, label: string, extra = '') =>
    html`<button type="submit" name="action" value="${action}"${extra ? html` class="${extra}"` : ''} data-testid="card-${action}"${disabled}>${label}</button>`;
  const permalink = view.permalink ? safeLink(view.permalink) : null;
  const routeable = view.actions.includes('route') && (view.routeOptions.teams.length > 0 || view.routeOptions.people.length > 0);
  const buttons = view.actions.filter((a) => a !== 'route');
  const page = cardPath(view.commentId);
  const triage = cardTriageLines(view);
  // The suggested team's button posts what the route form posts with that team chosen.
  const triageRoute = triage?.suggestion
    ? triage.route
      ? html`<form method="post" action="/console/act" class="triage-route" data-act>${common}${hidden('target', triage.route.value)}<span>${text(triage.suggestion)}</span>
      <button type="submit" name="action" value="route" data-testid="card-triage-route"${disabled}>${triage.route.label}</button></form>`
      : html`<p>${text(triage.suggestion)}</p>`
    : '';

  return html`<article class="card status-${view.status} priority-${view.priority}${view.isDrill ? ' drill' : ''}" id="card-${view.commentId}" data-comment-id="${view.commentId}" data-version="${String(view.version)}" data-status="${view.status}" data-testid="card" tabindex="-1" aria-labelledby="card-${view.commentId}-author">
  ${view.isDrill ? html`<p class="marker drill-marker">🧪 ${t.drill}</p>` : ''}
  ${view.inCrisis ? html`<p class="marker crisis-marker">🚨 ${t.inCrisis}</p>` : ''}
  <header class="card-head">
    <span class="badge status" data-testid="card-status">${view.statusLabel}</span>
    <span class="badge source">${view.sourceLabel}</span>
    <span class="badge prio">${view.priorityLabel}</span>
  </header>${triage ? html`
  <div class="triage${triage.subtle ? ' triage-none' : ''}" data-testid="card-triage">
    <p class="triage-labels">${text(triage.labels)}</p>
    ${triage.warning ? html`<p class="triage-warning" role="note">${text(triage.warning)}</p>` : ''}
    ${triage.notes.map((n) => html`<p>${text(n)}</p>`)}
    ${triageRoute}
  </div>` : ''}
  <p class="author" id="card-${view.commentId}-author"><strong data-testid="card-author">${view.author}</strong>${view.edited ? html` <em>(${t.edited})</em>` : ''}</p>
  <blockquote class="comment-text" data-testid="card-text">${text([{ untrusted: head }])}${rest ? html`<details><summary>…</summary>${text([{ untrusted: rest }])}</details>` : ''}</blockquote>
  <p class="meta">${text(rich`${t.written} ${date(view.createdAt)} · ${t.received} ${date(view.receivedAt)}`)}</p>
  ${view.state.length ? html`<ul class="state" data-testid="card-state">${view.state.map(stateLine)}</ul>` : ''}
  ${view.serviceLevel.length ? html`<ul class="sla" data-testid="card-sla">${view.serviceLevel.map(stateLine)}</ul>` : ''}
  ${buttons.length || permalink || (!o.detail && view.actions.length) ? html`<div class="actions">
    ${buttons.length ? html`<form method="post" action="/console/act" class="act" data-act>${common}${buttons.map((a) => button(a, t.button[a], a === 'claim' ? 'primary' : ''))}</form>` : ''}
    ${!o.detail && routeable ? html`<a class="button" href="${page}#route" data-testid="card-route-open">${t.button.route}</a>` : ''}
    ${!o.detail && view.actions.length ? html`<a class="button" href="${page}#snooze" data-testid="card-snooze-open">${t.snooze.button}</a>` : ''}
    ${!o.detail && view.actions.length && o.draftLabel ? html`<a class="button" href="${page}#draft" data-testid="card-draft-open">${o.draftLabel}</a>` : ''}
    ${permalink ? html`<a class="button" href="${permalink}" rel="noopener noreferrer nofollow" target="_blank">${t.button.open}</a>` : ''}
  </div>` : ''}
  ${o.detail && routeable ? html`<form id="route" method="post" action="/console/act" class="route" data-act>${common}
    <label for="route-${view.commentId}">${t.button.route}</label>
    <select id="route-${view.commentId}" name="target" required${o.canAct ? '' : html` disabled`} data-testid="card-route-target">
      <option value="">—</option>
      ${view.routeOptions.teams.length ? html`<optgroup label="${t.routeGroupTeams}">${view.routeOptions.teams.map((r) => html`<option value="${r.value}">${r.label}</option>`)}</optgroup>` : ''}
      ${view.routeOptions.people.length ? html`<optgroup label="${t.routeGroupPeople}">${view.routeOptions.people.map((r) => html`<option value="${r.value}">${r.label}</option>`)}</optgroup>` : ''}
    </select>
    <button type="submit" name="action" value="route" data-testid="card-route"${o.canAct ? '' : html` disabled`}>${t.button.route.replace(/…$/, '')}</button>
  </form>` : ''}
  ${o.detail && view.actions.length ? html`<section class="snooze" id="snooze"><h3>${t.snooze.title}</h3>
    <form method="post" action="/console/snooze" data-act>${common}
      <label for="snooze-${view.commentId}">${t.snooze.durationLabel}</label>
      <select id="snooze-${view.commentId}" name="choice">${SNOOZE_CHOICES.map((c) => html`<option value="${c}">${t.snooze.options[c]}</option>`)}</select>
      <label for="snooze-reason-${view.commentId}">${t.snooze.reasonLabel}</label>
      <input id="snooze-reason-${view.commentId}" name="reason" maxlength="300" required placeholder="${t.snooze.reasonHint}">
      <button type="submit"${disabled} data-testid="card-snooze">${t.snooze.submit}</button>
    </form></section>` : ''}
</article>`;
}
