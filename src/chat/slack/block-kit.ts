import { cutUnits, plainName, visibleText } from '../../domain/untrusted-text.ts';

/** Block Kit limits (docs.slack.dev/reference/block-kit) and the text helpers that keep messages within them. */
export const SECTION_TEXT_MAX = 3000;
export const HEADER_TEXT_MAX = 150;
export const BUTTON_TEXT_MAX = 75;
/** A button's `value`. */
export const BUTTON_VALUE_MAX = 2000;
/** A button's `url`. */
export const URL_MAX = 3000;
/** Option texts and option group labels. */
export const OPTION_TEXT_MAX = 75;
/** Option values. */
export const OPTION_VALUE_MAX = 150;
/**
 * Notification texts (`text` of chat.postMessage): Slack truncates beyond 40,000 characters and
 * advises under 4,000; a notification is a one-line preview and needs far fewer.
 */
export const FALLBACK_MAX = 3000;

/** Slack mrkdwn treats &, < and > as control characters (mentions, links); escaped as entities. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Makes `*`, `~`, `` ` `` and `_` unable to format: they become look-alikes (∗ ∼ ˋ ＿). An underscore
 * between two letters or digits (`google_play`, `erika_m`) stays, because Slack never starts or ends
 * italics there.
 *
 * Slack mrkdwn has no escape for these characters. Alternatives considered: a zero-width space after
 * each one relies on Slack's undocumented word-boundary rules (it cannot be checked without Slack, and
 * invisible characters are themselves a spoofing tool); jsx-slack's `<!date^0^{_}|*>` trick relies on an
 * invalid date token's fallback and costs about 20 characters per character; a `plain_text` object
 * would move the author out of the quoted section. Look-alikes are plain Unicode: what Slack receives
 * contains no formatting character, which a test can check, and the digest has used them since it began.
 */
export function inertFormatting(mrkdwn: string): string {
  return mrkdwn
    .replace(/\*/g, '∗')
    .replace(/~/g, '∼')
    .replace(/`/g, 'ˋ')
    .replace(/_/g, (_m, offset: number, s: string) => (isWordChar(s[offset - 1]) && isWordChar(s[offset + 1]) ? '_' : '＿'));
}

/** A name someone chose, for mrkdwn: one line, no controls, at most `max` characters, escaped, never formatting. */
export function mrkdwnName(raw: string, max: number): string {
  return inertFormatting(escapeMrkdwn(plainName(raw, max)));
}

/** A text someone wrote, for mrkdwn: line breaks kept, controls shown as symbols, escaped, never formatting. */
export function mrkdwnText(raw: string): string {
  return inertFormatting(escapeMrkdwn(visibleText(raw)));
}

/**
 * A link for a button's `url` (or a `<url|label>` token), or null when Slack would refuse it: only
 * http(s), no white space, control characters or `<>|`, parsable, at most 3,000 characters. The
 * caller leaves the button out then; the card stays valid without it.
 */
export function safeUrl(url: string | null | undefined, max = URL_MAX): string | null {
  if (!url || url.length > max) return null;
  if (!/^https?:\/\/[^\s<>|"\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+$/i.test(url)) return null;
  try {
    new URL(url);
  } catch {
    return null;
  }
  return url;
}

/** Shortens mrkdwn to at most `max` characters ending with `tail`, never inside an entity (&amp;), a <…> token or a surrogate pair. */
export function cut(text: string, max: number, tail = '…'): string {
  if (text.length <= max) return text;
  // The domain's cut keeps surrogate pairs; mrkdwn adds entities and tokens, which must stay whole too.
  const kept = cutUnits(text, Math.max(0, max - tail.length))
    .replace(/&[a-z]*$/, '')
    .replace(/<[^>]*$/, '');
  return `${kept}${tail}`;
}

/** Joins lines into chunks of at most `max` characters each (a single longer line is shortened). */
export function pack(lines: string[], max = SECTION_TEXT_MAX): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = cut(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Like `pack`, but at most `maxChunks` chunks; what does not fit is replaced by a "… and n more" line. */
export function packLimited(lines: string[], maxChunks: number, more: (n: number) => string): string[] {
  let chunks = pack(lines);
  if (chunks.length <= maxChunks) return chunks;
  for (let keep = lines.length - 1; keep >= 0; keep--) {
    chunks = pack([...lines.slice(0, keep), more(lines.length - keep)]);
    if (chunks.length <= maxChunks) return chunks;
  }
  return [cut(more(lines.length), SECTION_TEXT_MAX)].slice(0, maxChunks);
}

/**
 * Every mrkdwn text object in `blocks` with `verbatim: true`. Slack otherwise turns plain words in
 * them into links and mentions (a commenter writing "@channel" or "#general" would ping or link);
 * with it, only formatting and explicit tokens (<!here>, <@U…>, <!date^…>, <url|label>) act, and
 * every mention and link the desk means is such a token. Returns new objects; `blocks` is unchanged.
 */
export function verbatimMrkdwn<T>(blocks: T): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = walk(inner);
    if (out.type === 'mrkdwn' && typeof out.text === 'string') out.verbatim = true;
    return out;
  };
  return walk(blocks) as T;
}
