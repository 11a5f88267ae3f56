import type { CardView } from '../../domain/card-view.ts';
import type { CommandAnswer } from '../../domain/command-view.ts';
import type { Directory } from '../../domain/directory.ts';
import { type RichText, date } from '../../domain/rich-text.ts';
import type { SnoozeDialogView } from '../../use-cases/prepare-snooze.ts';
import type { ChatTarget } from '../port.ts';
import { type AdaptiveCard, cardMessage, container, textBlock } from './adaptive-card.ts';
import { renderTeamsText } from './markdown.ts';
import { renderTeamsCard } from './render-card.ts';
import { renderTeamsCommandAnswer } from './render-command.ts';
import { renderTeamsCrisisMessage } from './render-crisis.ts';
import { renderTeamsDigest } from './render-digest.ts';
import { renderTeamsNotice } from './render-notice.ts';
import { renderTeamsReminder, renderTeamsSummary } from './render-reminder.ts';
import { type TaskModuleResponse, renderTeamsSnoozeDialog, renderTeamsSnoozeMessage } from './render-snooze-dialog.ts';
import type { TeamsRenderers } from './teams-gateway.ts';
import { MSTEAMS } from './teams-identity.ts';

/**
 * The renderers with what they need from the desk: the zone dates are shown in (the team's for a
 * channel, the person's for a 1:1 chat), who can be mentioned, and channel names for channel tokens.
 */
export function teamsRenderers(directory: Directory, options: { drafts?: boolean } = {}): TeamsRenderers {
  const zoneOf = (to: ChatTarget) =>
    to.kind === 'person' ? to.member.timeZone : (directory.teamByChannel(MSTEAMS, to.channel)?.timeZone ?? directory.team(directory.defaults.teamId)?.timeZone ?? 'UTC');
  const members = (id: string) => directory.member(id);
  const channelName = (channel: string) => directory.teamByChannel(MSTEAMS, channel)?.name;
  // A reminder's "Open card": a deep link to the card's message in its channel.
  const linksOf = (subjects: { commentId: string; card: { channel: string; messageId: string } | null }[]) =>
    new Map(subjects.flatMap((s) => (s.card ? [[s.commentId, teamsMessageLink(s.card.channel, s.card.messageId)] as const] : [])));
  return {
    card: (view, to) => cardMessage(renderTeamsCard(view, { timeZone: zoneOf(to), drafts: options.drafts })),
    reminder: (view, to) => cardMessage(renderTeamsReminder(view, { timeZone: zoneOf(to), links: linksOf([view.subject]) })),
    summary: (view, to) => cardMessage(renderTeamsSummary(view, { timeZone: zoneOf(to), links: linksOf(view.subjects) })),
    notice: (notice, to) => renderTeamsNotice(notice, { members, timeZone: zoneOf(to), channelName }),
    crisis: (view, to) => cardMessage(renderTeamsCrisisMessage(view, { timeZone: zoneOf(to), channelName })),
    digest: (view, chart) => cardMessage(renderTeamsDigest(view, chart, { post: null })),
  };
}

/** A link that opens a channel message in Teams. */
export function teamsMessageLink(channel: string, messageId: string): string {
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${encodeURIComponent(messageId)}`;
}

/**
 * The `adaptiveCard/action` invoke response: the card as it is now, shown at once to the person who
 * clicked (everyone else's copy follows through the outbox); a refusal stands on top of it, so the
 * clicker reads why even where targeted messages are not available.
 */
export function cardActionResponse(view: (CardView & { clickedOnCard?: boolean }) | null, refusal: RichText | null, timeZone = 'UTC', options: { drafts?: boolean } = {}) {
  if (!view) {
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: refusal ? renderTeamsText(refusal).text : '—' };
  }
  if (view.clickedOnCard === false) {
    // A click on a reminder: the reminder stays; the clicker reads what happened (the card's state line, or why not).
    const line = view.state[0];
    const what = refusal ?? (line ? line.text(line.at ? [date(line.at)] : '') : view.statusLabel);
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: renderTeamsText(what, { timeZone, locale: view.locale }).text };
  }
  const card: AdaptiveCard = renderTeamsCard(view, { timeZone, drafts: options.drafts });
  if (refusal) card.body = [container([textBlock(renderTeamsText(refusal, { timeZone }).text, { wrap: true, weight: 'Bolder' })], { style: 'attention' }), ...card.body];
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}

/** A command's answer for the person who asked. */
export function commandMessage(answer: CommandAnswer, timeZone?: string) {
  return renderTeamsCommandAnswer(answer, { timeZone });
}

/** The snooze dialog (a `task/fetch` answer). */
export function snoozeTaskResponse(view: SnoozeDialogView): TaskModuleResponse {
  return renderTeamsSnoozeDialog(view);
}

/** A refused or outdated snooze (a `task/submit` answer). */
export function snoozeTaskError(message: string): TaskModuleResponse {
  return renderTeamsSnoozeMessage(message);
}
