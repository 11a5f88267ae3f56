import type { CardActionId, CardView, RouteOption } from '../../domain/card-view.ts';
import type { Texts } from '../../domain/i18n.ts';
import { type RichText, bold, cutRichTo, date, italic, lines, rich, untrusted } from '../../domain/rich-text.ts';
import { cutText, excerptText, plainName } from '../../domain/untrusted-text.ts';
import {
  type AdaptiveCard,
  type AdaptiveCardAttachment,
  type CardAction,
  type CardElement,
  type Choice,
  CARD_BYTES_MAX,
  CardTexts,
  actionSet,
  adaptiveCardAttachment,
  cardBytes,
  container,
  execute,
  openUrl,
  textBlock,
} from './adaptive-card.ts';
import { escapeTeamsText, safeTeamsUrl, teamsUntrustedText } from './markdown.ts';
import { ROUTE_INPUT_ID, SAVED_REPLY_INPUT_ID, TeamsVerb } from './verbs.ts';
import { cardTriageLines } from '../card-triage.ts';

/** The comment on a card, before any byte budget: about what Slack shows, more than Instagram allows. */
export const COMMENT_UNITS_MAX = 4000;
/** The comment's share of the card, in bytes of JSON (hostile text can take 4 bytes a character). */
export const COMMENT_BYTES_MAX = 10_000;
/** Route choices: the ones that fit, at most this many. */
export const ROUTE_CHOICES_MAX = 100;
/** The route choices' share of the card, in bytes of JSON. */
export const ROUTE_CHOICES_BYTES_MAX = 8000;
/** Saved-reply choices: the ones that fit, at most this many. */
export const SAVED_CHOICES_MAX = 100;
/** The saved-reply choices' share of the card, in bytes of JSON. */
export const SAVED_CHOICES_BYTES_MAX = 4000;
/** A saved reply's title in its choice. */
const SAVED_TITLE_MAX = 75;
/** Choice titles: a team's or person's name after its group. */
const CHOICE_NAME_MAX = 60;
/** Choice values Teams sends back; longer ones (an id from a hand-edited configuration) are left out. */
const CHOICE_VALUE_MAX = 150;
/** Names in the header and the author line. */
const LABEL_MAX = 80;
/** State and service-level lines together, as rendered. */
const STATE_MAX = 2000;
/** The comment in the card's fallback text (a notification preview). */
const FALLBACK_EXCERPT_MAX = 200;

export const PRIORITY_ICON = { crisis: '🚨', high: '🔴', normal: '🟡', low: '⚪' } as const;
const STATUS_ICON = { open: '📥', claimed: '🙋', answered: '✅', dismissed: '🗑️', removed: '🚫' } as const;

export interface TeamsCardOptions {
  /** The zone the card's dates are shown in (the team's); Teams cards cannot show each reader's own. */
  timeZone?: string;
  /** Reply drafts are set up: active, open cards get a Draft reply button, and the saved-reply choice when the team has any. */
  drafts?: boolean;
}

const jsonBytes = (s: string) => Buffer.byteLength(JSON.stringify(s), 'utf8');

/**
 * The comment as TextBlock Markdown in at most `maxBytes` bytes of JSON: every line a paragraph,
 * everything inert. The longest cut that fits, found by bisection over UTF-16 units.
 */
function commentText(raw: string, maxBytes: number): { text: string; shortened: boolean } {
  const whole = raw.trim() || '—';
  const head = cutText(whole, COMMENT_UNITS_MAX);
  const render = (units: number) => teamsUntrustedText(cutText(head, units));
  if (jsonBytes(render(head.length)) <= maxBytes) return { text: render(head.length), shortened: head !== whole };
  let low = 1;
  let high = head.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(render(mid)) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return { text: render(low), shortened: true };
}

