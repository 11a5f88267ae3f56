import { MSTEAMS, teamsUserIdOf } from './teams-identity.ts';
import { formatInstant } from '../format-date.ts';
import type { ChatIdentity, Locale } from '../../domain/directory.ts';
import { type DateStyle, type Inline, type Measure, type RichText, inlines } from '../../domain/rich-text.ts';
import { NAME_MAX, plainName, visibleText } from '../../domain/untrusted-text.ts';

/**
 * RichText as the Markdown subset Microsoft Teams renders in an Adaptive Card `TextBlock` and in a
 * bot's message text: `**bold**`, `_italic_`, `[label](url)`, and mentions as `<at>Name</at>` with
 * a `mention` entity (in `card.msteams.entities` or the activity's `entities`).
 *
 * Teams has no escape that all its clients honour: backslash escapes work on the desktop and were
 * ignored by the mobile renderers for years (microsoft/AdaptiveCards#5590, #5758), and TextBlock
 * shows no HTML. So every character that could start formatting, a link, a tag or an HTML entity
 * becomes a look-alike, in our words and in strangers' alike (`*` ∗, `_` ＿ unless inside an ASCII word, `~` ∼, `` ` `` ˋ,
 * `[` `]` ［ ］, `<` `>` ＜ ＞, `\` ⧵, `|` ｜, `&` of an entity ＆), and a line that would open a
 * block (a list, heading, quote, rule or code block) has its first marker replaced too. What Teams
 * receives then holds no markup but ours, which a test can check. Parentheses stay: without `[` no
 * link can form. Bare URLs in a stranger's text may still be linked by the client; their text is the
 * address itself, so nothing is disguised.
 *
 * Teams needs a blank line for a line break in a TextBlock ("\n\n"; a single "\n" joins lines), so
 * every line of a text becomes its own paragraph.
 */

export { MSTEAMS, teamsUserIdOf };

/** A mention entity, as Teams reads it from `msteams.entities` (cards) or `entities` (messages). */
export interface TeamsMention {
  type: 'mention';
  /** Exactly the `<at>…</at>` text in the card or message. */
  text: string;
  mentioned: { id: string; name: string };
}

/** A text for a TextBlock or a message, with the mentions it contains. */
export interface TeamsText {
  text: string;
  mentions: TeamsMention[];
}

/** Desk members by id, as far as the renderer needs them (their Teams identity, for mentions). */
export type TeamsMembers = (memberId: string) => { readonly identities?: readonly ChatIdentity[] } | undefined;

export interface TeamsTextOptions {
  /** Who can be mentioned: a member whose Teams identity is known is mentioned, anyone else is named. */
  members?: TeamsMembers;
  /** The reader's language for dates (default English). */
  locale?: Locale;
  /** The reader's time zone for dates (default UTC); Teams has no client-side date formatting in cards. */
  timeZone?: string;
  /** Channel names by platform id: channel tokens often carry only the id. */
  channelName?: (channelId: string) => string | undefined;
  /**
   * The mentions of the whole card or message this text goes into: a second person under the same
   * name would share the first one's `<at>` text, so they are named instead of mentioned.
   */
  registry?: TeamsMentionRegistry;
}

/** Mentions by their `<at>` text, for one card or message. */
export class TeamsMentionRegistry {
  private readonly byText = new Map<string, TeamsMention>();

  /** Records the mention; false when its text already stands for someone else. */
  add(mention: TeamsMention): boolean {
    const known = this.byText.get(mention.text);
    if (known && known.mentioned.id !== mention.mentioned.id) return false;
    if (!known) this.byText.set(mention.text, mention);
    return true;
  }

  /** The mentions whose text occurs in `rendered` (what was cut away is no mention). */
  usedIn(rendered: string): TeamsMention[] {
    return [...this.byText.values()].filter((m) => rendered.includes(m.text));
  }
}

// ---- identities ----------------------------------------------------------------------------

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Bot Framework user id (29:…) as Teams sends it in activities. */
const BOT_FRAMEWORK_ID = /^29:[A-Za-z0-9_.:@-]{1,200}$/;

/** The id a mention entity can carry: Teams accepts Entra object ids and 29: ids in bot cards and messages. */
export function mentionableTeamsIdOf(person: { readonly identities?: readonly ChatIdentity[] } | undefined): string | undefined {
  const id = teamsUserIdOf(person);
  return id && (GUID.test(id) || BOT_FRAMEWORK_ID.test(id)) ? id : undefined;
}

