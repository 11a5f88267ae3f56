import { cutText } from './untrusted-text.ts';

/**
 * Text the desk says, without a markup language: plain words and a few tokens that every chat
 * adapter renders in its own markup (a chat platform's, Markdown, HTML). Plain strings are
 * shown as written: escaping is the renderer's job, so nobody writes `&lt;` or backticks by hand.
 *
 * RichText is plain JSON (dates are ISO strings): it is queued in the outbox and read back unchanged.
 */
export type DateStyle = 'datetime' | 'time' | 'ago';

export type Inline =
  /** Plain text; "\n" breaks the line. */
  | string
  | { readonly bold: RichText }
  | { readonly italic: RichText }
  /** A command, id or key, shown in a monospace span. */
  | { readonly code: string }
  /** A desk member: a mention where the platform knows them, else their name. */
  | { readonly mention: { readonly memberId: string; readonly name: string } }
  /** A channel by its platform id; `name` for renderers that cannot link it. */
  | { readonly channel: { readonly channel: string; readonly name?: string } }
  /** An instant, shown in the reader's zone where the platform can. */
  | { readonly date: { readonly at: string; readonly style: DateStyle } }
  | { readonly link: { readonly url: string; readonly label: RichText } }
  /** A stranger's text (or a name someone chose): shown, never interpreted as markup. */
  | { readonly untrusted: string };

/** A plain string is RichText without tokens: sentences without names or dates stay simple strings. */
export type RichText = string | readonly Inline[];

/** The inlines of a text. */
export function inlines(rt: RichText): readonly Inline[] {
  return typeof rt === 'string' ? (rt ? [rt] : []) : rt;
}

/** What the builders accept: an inline, a whole text, or a number (shown as digits). */
export type Part = Inline | RichText | number;

function push(out: Inline[], part: Part): void {
  if (typeof part === 'number') return push(out, String(part));
  if (Array.isArray(part)) {
    for (const inner of part as readonly Inline[]) push(out, inner);
    return;
  }
  const inline = part as Inline;
  if (typeof inline === 'string') {
    if (!inline) return;
    const last = out.length - 1;
    if (typeof out[last] === 'string') out[last] = `${out[last] as string}${inline}`;
    else out.push(inline);
    return;
  }
  out.push(inline);
}

/** A text without tokens is its plain string. */
function collapse(out: Inline[]): RichText {
  if (out.length === 0) return '';
  return out.length === 1 && typeof out[0] === 'string' ? out[0] : out;
}

/** The parts one after the other, adjacent plain strings merged; a plain string when there is no token. */
export function text(...parts: Part[]): RichText {
  const out: Inline[] = [];
  for (const part of parts) push(out, part);
  return collapse(out);
}

/**
 * Writes a text like a template string: rich`Started ${date(at)} by ${bold(name)}`. Interpolated
 * strings are plain text, tokens stay tokens, texts are spliced in.
 */
export function rich(strings: TemplateStringsArray, ...parts: Part[]): RichText {
  const out: Inline[] = [];
  strings.forEach((s, i) => {
    push(out, s);
    if (i < parts.length) push(out, parts[i]!);
  });
  return collapse(out);
}

export const bold = (...parts: Part[]): Inline => ({ bold: text(...parts) });
export const italic = (...parts: Part[]): Inline => ({ italic: text(...parts) });
export const code = (value: string): Inline => ({ code: value });
export const mention = (memberId: string, name: string): Inline => ({ mention: { memberId, name } });
export const channel = (id: string, name?: string): Inline => ({ channel: name === undefined ? { channel: id } : { channel: id, name } });
export const date = (at: Date, style: DateStyle = 'datetime'): Inline => ({ date: { at: at.toISOString(), style } });
export const link = (url: string, ...label: Part[]): Inline => ({ link: { url, label: text(...label) } });
export const untrusted = (value: string): Inline => ({ untrusted: value });

/** The items with `separator` between them. */
export function join(items: readonly Part[], separator: Part): RichText {
  return text(...items.flatMap((item, i) => (i ? [separator, item] : [item])));
}

/** One item per line. */
export function lines(items: readonly Part[]): RichText {
  return join(items, '\n');
}

function plainDate(iso: string, style: DateStyle): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const [day = '', time = ''] = at.toISOString().split('T');
  const hm = time.slice(0, 5);
  return style === 'time' ? `${hm} UTC` : `${day} ${hm} UTC`;
}