/** Teams first, then people, each titled with its group ("Teams: Legal"); within the count and byte budgets. */
function routeChoices(view: CardView, t: Texts): Choice[] {
  const groups: [string, RouteOption[]][] = [
    [t.routeGroupTeams, view.routeOptions.teams],
    [t.routeGroupPeople, view.routeOptions.people],
  ];
  const choices: Choice[] = [];
  let bytes = 0;
  for (const [group, options] of groups) {
    for (const o of options) {
      if (choices.length >= ROUTE_CHOICES_MAX) return choices;
      if (!o.value || o.value.length > CHOICE_VALUE_MAX) continue;
      // A choice title is plain text (no Markdown): a name on one line, without controls.
      const choice = { title: `${group}: ${plainName(o.label, CHOICE_NAME_MAX)}`, value: o.value };
      bytes += jsonBytes(choice.title) + jsonBytes(choice.value) + 24;
      if (bytes > ROUTE_CHOICES_BYTES_MAX) return choices;
      choices.push(choice);
    }
  }
  return choices;
}

/** The team's saved replies (titles from the configuration, as plain text), within the count and byte budgets. */
function savedReplyChoices(view: CardView): Choice[] {
  const choices: Choice[] = [];
  let bytes = 0;
  for (const r of view.savedReplies) {
    if (choices.length >= SAVED_CHOICES_MAX) break;
    if (!r.id || r.id.length > CHOICE_VALUE_MAX) continue;
    const choice = { title: plainName(r.title, SAVED_TITLE_MAX), value: r.id };
    bytes += jsonBytes(choice.title) + jsonBytes(choice.value) + 24;
    if (bytes > SAVED_CHOICES_BYTES_MAX) break;
    choices.push(choice);
  }
  return choices;
}

/**
 * AI triage under the header: the labels (or "not classified") and notes in small print, the warning
 * in its colour, the suggested team with a button that sends the route verb with that team already
 * chosen (the choice's own input id and value, and no inputs of its own: the card's route choice
 * cannot override it). Nothing when triage has not run. A few hundred bytes: the comment gives way.
 */
function triageElements(view: CardView, md: (rt: RichText) => string): CardElement[] {
  const triage = cardTriageLines(view);
  if (!triage) return [];
  const elements: CardElement[] = [textBlock(md(lines([triage.labels, ...triage.notes])), { isSubtle: true, size: 'Small', spacing: 'Small' })];
  if (triage.warning) elements.push(textBlock(md(triage.warning), { color: 'Warning', size: 'Small', spacing: 'None' }));
  if (triage.suggestion) {
    elements.push(textBlock(md(triage.suggestion), { size: 'Small', spacing: 'Small' }));
    if (triage.route && triage.route.value.length <= CHOICE_VALUE_MAX) {
      const data = { c: view.commentId, [ROUTE_INPUT_ID]: triage.route.value };
      elements.push(actionSet([execute(TeamsVerb.route, triage.route.label, data, { associatedInputs: 'none' })], { spacing: 'Small' }));
    }
  }
  return elements;
}

const VERB: Record<Exclude<CardActionId, 'route'>, string> = {
  claim: TeamsVerb.claim,
  release: TeamsVerb.release,
  answer: TeamsVerb.answer,
  dismiss: TeamsVerb.dismiss,
};

