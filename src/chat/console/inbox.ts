import type { CardRecord, CommentRecord } from '../../domain/comment.ts';
import { buildCardView } from '../../domain/card-view.ts';
import type { InboxReads } from '../../domain/inbox-reads.ts';
import type { MemberInfo, TeamInfo } from '../../domain/directory.ts';
import { plainText } from '../../domain/rich-text.ts';
import { NAME_MAX, plainName } from '../../domain/untrusted-text.ts';
import { type CardButton, pressCardButton } from '../../use-cases/press-card-button.ts';
import { SNOOZE_CHOICES, type SnoozeChoice, snoozeReminders } from '../../use-cases/snooze-reminders.ts';
import { textsFor } from '../../domain/i18n.ts';
import { formatInstant } from '../format-date.ts';
import { type ConsoleRequest, type ConsoleSection, answerAction, ensureConsoleIdentity, sendPage } from './create-console.ts';
import type { ConsoleUseCaseDeps } from './console-deps.ts';
import { CONSOLE } from './console-identity.ts';
import type { ConsoleLive } from './console-live.ts';
import { sendBody } from './layout.ts';
import { type Html, html } from './html.ts';
import { cardPath, renderConsoleCard } from './render-card.ts';
import { renderConsoleDraft } from './render-draft.ts';
import type { ConsoleSession } from './console-auth.ts';
import { draftReply } from '../../use-cases/draft-reply.ts';

export interface InboxDeps {
  deps: ConsoleUseCaseDeps;
  reads: InboxReads;
  live: ConsoleLive;
}

/** Per column: open and claimed work shown (most urgent first), and how far back closed ones are listed. */
const COLUMN_LIMIT = 100;
const CLOSED_WINDOW_MS = 24 * 60 * 60 * 1000;
const CLOSED_SHOWN = 20;
const IDS_MAX = 200;

/** The card of a comment in the console: the comment's current team is the column it stands in. */
function consoleCard(comment: CommentRecord): CardRecord {
  return { id: `console:${comment.id}`, commentId: comment.id, platform: CONSOLE, channel: comment.teamId, teamId: comment.teamId, messageId: null, active: true };
}

/**
 * The inbox: one column per team with its open and claimed comments as cards (the same CardView the
 * chat cards come from, in the reader's language), the day's closed ones below, the same actions as in
 * chat (claim, release, answered, dismiss, route, snooze), kept live for every open page.
 */
