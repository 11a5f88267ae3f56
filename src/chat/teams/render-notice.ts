import { textsFor } from '../../domain/i18n.ts';
import type { Notice } from '../../domain/outbox-intent.ts';
import { type RichText, cutRichTo, link, text } from '../../domain/rich-text.ts';
import { type TeamsMessage, textMessage } from './adaptive-card.ts';
import { type TeamsTextOptions, renderTeamsText, safeTeamsUrl } from './markdown.ts';

/** A notice's words, as rendered: a short message (the Slack notice is one section of 3,000). */
export const NOTICE_TEXT_MAX = 3000;

/**
 * A notice from the core (`person.notify`, `person.ephemeral`) as a Teams message: Markdown text
 * with the mentions it contains, and the link to the original comment on its own line when there is
 * one Teams would open. What people wrote inside it (a commenter's name, an excerpt) is text.
 * `options.locale` words the link ("Open original"); `options.members` lets it mention people.
 */
export function renderTeamsNotice(notice: Notice, options: TeamsTextOptions = {}): TeamsMessage {
  const measure = (rt: RichText) => renderTeamsText(rt, { ...options, registry: undefined }).text.length;
  const words = cutRichTo(notice.text, NOTICE_TEXT_MAX, measure);
  const permalink = safeTeamsUrl(notice.permalink);
  const rich = permalink ? text(words, '\n', link(permalink, textsFor(options.locale ?? 'en').button.open)) : words;
  const rendered = renderTeamsText(rich, options);
  return textMessage(rendered.text, rendered.mentions);
}