function build(view: CardView, options: TeamsCardOptions, commentBytes: number, withChoices: boolean): AdaptiveCard {
  const t = view.texts;
  const texts = new CardTexts({ locale: view.locale, timeZone: options.timeZone });
  const md = (rt: RichText) => texts.md(rt);
  const body: CardElement[] = [];

  if (view.isDrill) body.push(textBlock(md(rich`🧪 ${bold(t.drill)}`), { color: 'Warning' }));
  if (view.inCrisis) body.push(textBlock(md(rich`🚨 ${bold(t.inCrisis)}`), { color: 'Attention' }));
  const header = rich`${STATUS_ICON[view.status]} ${bold(view.statusLabel)}  ·  ${bold(untrusted(plainName(view.sourceLabel, LABEL_MAX)))}  ·  ${PRIORITY_ICON[view.priority]} ${view.priorityLabel}  ·  ${untrusted(plainName(view.teamName, LABEL_MAX))}`;
  body.push(textBlock(md(header)));
  body.push(...triageElements(view, md));

  const author = rich`${bold(untrusted(plainName(view.author, LABEL_MAX)))}${view.edited ? rich` ${italic(`(${t.edited})`)}` : ''}`;
  const comment = commentText(view.text, commentBytes);
  const quoted: CardElement[] = [textBlock(md(author)), textBlock(comment.text, { spacing: 'Small' })];
  if (comment.shortened) quoted.push(textBlock(md([italic(t.truncated.trim())]), { isSubtle: true, size: 'Small', spacing: 'Small' }));
  body.push(container(quoted, { style: 'emphasis' }));
  body.push(textBlock(md(rich`${t.written} ${date(view.createdAt)}  ·  ${t.received} ${date(view.receivedAt, 'ago')}`), { isSubtle: true, size: 'Small', spacing: 'Small' }));

  const stateLines = (items: CardView['state']) => cutRichTo(lines(items.map((s) => s.text(s.at ? [date(s.at)] : ''))), STATE_MAX, texts.measure);
  if (view.state.length) body.push(textBlock(md(stateLines(view.state))));
  if (view.serviceLevel.length) body.push(textBlock(md(stateLines(view.serviceLevel)), { isSubtle: true, size: 'Small' }));

  const data = { c: view.commentId };
  const buttons: CardAction[] = [];
  let route: CardElement[] = [];
  for (const action of view.actions) {
    if (action === 'route') {
      const choices = withChoices ? routeChoices(view, t) : [];
      if (!choices.length) continue;
      route = [
        { type: 'Input.ChoiceSet', id: ROUTE_INPUT_ID, choices, style: 'filtered', placeholder: t.button.route },
        actionSet([execute(TeamsVerb.route, t.button.route, data)], { spacing: 'Small' }),
      ];
      continue;
    }
    // Only Route reads the choice: the other buttons send none (and never wait for one).
    buttons.push(execute(VERB[action], t.button[action], data, { associatedInputs: 'none', ...(action === 'claim' ? { style: 'positive' as const } : {}) }));
  }
  // Cards offer actions only while active and open; a draft is for those too. Five buttons show in one row.
  if (options.drafts && view.actions.length) buttons.push(execute(TeamsVerb.draft, t.button.draft, data, { associatedInputs: 'none' }));
  // A link Teams would not open (not http(s), too long) leaves the button out rather than the card.
  const permalink = safeTeamsUrl(view.permalink);
  if (permalink) buttons.push(openUrl(t.button.open, permalink));
  if (buttons.length) body.push(actionSet(buttons));
  body.push(...route);
  // A saved reply is a draft too: only where the Draft reply button is.
  const saved = withChoices && options.drafts && view.actions.length ? savedReplyChoices(view) : [];
  if (saved.length) {
    body.push(
      { type: 'Input.ChoiceSet', id: SAVED_REPLY_INPUT_ID, choices: saved, style: 'compact', placeholder: t.draft.savedReplyPlaceholder },
      actionSet([execute(TeamsVerb.saved, t.draft.useSavedReply, data)], { spacing: 'Small' }),
    );
  }

  const fallback = `${view.statusLabel} · ${plainName(view.sourceLabel, LABEL_MAX)} · ${plainName(view.author, LABEL_MAX)}: ${excerptText(view.text, FALLBACK_EXCERPT_MAX) || '—'}`;
  return texts.card(body, escapeTeamsText(fallback));
}

/**
 * A comment's card as an Adaptive Card: markers (drill, crisis), header (status, source, priority,
 * team), author and comment (a stranger's words, shown as text), when it was written and received,
 * its state and response-time lines, the buttons (`Action.Execute` with the desk's verbs and
 * `{ c: commentId }`), Open original, the route choice with its button, and the saved-reply choice
 * with its button. Always under `CARD_BYTES_MAX`: the comment gives way first, then the choices.
 */
export function renderTeamsCard(view: CardView, options: TeamsCardOptions = {}): AdaptiveCard {
  let budget = COMMENT_BYTES_MAX;
  let card = build(view, options, budget, true);
  for (let attempt = 0; attempt < 4 && cardBytes(card) > CARD_BYTES_MAX; attempt++) {
    budget = Math.max(500, budget - (cardBytes(card) - CARD_BYTES_MAX) - 500);
    card = build(view, options, budget, attempt < 2);
  }
  return card;
}

/** A card as a message attachment. */
export function renderTeamsCardAttachment(card: AdaptiveCard): AdaptiveCardAttachment {
  return adaptiveCardAttachment(card);
}