export function inboxSection({ deps, reads, live }: InboxDeps): ConsoleSection {
  const { directory, clock } = deps;
  const drafts = new WeakMap<ConsoleSession, Map<string, Html>>();

  const cardHtml = (c: ConsoleRequest, comment: CommentRecord, detail = false): Html =>
    renderConsoleCard(buildCardView(comment, consoleCard(comment), directory, clock.now(), c.locale), {
      timeZone: c.timeZone,
      csrf: c.session.csrf,
      canAct: c.member !== undefined,
      returnTo: detail ? cardPath(comment.id) : '/',
      detail,
      draftLabel: deps.draft ? c.t.draft.open : undefined,
    });

  const actor = (c: ConsoleRequest): MemberInfo | null => {
    if (!c.member) return null;
    ensureConsoleIdentity(directory, c.member);
    return c.member;
  };

  /** The card as it is now, for the clicker's page at once (others hear it through the live stream). */
  const cardNow = async (c: ConsoleRequest, commentId: string) => {
    // A plain form post is answered with a redirect: the page it lands on shows the card.
    if (!c.wantsJson) return null;
    const [found] = await reads.commentsWithCards([commentId]);
    const detail = c.form.get('return')?.startsWith('/card') === true;
    return found ? { id: found.comment.id, teamId: found.comment.teamId, html: cardHtml(c, found.comment, detail).value, open: !isClosedStatus(found.comment.status) } : null;
  };

  const column = async (c: ConsoleRequest, team: TeamInfo): Promise<Html> => {
    const rows = await reads.teamInbox(team.id, { closedSince: new Date(clock.now().getTime() - CLOSED_WINDOW_MS), limit: COLUMN_LIMIT });
    const active = rows.filter((r) => !isClosedStatus(r.comment.status));
    const closed = rows.filter((r) => isClosedStatus(r.comment.status)).slice(0, CLOSED_SHOWN);
    const claimed = active.filter((r) => r.comment.status === 'claimed').length;
    const name = plainName(team.name, NAME_MAX);
    const channels = (team.channels ?? []).map((ch) => ch.platform);
    return html`<section class="column" aria-labelledby="team-${team.id}" data-team-id="${team.id}" data-testid="team-column">
      <h2 id="team-${team.id}">${name}</h2>
      <p class="counts"><span data-testid="count-open">${String(active.length - claimed)}</span> ${c.t.inbox.open} · <span data-testid="count-claimed">${String(claimed)}</span> ${c.t.inbox.claimed}${channels.length ? html` · <span class="channels">${c.t.inbox.channels}: ${channels.map(platformLabel).join(', ')}</span>` : ''}</p>
      <div class="cards" data-list="active">${active.map((r) => cardHtml(c, r.comment))}</div>
      <p class="empty" data-empty${active.length ? html` hidden` : ''}>${c.t.inbox.empty}</p>
      <details class="closed"${closed.length ? '' : html` hidden`} data-closed><summary>${c.t.inbox.recentlyClosed}</summary><div class="cards" data-list="closed">${closed.map((r) => cardHtml(c, r.comment))}</div></details>
    </section>`;
  };

  const memberPicker = (c: ConsoleRequest, returnTo = '/'): Html => {
    const members = directory
      .allMembers()
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name));
    return html`<section class="panel pick" data-testid="member-picker">
      <h2>${c.t.pickMember}</h2>
      <p>${c.t.pickMemberHelp}</p>
      <form method="post" action="/console/me"><input type="hidden" name="csrf" value="${c.session.csrf}"><input type="hidden" name="return" value="${returnTo}">
        <label for="member-select" class="sr-only">${c.t.pickMember}</label>
        <select id="member-select" name="member" required data-testid="member-select">${members.map((m) => html`<option value="${m.id}">${plainName(m.name, NAME_MAX)}${m.roles.length ? ` (${m.roles.join(', ')})` : ''}</option>`)}</select>
        <button type="submit" class="primary" data-testid="member-pick">${c.t.pickButton}</button>
      </form></section>`;
  };

  /** The reply draft on the card's page: only this browser's session sees it. */
  const draftPanel = (c: ConsoleRequest, comment: CommentRecord): Html => {
    const commentId = comment.id;
    const last = drafts.get(c.session)?.get(commentId);
    const saved = buildCardView(comment, consoleCard(comment), directory, clock.now(), c.locale).savedReplies;
    const hidden = html`<input type="hidden" name="csrf" value="${c.session.csrf}"><input type="hidden" name="commentId" value="${commentId}"><input type="hidden" name="return" value="${cardPath(commentId)}#draft">`;
    return html`<section class="panel draft" id="draft" aria-labelledby="draft-title" data-testid="draft-panel">
      <h2 id="draft-title">${c.t.draft.heading}</h2>
      <div class="draft-forms">
      <form method="post" action="/console/draft" data-act data-answer="draft-answer">${hidden}
        <button type="submit" class="primary" data-testid="draft-button"${c.member ? '' : html` disabled`}>${last ? c.t.draft.again : c.t.draft.button}</button></form>
      ${saved.length ? html`<form method="post" action="/console/draft" data-act data-answer="draft-answer" class="saved-reply">${hidden}
        <label for="saved-${commentId}">${c.t.draft.savedLabel}</label>
        <select id="saved-${commentId}" name="savedReplyId" data-testid="saved-reply-select">${saved.map((r) => html`<option value="${r.id}">${r.title}</option>`)}</select>
        <button type="submit" data-testid="saved-reply-use"${c.member ? '' : html` disabled`}>${c.t.draft.useSaved}</button></form>` : ''}
      </div>
      <div id="draft-answer" aria-live="polite"><h3 class="sr-only">${c.t.draft.heading}</h3>${last ?? html`<p class="hint">${c.t.draft.empty}</p>`}</div>
    </section>`;
  };

  const draft = async (c: ConsoleRequest) => {
    const member = actor(c);
    if (!member) return answerAction(c, { ok: false, status: 403, message: c.t.card.needMember });
    const commentId = c.form.get('commentId') ?? '';
    if (!deps.draft) return answerAction(c, { ok: false, status: 404, message: c.t.notFound });
    const savedReplyId = c.form.get('savedReplyId') ?? undefined;
    const result = await draftReply({ commentId, platform: CONSOLE, platformUserId: member.id, locale: c.locale, ...(savedReplyId ? { savedReplyId } : {}) }, deps.draft);
    if (!result.ok) return answerAction(c, { ok: false, status: 409, message: plainText(result.message) });
    const view = renderConsoleDraft(result.draft, c.t);
    const mine = drafts.get(c.session) ?? new Map<string, Html>();
    mine.set(commentId, view);
    // A few recent drafts per browser are enough; the draft itself is stored with the comment.
    if (mine.size > 20) mine.delete(mine.keys().next().value as string);
    drafts.set(c.session, mine);
    answerAction(c, { ok: true, message: c.t.draft.ready, extra: { html: view.value } });
  };

  const act = async (c: ConsoleRequest) => {
    const member = actor(c);
    if (!member) return answerAction(c, { ok: false, status: 403, message: c.t.card.needMember });
    const commentId = c.form.get('commentId') ?? '';
    const button = parseButton(c.form.get('action'), c.form.get('target'));
    if (!button) return answerAction(c, { ok: false, status: 400, message: `${c.t.card.routeTo}: ?` });
    const result = await pressCardButton({ commentId, platform: CONSOLE, platformUserId: member.id, requestId: c.requestId, button, locale: c.locale }, deps);
    live.wake();
    const card = result.ok ? await cardNow(c, commentId) : null;
    const message = result.ok ? c.t.card.done : plainText(result.notice.text);
    answerAction(c, { ok: result.ok, status: result.ok ? 200 : 409, message, extra: { card, code: result.ok ? result.event : result.code } });
  };

  const snooze = async (c: ConsoleRequest) => {
    const member = actor(c);
    if (!member) return answerAction(c, { ok: false, status: 403, message: c.t.card.needMember });
    const choice = c.form.get('choice') ?? '';
    if (!(SNOOZE_CHOICES as readonly string[]).includes(choice)) return answerAction(c, { ok: false, status: 400, message: textsFor(c.locale).snooze.durationLabel });
    const commentId = c.form.get('commentId') ?? '';
    const result = await snoozeReminders({ commentId, platform: CONSOLE, platformUserId: member.id, choice: choice as SnoozeChoice, reason: c.form.get('reason') ?? '', locale: c.locale }, deps);
    live.wake();
    if (!result.ok) return answerAction(c, { ok: false, status: 409, message: result.message });
    answerAction(c, { ok: true, message: `${c.t.card.snoozedUntil} ${formatInstant(result.until, 'datetime', c.locale, c.timeZone)}`, extra: { card: await cardNow(c, commentId) } });
  };

  return {
    routes: {
      'GET /': async (c) => {
        const teams = directory.allTeams();
        const columns = await Promise.all(teams.map((team) => column(c, team)));
        const anyCards = columns.some((col) => col.value.includes('data-testid="card"'));
        const body = html`${c.member ? '' : memberPicker(c)}
          <h1 class="sr-only">${c.t.inbox.heading}</h1>
          ${teams.length ? '' : html`<p class="empty">${c.t.inbox.noTeams}</p>`}
          ${anyCards ? '' : html`<p class="hint" data-testid="inbox-empty">${c.t.inbox.emptyTryIt} <a href="/try">${c.t.nav.tryIt}</a></p>`}
          <div class="board" data-testid="inbox">${columns}</div>`;
        sendPage(c, { title: c.t.inbox.heading, nav: 'inbox', body, live: true });
      },
      'GET /card': async (c) => {
        const id = c.url.searchParams.get('id') ?? '';
        const [found] = await reads.commentsWithCards([id]);
        if (!found) {
          sendPage(c, { title: c.t.notFound, nav: 'inbox', status: 404, body: html`<section class="panel"><p data-testid="refusal">${textsFor(c.locale).unknownComment}</p><p><a href="/">${c.t.card.back}</a></p></section>` });
          return;
        }
        const team = directory.team(found.comment.teamId);
        const body = html`${c.member ? '' : memberPicker(c, cardPath(id))}
          <p><a href="/" data-testid="back-to-inbox">← ${c.t.card.back}</a></p>
          <h1>${team ? plainName(team.name, NAME_MAX) : found.comment.teamId}</h1>
          <div class="card-page" data-testid="card-page">${cardHtml(c, found.comment, true)}</div>
          ${isClosedStatus(found.comment.status) || !deps.draft ? '' : draftPanel(c, found.comment)}`;
        sendPage(c, { title: `${plainName(found.comment.authorName, NAME_MAX)} · ${c.t.inbox.heading}`, nav: 'inbox', body, live: true });
      },
      'GET /console/cards': async (c) => {
        const ids = (c.url.searchParams.get('ids') ?? '').split(',').filter(Boolean).slice(0, IDS_MAX);
        const found = await reads.commentsWithCards(ids);
        const detail = c.url.searchParams.get('detail') === '1';
        const cards = found.map(({ comment }) => ({ id: comment.id, teamId: comment.teamId, open: !isClosedStatus(comment.status), html: cardHtml(c, comment, detail).value }));
        sendBody(c.req, c.res, 200, JSON.stringify({ cards }), 'application/json; charset=utf-8');
      },
      'GET /console/events': (c) => live.subscribe(c.res),
      'POST /console/act': act,
      'POST /console/snooze': snooze,
      'POST /console/draft': draft,
    },
    stop: () => live.stop(),
  };
}

function isClosedStatus(status: CommentRecord['status']): boolean {
  return status !== 'open' && status !== 'claimed';
}

function parseButton(action: string | null, target: string | null): CardButton | null {
  if (action === 'claim' || action === 'release' || action === 'answer' || action === 'dismiss') return { action };
  if (action !== 'route' || !target) return null;
  const [kind, ...rest] = target.split(':');
  const id = rest.join(':');
  if (!id) return null;
  if (kind === 'team') return { action: 'route', target: { kind: 'team', teamId: id } };
  if (kind === 'member') return { action: 'route', target: { kind: 'person', memberId: id } };
  return null;
}

const PLATFORM_LABELS: Record<string, string> = { slack: 'Slack', msteams: 'Microsoft Teams' };
function platformLabel(platform: string): string {
  return PLATFORM_LABELS[platform] ?? platform;
}
