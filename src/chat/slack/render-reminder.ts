import type { ReminderMention, ReminderSubject, ReminderView, SummaryView } from '../../domain/reminder-view.ts';
import type { Texts } from '../../domain/i18n.ts';
import { ReminderActionId, SlackActionId } from './action-ids.ts';
import { PRIORITY_ICON, type SlackBlock, type SlackMessage, escapeMrkdwn, slackDate } from './render-card.ts';

/** Links to cards, by comment id (the gateway asks Slack for them). */
export type CardLinks = Map<string, string>;

function mentionText(mention: ReminderMention | null): string {
  if (!mention) return '';
  if (mention.kind === 'person') return mention.member.slackUserId ? `<@${mention.member.slackUserId}> ` : `*${escapeMrkdwn(mention.member.name)}* `;
  if (mention.value === 'here' || mention.value === 'channel') return `<!${mention.value}> `;
  return `<!subteam^${mention.value}> `;
}

function subjectText(s: ReminderSubject): string {
  return `${PRIORITY_ICON[s.priority]} *${escapeMrkdwn(s.author)}* · ${escapeMrkdwn(s.sourceLabel)} · ${s.priorityLabel}\n> ${escapeMrkdwn(s.excerpt)}`;
}

function linesText(s: ReminderSubject): string {
  return s.lines.map((l) => l.text(l.at ? slackDate(l.at) : '')).join(' ');
}

function claimButton(s: ReminderSubject, t: Texts): SlackBlock {
  return { type: 'button', action_id: SlackActionId.claim, style: 'primary', text: { type: 'plain_text', text: t.button.claim, emoji: true }, value: JSON.stringify({ c: s.commentId, v: s.version }) };
}

function snoozeButton(s: ReminderSubject, t: Texts): SlackBlock {
  return { type: 'button', action_id: ReminderActionId.snooze, text: { type: 'plain_text', text: t.snooze.button, emoji: true }, value: JSON.stringify({ c: s.commentId }) };
}

/** A reminder: who is called and why, the comment, due time and holder, then Claim / Snooze… / Open card. */
export function renderReminder(view: ReminderView, links: CardLinks): SlackMessage {
  const t = view.texts;
  const s = view.subject;
  const elements: SlackBlock[] = [];
  if (s.canClaim) elements.push(claimButton(s, t));
  elements.push(snoozeButton(s, t));
  const cardUrl = links.get(s.commentId);
  if (cardUrl) elements.push({ type: 'button', action_id: ReminderActionId.openCard, text: { type: 'plain_text', text: t.snooze.openCard, emoji: true }, url: cardUrl });
  if (s.permalink) elements.push({ type: 'button', action_id: SlackActionId.openOriginal, text: { type: 'plain_text', text: t.button.open, emoji: true }, url: s.permalink });
  const headline = `${mentionText(view.mention)}*${escapeMrkdwn(view.title)}*`;
  return {
    text: `${mentionText(view.mention)}${escapeMrkdwn(`${view.title}: ${s.author} — ${s.excerpt}`)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline } },
      { type: 'section', text: { type: 'mrkdwn', text: subjectText(s) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: linesText(s) }] },
      { type: 'actions', elements },
    ],
  };
}

/** One message for what piled up outside working hours: a line per comment with Claim (or Snooze…) beside it. */
export function renderSummary(view: SummaryView, links: CardLinks): SlackMessage {
  const t = view.texts;
  const blocks: SlackBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: view.title } }];
  for (const s of view.subjects) {
    const cardUrl = links.get(s.commentId);
    const link = cardUrl ? `  <${cardUrl}|${t.snooze.openCard}>` : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${subjectText(s)}\n${linesText(s)}${link}`.slice(0, 3000) },
      accessory: s.canClaim ? claimButton(s, t) : snoozeButton(s, t),
    });
  }
  if (view.more) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t.summaryMore(view.more) }] });
  return { text: escapeMrkdwn(view.title.replace(/\*/g, '')), blocks };
}
