import type { Locale } from '../../domain/directory.ts';
import { type Inline, type RichText, inlines } from '../../domain/rich-text.ts';
import { NAME_MAX, plainName } from '../../domain/untrusted-text.ts';
import { formatInstant } from '../format-date.ts';
import { type Html, html, joinHtml } from './html.ts';

export interface ConsoleTextOptions {
  /** The reader's language and zone, for dates (formatted on the server: the page needs no script for them). */
  locale: Locale;
  timeZone: string;
  /** Channel names by platform id, where a token carries only the id. */
  channelName?: (channelId: string) => string | undefined;
}

/** Only web links become links; anything else (javascript:, data:, relative paths) stays its label. */
export function safeLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function lines(text: string): Html {
  const parts = text.split('\n');
  return joinHtml(parts.map((p, i) => (i === 0 ? html`${p}` : html`<br>${p}`)));
}

function inline(i: Inline, o: ConsoleTextOptions): Html {
  if (typeof i === 'string') return lines(i);
  if ('bold' in i) return html`<strong>${renderConsoleText(i.bold, o)}</strong>`;
  if ('italic' in i) return html`<em>${renderConsoleText(i.italic, o)}</em>`;
  if ('code' in i) return html`<code>${i.code}</code>`;
  if ('mention' in i) return html`<span class="mention">@${plainName(i.mention.name, NAME_MAX)}</span>`;
  if ('channel' in i) return html`<span class="channel">#${plainName(i.channel.name ?? o.channelName?.(i.channel.channel) ?? i.channel.channel, NAME_MAX)}</span>`;
  if ('date' in i) {
    const at = new Date(i.date.at);
    if (Number.isNaN(at.getTime())) return html`${i.date.at}`;
    return html`<time datetime="${at.toISOString()}">${formatInstant(at, i.date.style, o.locale, o.timeZone)}</time>`;
  }
  if ('link' in i) {
    const label = renderConsoleText(i.link.label, o);
    const url = safeLink(i.link.url);
    if (!url) return label;
    return html`<a href="${url}" rel="noopener noreferrer nofollow" target="_blank">${label.value.trim() ? label : url}</a>`;
  }
  // A token this version does not know shows nothing.
  return typeof i.untrusted === 'string' ? html`<span class="untrusted">${lines(i.untrusted)}</span>` : html``;
}

/** RichText as HTML: our words with their emphasis, strangers' words always as text, line breaks kept. */
export function renderConsoleText(rt: RichText, options: ConsoleTextOptions): Html {
  return joinHtml(inlines(rt).map((i) => inline(i, options)));
}
