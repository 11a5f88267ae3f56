/**
 * Text that strangers wrote (comment bodies, author names, source slugs), made safe to show next to
 * our own words, on any platform. Platform markup (Markdown, HTML, …) is the renderer's business;
 * this is only about Unicode:
 *
 * - Control characters (BEL, ESC, NUL, C1…) have no business in a chat message: in names they are
 *   removed, in texts they become visible symbols (control pictures ␇ ␛ ␀, or U+FFFD) so a moderator
 *   can see that the original carried them.
 * - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) can reorder the text that
 *   follows them ("Trojan source"): a name ending in RLO would reverse our " · Instagram · High".
 *   Names lose them (and the invisible marks LRM, RLM, ALM); texts show U+FFFD in their place.
 *   Without explicit controls, Unicode's bidi algorithm still lays right-to-left words out correctly.
 * - Invisible characters that only serve to make two names look alike (zero-width space, word
 *   joiner, BOM, soft hyphen) are removed from names. The zero-width joiner stays: emoji need it.
 * - Lone surrogates (half an emoji, from a cut elsewhere) become U+FFFD: they are not text.
 *
 * Every cut here keeps surrogate pairs whole, so a shortened text is still well-formed UTF-16.
 */

/** C0 controls (but tab, line feed and carriage return), DEL and C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Bidi embeddings, overrides and isolates: they change the order of what follows. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;
/** Bidi marks: invisible, harmless in a text, but one more way to make two names look alike. */
const BIDI_MARK = /[\u200e\u200f\u061c]/g;
/** Invisible characters without a use in a name (ZWJ U+200D stays: emoji sequences need it). */
const INVISIBLE = /[\u200b\u2060-\u2064\ufeff\u00ad\u180e]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Unicode noncharacters such as U+FFFE (a byte-order mark read backwards). */
const NONCHARACTER = /[\ufdd0-\ufdef\ufffe\uffff]/g;
/** Line breaks of every kind: CR LF, CR, NEL (handled before C1), LS, PS. */
const LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;

export const REPLACEMENT = '\ufffd';

/** Names (commenters, members, teams) in messages: long enough for any real name, short enough to keep a card readable. */
export const NAME_MAX = 80;

/** Control pictures: U+2400 + code for C0, U+2421 (␡) for DEL, U+FFFD for C1 (which has none). */
function controlPicture(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return REPLACEMENT;
}

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, REPLACEMENT).replace(NONCHARACTER, REPLACEMENT);
}

/**
 * A comment body as people may see it: the author's line breaks kept (all kinds become "\n"), tabs
 * kept, control characters and bidi controls replaced by visible symbols.
 */
export function visibleText(raw: string): string {
  return wellFormed(raw).replace(LINE_BREAK, '\n').replace(CONTROL, controlPicture).replace(BIDI_CONTROL, REPLACEMENT);
}

/**
 * A name someone chose (a commenter's display name, a source slug): one line, no control or bidi
 * characters, no invisible padding, at most `max` UTF-16 units ("…" included); `fallback` when
 * nothing is left. Applying it twice changes nothing.
 */
export function plainName(raw: string, max: number, fallback = '—'): string {
  // Only the start can be shown: a 100,000-character name is not cleaned in full.
  const head = cutUnits(raw, max * 8 + 64);
  const flat = wellFormed(head)
    .replace(CONTROL, ' ')
    .replace(BIDI_CONTROL, '')
    .replace(BIDI_MARK, '')
    .replace(INVISIBLE, '')
    .replace(/[\s\u2028\u2029]+/g, ' ')
    .trim();
  if (!flat) return fallback;
  return cutText(flat, max, { more: head.length < raw.length });
}

/**
 * One line of at most `max` UTF-16 units ending in "…" when shortened: for notification texts and
 * excerpts. Controls are shown as in `visibleText`, then every run of white space becomes one space.
 */
export function excerptText(raw: string, max: number): string {
  const head = cutUnits(raw, max * 4 + 64);
  const flat = visibleText(head).replace(/\s+/g, ' ').trim();
  return cutText(flat, max, { more: head.length < raw.length });
}

export interface CutOptions {
  /** Replaces the end when shortened: "…" unless told. */
  tail?: string;
  /** The text went on before it reached us: shortened (tail added) even when it fits. */
  more?: boolean;
  /** What `max` counts: UTF-16 units (what chat platforms count) or code points (monospace columns). */
  count?: 'units' | 'codePoints';
  /** Drop white space before the tail (default: yes). */
  trim?: boolean;
}

/**
 * The one truncation helper: at most `max` UTF-16 code units (never fewer than the characters a
 * person sees) or code points, the tail replacing the end when shortened, never splitting a
 * surrogate pair or leaving a dangling emoji joiner.
 */
export function cutText(text: string, max: number, options: CutOptions = {}): string {
  const { tail = '…', more = false, count = 'units', trim = true } = options;
  const chars = count === 'codePoints' ? [...text] : null;
  if (!more && (chars ? chars.length : text.length) <= max) return text;
  const room = Math.max(0, max - (chars ? [...tail].length : tail.length));
  let kept = (chars ? chars.slice(0, room).join('') : cutUnits(text, room)).replace(/[\u200d\ufe0e\ufe0f]+$/, '');
  if (trim) kept = kept.trimEnd();
  return `${kept}${tail}`;
}

/** `text` shortened to at most `max` UTF-16 units, never inside a surrogate pair. */
export function cutUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, Math.max(0, max));
  return /[\uD800-\uDBFF]$/.test(kept) ? kept.slice(0, -1) : kept;
}
