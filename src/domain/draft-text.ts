/**
 * What a reply draft (or the comment it answers) contains, read the way a person would read it:
 * before anything is matched, look-alike tricks are undone, so "d\u200Bu", "ｄｕ", "dս" (Armenian ս) and
 * "example[.]com" are seen as "du" and "example.com".
 *
 * - `cleanDraft`: the draft as it may be shown and copied (NFC; no invisible characters, no control or
 *   bidi characters; the emoji joiner only between emoji).
 * - `readableText`: NFKC (fullwidth and mathematical letters become plain ones), invisible characters
 *   removed, "[.]", "(.)", "[dot]" read as ".". Hosts are taken from this text, so a host spelt with
 *   Cyrillic letters stays that host (its punycode form) and never passes as the allowed look-alike.
 * - `skeleton`: `readableText` with Cyrillic, Greek and Armenian look-alikes of Latin letters replaced
 *   (one character for one, so positions agree): for words (address forms, avoided words) and for
 *   finding where links, mentions and addresses are.
 */

/** Zero-width and other invisible characters, bidi controls and marks, tag characters, variation selectors. */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const INVISIBLE_ONE = new RegExp(`^(?:${INVISIBLE.source})$`);
const CONTROL_ONE = new RegExp(`^(?:${CONTROL.source})$`);

/** The draft as it may be shown and copied. */
export function cleanDraft(text: string): string {
  const chars = [...text.normalize('NFC').replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')];
  const kept = chars.filter((c, i) => {
    const before = chars[i - 1] ?? '';
    const after = chars[i + 1] ?? '';
    // The zero-width joiner builds emoji (👩‍💻); anywhere else it only hides letters from a check.
    if (c === '\u200d') return PICTOGRAPH.test(before) && PICTOGRAPH.test(after);
    // Variation selectors choose an emoji's look (and make keycaps: 1️⃣); elsewhere they are padding.
    if (c === '\ufe0e' || c === '\ufe0f') return PICTOGRAPH.test(before) || after === '\u20e3';
    return !INVISIBLE_ONE.test(c) && !CONTROL_ONE.test(c);
  });
  return kept.join('').trim();
}

/** NFKC, nothing invisible, the usual ways of hiding a dot read as a dot. */
export function readableText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200d]/g, '')
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .replace(/\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\})\s*/gi, '.')
    .normalize('NFKC');
}

/** Look-alikes of Latin letters (lowercase and uppercase) from Cyrillic, Greek and Armenian. */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ԍ: 'g', ո: 'n', ս: 'u', օ: 'o', ց: 'g', հ: 'h', վ: 'u', ք: 'p',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Һ: 'H', Ӏ: 'I', Ս: 'U', Օ: 'O',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');

/** `readableText` with look-alike letters made Latin, character for character. */
export function skeleton(readable: string): string {
  return readable.replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c] ?? c);
}

/** Generic top-level domains a bare domain may end in (any two-letter country code counts as well). */
const GENERIC_TLDS = 'com|org|net|info|biz|app|dev|shop|store|online|site|website|io|ai|co|me|tv|xyz|top|club|link|click|live|news|blog|cloud|tech|email|page|gmbh|berlin|hamburg|koeln|bayern|wien|swiss|museum|gov|edu|mobi|pro|name|one|fun|vip|win|bio|eco';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';

export interface FoundLink {
  /** As written (readable text), trailing punctuation left out. */
  text: string;
  /** Lowercase ASCII host (punycode for other scripts); empty when it cannot be a host. */
  host: string;
  /** Path and query, lowercase, without a trailing "/" ("" for the host alone). */
  path: string;
  kind: 'url' | 'email';
}