function plainInline(i: Inline): string {
  if (typeof i === 'string') return i;
  if ('bold' in i) return plainText(i.bold);
  if ('italic' in i) return plainText(i.italic);
  if ('code' in i) return i.code;
  if ('mention' in i) return i.mention.name;
  if ('channel' in i) return `#${i.channel.name ?? i.channel.channel}`;
  if ('date' in i) return plainDate(i.date.at, i.date.style);
  if ('link' in i) return plainText(i.link.label) || i.link.url;
  // A token this version does not know (a row written by a newer one) has no words it can show.
  return typeof i.untrusted === 'string' ? i.untrusted : '';
}

/** The words without any markup: notification previews, alt texts, plain-text fields. Dates in UTC. */
export function plainText(rt: RichText): string {
  return typeof rt === 'string' ? rt : rt.map(plainInline).join('');
}

/**
 * How long a text is where it is shown: the platform's rendered length, or the plain text's. It must
 * add up over concatenation (a text's length is the sum of its parts'), as every renderer's output does.
 */
export type Measure = (rt: RichText) => number;
export const plainLength: Measure = (rt) => plainText(rt).length;

/**
 * At most `max` plain-text characters, `tail` ("…") replacing the end when shortened. Tokens are
 * never split: a mention, channel, date or link that does not fit whole is left out; bold, italic,
 * code and plain runs are shortened inside (never within a surrogate pair).
 */
export function cutRich(rt: RichText, max: number, tail = '…'): RichText {
  if (plainLength(rt) <= max) return rt;
  const kept = inlines(keepWithin(inlines(rt), Math.max(0, max - tail.length)));
  const last = kept[kept.length - 1];
  // "Hello…", not "Hello …".
  return typeof last === 'string' ? text(...kept.slice(0, -1), last.trimEnd(), tail) : text(kept, tail);
}

/** Like `cutRich`, but `max` as `measure` counts (a platform's rendered length). */
export function cutRichTo(rt: RichText, max: number, measure: Measure, tail = '…'): RichText {
  if (measure(rt) <= max) return rt;
  // The longest cut that fits: rendered lengths grow with the plain length, so a binary search finds it.
  let low = 0;
  let high = Math.min(max, plainLength(rt));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(cutRich(rt, mid, tail)) <= max) low = mid;
    else high = mid - 1;
  }
  return cutRich(rt, low, tail);
}

function keepWithin(rt: readonly Inline[], room: number): RichText {
  const out: Inline[] = [];
  let left = room;
  for (const inline of rt) {
    const length = plainInline(inline).length;
    if (length <= left) {
      out.push(inline);
      left -= length;
      continue;
    }
    if (typeof inline === 'string') out.push(cutText(inline, left, { tail: '' }));
    else if ('bold' in inline) out.push({ bold: keepWithin(inlines(inline.bold), left) });
    else if ('italic' in inline) out.push({ italic: keepWithin(inlines(inline.italic), left) });
    else if ('code' in inline) out.push({ code: cutText(inline.code, left, { tail: '' }) });
    else if ('untrusted' in inline) out.push({ untrusted: cutText(inline.untrusted, left, { tail: '' }) });
    break;
  }
  return text(...out.filter((i) => plainInline(i).length > 0));
}

/** The first lines that fit into `max` (as `measure` counts, line breaks included), then "… and n more". */
export function fitLines(items: readonly RichText[], max: number, more: (n: number) => RichText, measure: Measure = plainLength): RichText {
  const lengths = items.map(measure);
  const newline = measure('\n');
  const total = (from: number, to: number) => lengths.slice(from, to).reduce((sum, n) => sum + n, 0) + Math.max(0, to - from - 1) * newline;
  if (total(0, items.length) <= max) return lines(items);
  for (let keep = items.length - 1; keep >= 0; keep--) {
    const tail = more(items.length - keep);
    if (total(0, keep) + (keep ? newline : 0) + measure(tail) <= max) return lines([...items.slice(0, keep), tail]);
  }
  return more(items.length);
}

/** The last lines that fit into `max`, after an "… and n more" line (timelines: the newest count). */
export function fitLastLines(items: readonly RichText[], max: number, more: (n: number) => RichText, measure: Measure = plainLength): RichText {
  const lengths = items.map(measure);
  const newline = measure('\n');
  const total = (from: number, to: number) => lengths.slice(from, to).reduce((sum, n) => sum + n, 0) + Math.max(0, to - from - 1) * newline;
  if (total(0, items.length) <= max) return lines(items);
  for (let drop = 1; drop <= items.length; drop++) {
    const head = more(drop);
    if (measure(head) + (drop < items.length ? newline : 0) + total(drop, items.length) <= max) return lines([head, ...items.slice(drop)]);
  }
  return more(items.length);
}
