import { mentionableSlackUserIdOf } from './slack-identity.ts';
import type { ReminderMention, ReminderSubject, ReminderView, SummaryView } from '../../domain/reminder-view.ts';
import type { Texts } from '../../domain/i18n.ts';
import { excerptText, plainName } from '../../domain/untrusted-text.ts';
import { ReminderActionId, SlackActionId } from './action-ids.ts';
import { FALLBACK_MAX, SECTION_TEXT_MAX, cut, escapeMrkdwn, mrkdwnName, mrkdwnText, safeUrl } from './block-kit.ts';
import { PRIORITY_ICON, type SlackBlock, type SlackMessage } from './render-card.ts';
import { mrkdwn } from './mrkdwn.ts';
import { date, plainText } from '../../domain/rich-text.ts';

/** Links to cards, by comment id (the gateway asks Slack for them). */
export type CardLinks = Map<string, string>;

/** Commenters' and members' names, as on the card. */
const NAME_MAX = 80;
/** The comment's excerpt in a reminder (the view's excerpt is already about this long; a view built elsewhere may not be). */
const EXCERPT_MAX = 300;

function mentionText(mention: ReminderMention | null): string {
  if (!mention) return '';
  if (mention.kind === 'person') {
    const id = mentionableSlackUserIdOf(mention.member);
    return id ? `<@${id}> ` : `*${mrkdwnName(mention.member.name, NAME_MAX)}* `;
  }
  if (mention.value === 'here' || mention.value === 'channel') return `<!${mention.value}> `;
  return /^[A-Z0-9]+$/i.test(mention.value) ? `<!subteam^${mention.value}> ` : '';
}

/** The comment's excerpt on one line, controls visible, shortened without splitting a character. */
function excerptOf(s: ReminderSubject): string {
  return excerptText(s.excerpt, EXCERPT_MAX) || '—';
}

function subjectText(s: ReminderSubject): string {
  return `${PRIORITY_ICON[s.priority]} *${mrkdwnName(s.author, NAME_MAX)}* · ${mrkdwnName(s.sourceLabel, NAME_MAX)} · ${s.priorityLabel}\n> ${mrkdwnText(excerptOf(s))}`;
}

function linesText(s: ReminderSubject): string {
  return s.lines.map((l) => mrkdwn(l.text(l.at ? [date(l.at)] : ''))).join(' ');
}

function claimButton(s: ReminderSubject, t: Texts): SlackBlock {
  return { type: 'button', action_id: SlackActionId.claim, style: 'primary', text: { type: 'plain_text', text: t.button.claim, emoji: true }, value: JSON.stringify({ c: s.commentId, v: s.version }) };
}

function snoozeButton(s: ReminderSubject, t: Texts): SlackBlock {
  return { type: 'button', action_id: ReminderActionId.snooze, text: { type: 'plain_text', text: t.snooze.button, emoji: true }, value: JSON.stringify({ c: s.commentId }) };
}

function section(text: string, accessory?: SlackBlock): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text, SECTION_TEXT_MAX) }, ...(accessory ? { accessory } : {}) };
}

/** A reminder: who is called and why, the comment, due time and holder, then Claim / Snooze… / Open card. */
export function renderReminder(view: ReminderView, links: CardLinks): SlackMessage {
  const t = view.texts;
  const s = view.subject;
  const elements: SlackBlock[] = [];
  if (s.canClaim) elements.push(claimButton(s, t));
  elements.push(snoozeButton(s, t));
  // Links Slack would refuse (too long, not http(s)) leave their button out, not the reminder.
  const cardUrl = safeUrl(links.get(s.commentId));
  if (cardUrl) elements.push({ type: 'button', action_id: ReminderActionId.openCard, text: { type: 'plain_text', text: t.snooze.openCard, emoji: true }, url: cardUrl });
  const permalink = safeUrl(s.permalink);
  if (permalink) elements.push({ type: 'button', action_id: SlackActionId.openOriginal, text: { type: 'plain_text', text: t.button.open, emoji: true }, url: permalink });
  const headline = `${mentionText(view.mention)}*${escapeMrkdwn(view.title)}*`;
  const fallback = `${view.title}: ${plainName(s.author, NAME_MAX)} — ${excerptOf(s)}`.replace(/\s+/g, ' ');
  return {
    text: cut(`${mentionText(view.mention)}${escapeMrkdwn(fallback)}`, FALLBACK_MAX),
    blocks: [
      section(headline),
      section(subjectText(s)),
      { type: 'context', elements: [{ type: 'mrkdwn', text: cut(linesText(s), SECTION_TEXT_MAX) }] },
      { type: 'actions', elements },
    ],
  };
}

/** One message for what piled up outside working hours: a line per comment with Claim (or Snooze…) beside it. */
export function renderSummary(view: SummaryView, links: CardLinks): SlackMessage {
  const t = view.texts;
  const blocks: SlackBlock[] = [section(mrkdwn(view.title))];
  for (const s of view.subjects) {
    const cardUrl = safeUrl(links.get(s.commentId));
    const link = cardUrl ? `  <${cardUrl}|${t.snooze.openCard}>` : '';
    blocks.push(section(`${subjectText(s)}\n${linesText(s)}${link}`, s.canClaim ? claimButton(s, t) : snoozeButton(s, t)));
  }
  if (view.more) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(t.summaryMore(view.more)) }] });
  return { text: cut(escapeMrkdwn(plainText(view.title).replace(/\s+/g, ' ')), FALLBACK_MAX), blocks };
}