/** Every web address and e-mail address in a text, in reading order: with a scheme, with www., bare ("example.org/x"), and e-mail. */
export function findLinks(text: string): FoundLink[] {
  const readable = readableText(text);
  const skel = skeleton(readable);
  const found: (FoundLink & { at: number })[] = [];
  const taken: [number, number][] = [];
  const take = (start: number, end: number) => {
    if (taken.some(([s, e]) => start < e && end > s)) return false;
    taken.push([start, end]);
    return true;
  };
  const patterns: { re: RegExp; kind: FoundLink['kind'] }[] = [
    { re: /\b(?:https?|hxxps?|ftp):\/\/[^\s<>"„“”«»]+/giu, kind: 'url' },
    { re: new RegExp(`[\\p{L}\\p{N}._%+-]+@(?:${LABEL}\\.)+\\p{L}{2,24}`, 'gu'), kind: 'email' },
    { re: /(?<![\p{L}\p{N}.-])www\d{0,3}\.[^\s<>"„“”«»]+/giu, kind: 'url' },
    {
      re: new RegExp(`(?<![\\p{L}\\p{N}@._/-])(?:${LABEL}\\.)+(?:${GENERIC_TLDS}|\\p{L}{2})(?![\\p{L}\\p{N}-])(?:[/?#:][^\\s<>"„“”«»]*)?`, 'giu'),
      kind: 'url',
    },
  ];
  for (const { re, kind } of patterns) {
    for (const m of skel.matchAll(re)) {
      const raw = trimTrail(readable.slice(m.index, m.index + m[0].length));
      if (kind === 'url' && !/^(?:[a-z]+:\/\/|www)/i.test(raw) && !bareDomainLooksReal(raw)) continue;
      if (!take(m.index, m.index + raw.length)) continue;
      const at = m.index;
      found.push(kind === 'email' ? { text: raw, host: toHost(raw.slice(raw.lastIndexOf('@') + 1)), path: '', kind, at } : { text: raw, ...hostAndPath(raw), kind, at });
    }
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _, ...link }) => link);
}

/**
 * "Danke.Es" is a missing space, not Spain: a bare domain's ending is lowercase, or the whole domain
 * is capitals. Two letters are a country's ending only when they name a region ("Node.js" is no link).
 */
function bareDomainLooksReal(raw: string): boolean {
  const domain = raw.split(/[/?#:]/)[0]!;
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (tld.length === 2 && !isCountryCode(tld)) return false;
  return tld === tld.toLowerCase() || domain === domain.toUpperCase();
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** ISO 3166 regions (Intl knows them all) and the country endings that are not ISO codes. */
function isCountryCode(tld: string): boolean {
  const code = skeleton(tld).toUpperCase();
  if (['UK', 'EU', 'AC', 'SU'].includes(code)) return true;
  try {
    return /^[A-Z]{2}$/.test(code) && regionNames.of(code) !== undefined;
  } catch {
    return false;
  }
}

/** Sentence punctuation after an address belongs to the sentence; a ")" only when the address opened none. */
function trimTrail(raw: string): string {
  let s = raw;
  for (;;) {
    const last = s.at(-1);
    if (!last) return s;
    if (/[.,;:!?'"’”»…]/.test(last)) s = s.slice(0, -1);
    else if (last === ')' && count(s, '(') < count(s, ')')) s = s.slice(0, -1);
    else if (last === ']' && count(s, '[') < count(s, ']')) s = s.slice(0, -1);
    else return s;
  }
}

const count = (s: string, c: string) => s.split(c).length - 1;

function hostAndPath(raw: string): { host: string; path: string } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw.replace(/^hxxp/i, 'http') : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    const path = `${url.pathname}${url.search}`.replace(/\/+$/, '').toLowerCase();
    return { host: url.hostname.replace(/\.+$/, '').toLowerCase(), path };
  } catch {
    return { host: '', path: '' };
  }
}

function toHost(domain: string): string {
  return hostAndPath(domain).host;
}

/** Whether `host` is on the allow-list: "example.com" allows it and www.example.com; "*.example.com" allows every subdomain too. */
export function hostAllowed(host: string, allowList: readonly string[]): boolean {
  if (!host) return false;
  return allowList.some((entry) => {
    const e = entry.toLowerCase();
    if (e.startsWith('*.')) {
      const base = e.slice(2);
      return host === base || host.endsWith(`.${base}`);
    }
    return host === e || host === `www.${e}`;
  });
}

/** Text with the found links blanked out (same length), so what is left can be read for mentions and words. */
function withoutLinks(skel: string, readable: string): string {
  let out = skel;
  for (const link of findLinks(readable)) {
    const at = readable.indexOf(link.text);
    if (at >= 0) out = out.slice(0, at) + ' '.repeat(link.text.length) + out.slice(at + link.text.length);
  }
  return out;
}

/**
 * "@name" (not an e-mail address, not inside a link), and chat mention markup that notifies people
 * without an "@" before a name (`<!channel>`, `<!here>`, `<!subteam^S123>`, `<at>Name</at>`): the
 * handles, lowercase, without "@".
 */
export function findMentions(text: string): string[] {
  const readable = readableText(text);
  const rest = withoutLinks(skeleton(readable), readable);
  const handles = [...rest.matchAll(/(?<![\p{L}\p{N}_.+-])@([\p{L}\p{N}_](?:[\p{L}\p{N}_.]*[\p{L}\p{N}_])?)/gu)].map((m) => m[1]!.toLowerCase());
  const markup = [...readable.matchAll(/<!([a-z]+)(?:\^[^>|]*)?(?:\|[^>]*)?>|<at>([^<]{1,80})<\/at>/gi)].map((m) => (m[1] ?? m[2] ?? '').toLowerCase());
  return [...handles, ...markup];
}

/** "#word" with at least one letter (not "#1"), lowercase, without "#". */
export function findHashtags(text: string): string[] {
  const readable = readableText(text);
  const rest = withoutLinks(skeleton(readable), readable);
  return [...rest.matchAll(/(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu)].map((m) => m[1]!.toLowerCase());
}

/**
 * Phone numbers and other long numbers (order, customer, account numbers): seven digits or more,
 * with spaces, dashes, dots, slashes or brackets between; dates (12.03.2024) are not numbers here.
 * Each as written and as its digits.
 */
export function findNumbers(text: string): { text: string; digits: string }[] {
  const readable = readableText(text).replace(/\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b/g, (date) => ' '.repeat(date.length));
  return [...readable.matchAll(/\+?\(?\d[\d\s()/.\-]{5,}\d/g)]
    .map((m) => ({ text: m[0].trim(), digits: m[0].replace(/\D/g, '') }))
    .filter((n) => n.digits.length >= 7);
}

/**
 * Strings that look like code or codes, not words: `backtick spans`, markup and template syntax
 * (<script, {{…}}, ${…}), base64-like runs of 16+ characters with letters and digits, capital codes
 * with digits ("SAVE50NOW", "X7K9P2"), and tokens with three or more of ( ) { } [ ] ; = < > $ \.
 */
export function findCodeLike(text: string): string[] {
  const readable = readableText(text);
  const out: string[] = [];
  for (const m of readable.matchAll(/`([^`\n]{2,200})`/g)) out.push(m[1]!.trim());
  for (const m of readable.matchAll(/<\/?[a-z][a-z0-9-]*[\s>]|\{\{[^}]{1,80}\}\}|\$\{[^}]{1,80}\}/gi)) out.push(m[0].trim());
  for (const m of readable.matchAll(/[A-Za-z0-9+/=_-]{16,}/g)) if (/\d/.test(m[0]) && /[A-Za-z]/.test(m[0])) out.push(m[0]);
  for (const m of readable.matchAll(/(?<![\p{L}\p{N}])[A-Z0-9]{6,}(?![\p{L}\p{N}])/gu)) if (/\d/.test(m[0]) && /[A-Z]/.test(m[0])) out.push(m[0]);
  for (const m of readable.matchAll(/\S+/g)) if ((m[0].match(/[(){}[\];=<>$\\]/g) ?? []).length >= 3) out.push(m[0]);
  return [...new Set(out.filter((s) => s.length >= 3))];
}
