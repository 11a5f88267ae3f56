import { readableText, skeleton } from './draft-text.ts';

/**
 * Which German address forms a text uses: the familiar "du" (and its plural "ihr"/"euch") or the
 * polite "Sie". Read on the skeleton text (look-alike letters, zero-width characters and fullwidth
 * forms undone), whole words only.
 *
 * Short quotations are left out ("…", „…“, »…«, ‚…‘ of up to 60 characters on one line): they name
 * products and quote people („Du darfst“, the brand; „Kannst du helfen?“, the commenter's words).
 *
 * The rule for the polite forms, since "Sie" is also "she" and "they", and "Ihr"/"Ihre" also "her"
 * and "their":
 * 1. Inside a sentence the third person is written in lowercase (sie, ihr, ihnen), so a capitalised
 *    Sie, Ihnen, Ihr, Ihre, Ihrem, Ihren, Ihrer, Ihres there is the polite form.
 * 2. At the start of a sentence (the text's start, after . ! ? : … or a line break, quotes, brackets,
 *    bullets and emoji skipped) it is ambiguous. There it counts as polite only when the text uses no
 *    familiar form anywhere: a reply that says "du" to its reader somewhere uses "Sie" for someone else
 *    ("Danke für deine Nachricht! Sie sind leider ausverkauft."); one that never does, and starts a
 *    sentence with "Sie"/"Ihre", addresses its reader politely ("Ihre Bestellung ist unterwegs.").
 * 3. "Ihr"/"ihr" directly before a verb in the second person plural (habt, seid, könnt, …) is the
 *    familiar plural, in any case and at any position: fine for a du team, wrong for a Sie team.
 * Words in capitals only ("SIE") are left alone: shouting tells nothing about the form.
 */

const FAMILIAR = new Set(['du', 'dich', 'dir', 'dein', 'deine', 'deinem', 'deinen', 'deiner', 'deines', 'deins', 'euch', 'euer', 'eure', 'euren', 'eurem', 'eurer', 'eures', 'euers']);
const POLITE = new Set(['sie', 'ihnen', 'ihr', 'ihre', 'ihrem', 'ihren', 'ihrer', 'ihres']);
const PLURAL_VERBS = new Set(
  'habt seid wart hattet könnt konntet könntet müsst müsstet wollt wolltet dürft dürftet sollt solltet wisst möchtet würdet werdet wärt macht kommt geht bekommt kriegt findet schreibt meldet erreicht bestellt braucht seht lest wartet tut sagt fragt schickt bleibt helft nehmt gebt liebt mögt'.split(' '),
);

interface Word {
  text: string;
  lower: string;
  index: number;
  next?: string;
}

/** The familiar forms in `text` (du, dich, dir, dein…, euch, euer…, "ihr habt"), as written. */
export function familiarForms(text: string): string[] {
  return words(text)
    .filter((w) => FAMILIAR.has(w.lower) || (w.lower === 'ihr' && PLURAL_VERBS.has(w.next ?? '')))
    .map((w) => w.text);
}

/** The polite forms in `text` under the rule above, as written. */
export function politeForms(text: string): string[] {
  const source = prepared(text);
  const capitalised = words(text).filter((w) => POLITE.has(w.lower) && /^\p{Lu}\p{Ll}+$/u.test(w.text) && !(w.lower === 'ihr' && PLURAL_VERBS.has(w.next ?? '')));
  const inside = capitalised.filter((w) => !atSentenceStart(source, w.index));
  const atStart = capitalised.filter((w) => atSentenceStart(source, w.index));
  const ambiguousCounts = familiarForms(text).length === 0;
  return [...inside, ...(ambiguousCounts ? atStart : [])].sort((a, b) => a.index - b.index).map((w) => w.text);
}

const QUOTED = /„[^„“”"\n]{1,60}[“”"]|"[^"\n]{1,60}"|“[^“”\n]{1,60}”|»[^»«\n]{1,60}«|«[^»«\n]{1,60}»|‚[^‚‘’\n]{1,60}[‘’]/g;

function prepared(text: string): string {
  return skeleton(readableText(text)).replace(QUOTED, (q) => ' '.repeat(q.length));
}

function words(text: string): Word[] {
  const source = prepared(text);
  const list = [...source.matchAll(/\p{L}+/gu)].map((m) => ({ text: m[0], lower: m[0].toLowerCase(), index: m.index, end: m.index + m[0].length }));
  return list.map((w, i) => {
    const following = list[i + 1];
    const adjacent = following && /^[ \t]+$/.test(source.slice(w.end, following.index));
    return { text: w.text, lower: w.lower, index: w.index, ...(adjacent ? { next: following.lower } : {}) };
  });
}

const SKIPPED_BEFORE = /[ \t\p{Ps}\p{Pi}\p{Pf}"'\-–—•*·\p{So}\p{Sk}\p{Extended_Pictographic}\p{Emoji_Modifier}\u20e3]/u;

function atSentenceStart(source: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && SKIPPED_BEFORE.test(source[i]!)) i--;
  // An emoji is two UTF-16 units; a lone surrogate half is skipped like the emoji.
  while (i >= 0 && /[\ud800-\udfff]/.test(source[i]!)) {
    i--;
    while (i >= 0 && SKIPPED_BEFORE.test(source[i]!)) i--;
  }
  return i < 0 || /[.!?:…\n]/.test(source[i]!);
}
