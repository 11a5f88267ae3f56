import type { Texts } from '../../domain/i18n.ts';
import type { ReminderMention, ReminderSubject, ReminderView, SummaryView } from '../../domain/reminder-view.ts';
import { type RichText, bold, cutRichTo, date, join, mention, plainText, rich, untrusted } from '../../domain/rich-text.ts';
import { excerptText, plainName } from '../../domain/untrusted-text.ts';
import {
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type SubmitAction,
  CARD_BYTES_MAX,
  CardTexts,
  actionSet,
  cardBytes,
  container,
  execute,
  openUrl,
  plainTitle,
  textBlock,
} from './adaptive-card.ts';
import { escapeTeamsText, safeTeamsUrl, teamsUntrustedText } from './markdown.ts';
import { PRIORITY_ICON } from './render-card.ts';
import { SNOOZE_TASK, TeamsVerb } from './verbs.ts';

/** Links to comments' cards, by comment id (the gateway knows where it posted them). */
export type CardLinks = ReadonlyMap<string, string>;

export interface TeamsReminderOptions {
  /** Links to the cards, for Open card. */
  links?: CardLinks;
  /** The zone the dates are shown in: the reader's for a direct message, the team's in a channel. */
  timeZone?: string;
}

/** Names, as on the card. */
const NAME_MAX = 80;
/** The comment's excerpt (the view's is about 120 characters; a view built elsewhere may not be). */
const EXCERPT_MAX = 300;
/** Due time and holder lines of one comment, as rendered. */
const LINES_MAX = 1000;
/** The fallback text (a notification preview). */
const FALLBACK_MAX = 500;

/** Who a reminder calls: a person with a Teams identity is mentioned, anyone else named. Teams bots cannot mention a channel or team, so a team call shows nothing. */
function mentionOf(m: ReminderMention | null): RichText {
  if (!m || m.kind !== 'person') return '';
  return rich`${mention(m.member.id, m.member.name)} `;
}

function excerptOf(s: ReminderSubject): string {
  return excerptText(s.excerpt, EXCERPT_MAX) || '—';
}

function subjectElements(s: ReminderSubject, texts: CardTexts): CardElement[] {
  const head = rich`${PRIORITY_ICON[s.priority]} ${bold(untrusted(plainName(s.author, NAME_MAX)))} · ${untrusted(plainName(s.sourceLabel, NAME_MAX))} · ${s.priorityLabel}`;
  const lines = cutRichTo(
    join(
      s.lines.map((l) => l.text(l.at ? [date(l.at)] : '')),
      ' ',
    ),
    LINES_MAX,
    texts.measure,
  );
  return [
    textBlock(texts.md(head)),
    container([textBlock(teamsUntrustedText(excerptOf(s)))], { style: 'emphasis', spacing: 'Small' }),
    textBlock(texts.md(lines), { isSubtle: true, size: 'Small', spacing: 'Small' }),
  ];
}

function claimButton(s: ReminderSubject, t: Texts): CardAction {
  return execute(TeamsVerb.claim, t.button.claim, { c: s.commentId }, { style: 'positive' });
}

/** Snooze… opens the snooze dialog: Teams sends a `task/fetch` invoke with this data. */
export function snoozeButton(commentId: string, t: Texts): SubmitAction {
  return { type: 'Action.Submit', title: plainTitle(t.snooze.button), data: { msteams: { type: 'task/fetch' }, desk: SNOOZE_TASK, c: commentId } };
}

function cardLink(s: ReminderSubject, t: Texts, links: CardLinks | undefined): CardAction[] {
  const url = safeTeamsUrl(links?.get(s.commentId));
  return url ? [openUrl(t.snooze.openCard, url)] : [];
}

/** A reminder: who is called and why, the comment, due time and holder, then Claim / Snooze… / Open card / Open original. */
export function renderTeamsReminder(view: ReminderView, options: TeamsReminderOptions = {}): AdaptiveCard {
  const t = view.texts;
  const s = view.subject;
  const person = view.mention?.kind === 'person' ? view.mention.member : undefined;
  const texts = new CardTexts({ locale: view.locale, timeZone: options.timeZone, members: (id) => (person && id === person.id ? person : undefined) });
  const actions: CardAction[] = [];
  if (s.canClaim) actions.push(claimButton(s, t));
  actions.push(snoozeButton(s.commentId, t));
  actions.push(...cardLink(s, t, options.links));
  const permalink = safeTeamsUrl(s.permalink);
  if (permalink) actions.push(openUrl(t.button.open, permalink));
  const body: CardElement[] = [textBlock(texts.md(rich`${mentionOf(view.mention)}${bold(view.title)}`)), ...subjectElements(s, texts), actionSet(actions)];
  const fallback = `${view.title}: ${plainName(s.author, NAME_MAX)} — ${excerptOf(s)}`.replace(/\s+/g, ' ');
  return texts.card(body, escapeTeamsText(excerptText(fallback, FALLBACK_MAX)));
}

function summaryCard(view: SummaryView, subjects: ReminderSubject[], more: number, options: TeamsReminderOptions): AdaptiveCard {
  const t = view.texts;
  const texts = new CardTexts({ locale: view.locale, timeZone: options.timeZone });
  const body: CardElement[] = [textBlock(texts.md(view.title))];
  for (const s of subjects) {
    const actions = [s.canClaim ? claimButton(s, t) : snoozeButton(s.commentId, t), ...cardLink(s, t, options.links)];
    body.push(container([...subjectElements(s, texts), actionSet(actions, { spacing: 'Small' })], { separator: true, spacing: 'Medium' }));
  }
  if (more) body.push(textBlock(texts.md(t.summaryMore(more)), { isSubtle: true, size: 'Small' }));
  return texts.card(body, escapeTeamsText(excerptText(plainText(view.title), FALLBACK_MAX)));
}

/** What piled up outside working hours, as one card: each comment with Claim (or Snooze…) and Open card; what does not fit is counted. */
export function renderTeamsSummary(view: SummaryView, options: TeamsReminderOptions = {}): AdaptiveCard {
  let shown = view.subjects.length;
  let card = summaryCard(view, view.subjects, view.more, options);
  while (shown > 0 && cardBytes(card) > CARD_BYTES_MAX) {
    shown--;
    card = summaryCard(view, view.subjects.slice(0, shown), view.more + view.subjects.length - shown, options);
  }
  return card;
}
