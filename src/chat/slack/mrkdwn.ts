import { mentionableSlackUserIdOf } from './slack-identity.ts';
import type { MemberInfo } from '../../domain/directory.ts';
import { type DateStyle, type Inline, type RichText, inlines } from '../../domain/rich-text.ts';
import { NAME_MAX, visibleText } from '../../domain/untrusted-text.ts';
import { escapeMrkdwn, inertFormatting, mrkdwnName, safeUrl } from './block-kit.ts';

/** Desk members by id, as far as the renderer needs them (their Slack user id, for mentions). */
export type SlackMembers = (memberId: string) => Pick<MemberInfo, 'identities'> | undefined;

const NO_MEMBERS: SlackMembers = () => undefined;

/** Members of a directory (or any list of them) for `mrkdwn`. */
export function membersOf(directory: { member(id: string): MemberInfo | undefined }): SlackMembers {
  return (id) => directory.member(id);
}

const DATE_FORMAT: Record<DateStyle, string> = { datetime: '{date_short_pretty} {time}', time: '{time}', ago: '{ago}' };

/** Slack renders `<!date^…>` in each reader's own time zone and language settings. */
export function slackDate(at: Date, format = DATE_FORMAT.datetime): string {
  const unix = Math.floor(at.getTime() / 1000);
  return `<!date^${unix}^${format}|${at.toISOString()}>`;
}

const isChannelId = (id: string) => /^[A-Z0-9]+$/i.test(id);

function inline(i: Inline, members: SlackMembers): string {
  // Our words carry no markup; controls are shown as symbols like everywhere else.
  if (typeof i === 'string') return escapeMrkdwn(visibleText(i));
  if ('bold' in i) return `*${mrkdwn(i.bold, members)}*`;
  if ('italic' in i) return `_${mrkdwn(i.italic, members)}_`;
  // A backtick would end the span: it becomes a look-alike.
  if ('code' in i) return `\`${escapeMrkdwn(i.code.replace(/`/g, 'ˋ'))}\``;
  if ('mention' in i) {
    const id = mentionableSlackUserIdOf(members(i.mention.memberId));
    return id ? `<@${id}>` : `*${mrkdwnName(i.mention.name, NAME_MAX)}*`;
  }
  if ('channel' in i) return isChannelId(i.channel.channel) ? `<#${i.channel.channel}>` : escapeMrkdwn(`#${i.channel.name ?? i.channel.channel}`);
  if ('date' in i) {
    const at = new Date(i.date.at);
    return Number.isNaN(at.getTime()) ? escapeMrkdwn(i.date.at) : slackDate(at, DATE_FORMAT[i.date.style]);
  }
  if ('link' in i) {
    const label = mrkdwn(i.link.label, members);
    const url = safeUrl(i.link.url);
    // A link Slack would refuse is shown as its label alone.
    return url ? `<${url}|${label || escapeMrkdwn(url)}>` : label;
  }
  // A token this version does not know (a row written by a newer one) shows nothing rather than failing the row.
  return typeof i.untrusted === 'string' ? inertFormatting(escapeMrkdwn(visibleText(i.untrusted))) : '';
}

/**
 * RichText as Slack mrkdwn: our words escaped (`&`, `<`, `>`), tokens as Slack's own (`*bold*`,
 * `<@U…>`, `<#C…>`, `<!date^…>`, `<url|label>`), strangers' text escaped with its formatting
 * characters made inert. Members without a Slack id are named in bold instead of mentioned.
 */
export function mrkdwn(text: RichText, members: SlackMembers = NO_MEMBERS): string {
  let out = '';
  for (const i of inlines(text)) out += inline(i, members);
  return out;
}