// ---- escaping ------------------------------------------------------------------------------

const LOOK_ALIKE: Record<string, string> = {
  '\\': '⧵',
  '*': '∗',
  _: '＿',
  '~': '∼',
  '`': 'ˋ',
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '|': '｜',
};
const FORMATTING = /[\\*_~`[\]<>|]/g;
/**
 * An underscore between two ASCII letters or digits (`erika_m`, `google_play`) stays: neither
 * CommonMark (desktop) nor the mobile renderers' parser (which checks intraword underscores with
 * C's `isalnum`) starts or ends italics there.
 */
const isAsciiAlnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
/** An HTML entity (`&lt;`, `&#60;`, `&#x3c;`): its `&` is replaced, any other `&` is text. */
const ENTITY = /&(?=#[0-9]{1,8};|#x[0-9a-f]{1,8};|[a-z][a-z0-9]{1,31};)/gi;

/**
 * Text (ours or a stranger's) for Teams Markdown, on any number of lines: controls shown as symbols
 * (as everywhere), formatting, tag and entity characters as look-alikes. Block markers at line starts
 * are handled once the whole text is assembled (`paragraphs`).
 */
export function escapeTeamsText(text: string): string {
  return visibleText(text)
    .replace(FORMATTING, (c, offset: number, s: string) => (c === '_' && isAsciiAlnum(s[offset - 1]) && isAsciiAlnum(s[offset + 1]) ? c : (LOOK_ALIKE[c] ?? c)))
    .replace(ENTITY, '＆');
}

/** A name someone chose, for Teams Markdown: one line, no controls, at most `max` characters, never formatting. */
export function teamsName(raw: string, max: number = NAME_MAX): string {
  return escapeTeamsText(plainName(raw, max));
}

/**
 * Block syntax a line could open: list items, ordered items, headings, setext underlines, rules.
 * `*`, `_`, `>` and backticks never reach a line start unescaped; a line starting with `**` is our bold.
 */
const BULLET = /^-(?=\s|$|-)|^\+(?=\s|$)/;
const ORDERED = /^(\d{1,9})([.)])(?=\s|$)/;
const HEADING = /^(#{1,6})(?=\s|$)/;
const SETEXT = /^=+\s*$/;
/** Look-alikes for block markers: U+2010 hyphen, fullwidth plus, U+2024 one dot leader, fullwidth parenthesis. */
const BLOCK_LOOK_ALIKE: Record<string, string> = { '-': '‐', '+': '＋', '.': '․', ')': '）' };

/** One line that opens no block: leading white space (an indented code block) kept as no-break spaces, a first marker as a look-alike. */
function inertLine(line: string): string {
  const indent = /^[ \t]+/.exec(line)?.[0] ?? '';
  let rest = line.slice(indent.length);
  rest = rest
    .replace(BULLET, (m) => BLOCK_LOOK_ALIKE[m] ?? m)
    .replace(ORDERED, (_m, digits: string, mark: string) => `${digits}${BLOCK_LOOK_ALIKE[mark] ?? mark}`)
    .replace(HEADING, (m) => '＃'.repeat(m.length))
    .replace(SETEXT, (m) => `＝${m.slice(1)}`);
  return `${'\u00a0'.repeat(indent.replace(/\t/g, '    ').length)}${rest}`;
}

/** Lines as Teams paragraphs: each line inert, joined by a blank line (Teams' line break in a TextBlock). */
function paragraphs(text: string): string {
  return text.split('\n').map(inertLine).join('\n\n');
}

// ---- links and dates -----------------------------------------------------------------------

/** Longest link we send: Teams documents none; browsers and proxies commonly cut beyond this. */
export const URL_MAX = 2048;

/**
 * A link for an `Action.OpenUrl` or a Markdown link, or null: only http(s), no white space, control
 * or invisible characters, no `<>"\\` or backticks, parsable, at most `max` characters.
 */
export function safeTeamsUrl(url: string | null | undefined, max = URL_MAX): string | null {
  if (!url || url.length > max) return null;
  if (!/^https?:\/\/[^\s<>"\\`\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+$/i.test(url)) return null;
  try {
    new URL(url);
  } catch {
    return null;
  }
  return url;
}

/**
 * An instant as the reader reads it: in their language and zone, the zone named. Teams cards have no
 * client-side dates (the Adaptive Card DATE() and TIME() functions are not supported in Teams), and a
 * card stays posted, so "ago" is a date too.
 */
export const teamsDate = formatInstant;

// ---- rendering -----------------------------------------------------------------------------

/** `marker`text`marker`, white space moved outside (Markdown emphasis must not start or end with it), per line. */
function emphasis(marker: string, inner: string): string {
  return inner
    .split('\n')
    .map((line) => {
      const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(line);
      const [, lead = '', core = '', trail = ''] = m ?? [];
      return core ? `${lead}${marker}${core}${marker}${trail}` : line;
    })
    .join('\n');
}

interface Context {
  options: TeamsTextOptions;
  registry: TeamsMentionRegistry;
  mentions: Map<string, TeamsMention>;
  bold: boolean;
  italic: boolean;
}

function mentionText(memberId: string, name: string, ctx: Context): string {
  const shown = teamsName(name);
  const id = mentionableTeamsIdOf(ctx.options.members?.(memberId));
  if (id) {
    const entity: TeamsMention = { type: 'mention', text: `<at>${shown}</at>`, mentioned: { id, name: plainName(name, NAME_MAX) } };
    if (ctx.registry.add(entity)) {
      ctx.mentions.set(entity.text, entity);
      return entity.text;
    }
  }
  // Not on Teams (or a name another person's mention already uses): named, in bold like a mention stands out.
  return ctx.bold ? shown : emphasis('**', shown);
}

function inline(i: Inline, ctx: Context): string {
  if (typeof i === 'string') return escapeTeamsText(i);
  if ('bold' in i) return ctx.bold ? render(i.bold, ctx) : emphasis('**', render(i.bold, { ...ctx, bold: true }));
  if ('italic' in i) return ctx.italic ? render(i.italic, ctx) : emphasis('_', render(i.italic, { ...ctx, italic: true }));
  // Teams shows code spans on some clients and backticks on others; either way the content is inert.
  if ('code' in i) return i.code ? `\`${escapeTeamsText(i.code.replace(/\n/g, ' '))}\`` : '';
  if ('mention' in i) return mentionText(i.mention.memberId, i.mention.name, ctx);
  if ('channel' in i) {
    const name = i.channel.name ?? ctx.options.channelName?.(i.channel.channel) ?? i.channel.channel;
    return escapeTeamsText(`#${plainName(name, NAME_MAX)}`);
  }
  if ('date' in i) {
    const at = new Date(i.date.at);
    return Number.isNaN(at.getTime()) ? escapeTeamsText(i.date.at) : escapeTeamsText(teamsDate(at, i.date.style, ctx.options.locale, ctx.options.timeZone));
  }
  if ('link' in i) {
    // A label on one line: a Markdown link cannot span paragraphs.
    const label = render(i.link.label, ctx).replace(/\n/g, ' ');
    const safe = safeTeamsUrl(i.link.url);
    if (!safe) return label;
    // Parentheses percent-encoded: a `)` would end the Markdown link early.
    const url = safe.replace(/\(/g, '%28').replace(/\)/g, '%29');
    return `[${label.trim() || escapeTeamsText(url)}](${url})`;
  }
  // A token this version does not know (a row written by a newer one) shows nothing rather than failing the row.
  return typeof i.untrusted === 'string' ? escapeTeamsText(i.untrusted) : '';
}

function render(rt: RichText, ctx: Context): string {
  let out = '';
  for (const i of inlines(rt)) out += inline(i, ctx);
  return out;
}

/**
 * RichText as Teams Markdown (TextBlock or message text) and the mentions in it. Members with a Teams
 * identity are mentioned (`<at>Name</at>` + entity), others named in bold; dates in the reader's
 * language and zone; channels by name; only http(s) links become links; everything else is text.
 */
export function renderTeamsText(rich: RichText, options: TeamsTextOptions = {}): TeamsText {
  const mentions = new Map<string, TeamsMention>();
  const ctx: Context = { options, registry: options.registry ?? new TeamsMentionRegistry(), mentions, bold: false, italic: false };
  const text = paragraphs(render(rich, ctx));
  return { text, mentions: [...mentions.values()].filter((m) => text.includes(m.text)) };
}

/** How long a text is once rendered for Teams, in UTF-16 units (for `cutRichTo` and `fitLines`). */
export function teamsMeasure(options: TeamsTextOptions = {}): Measure {
  return (rt) => renderTeamsText(rt, { ...options, registry: new TeamsMentionRegistry() }).text.length;
}

/** A stranger's text (a comment, an update) on its own: escaped, every line a paragraph. */
export function teamsUntrustedText(raw: string): string {
  return paragraphs(escapeTeamsText(raw));
}
