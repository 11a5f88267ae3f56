import { NAME_MAX, plainName } from './untrusted-text.ts';
import type { AddressForm, ReplyLanguage, SavedReply, ToneGuide } from './tone.ts';

export interface SavedReplyNames {
  /** The commenter's name as the network gave it (untrusted). */
  authorName?: string | null;
  /** The agent's name (from the directory or a chat profile). */
  agentName?: string | null;
}

/**
 * The saved reply with the names filled in, as plain text. Names are cleaned like every name a
 * stranger chose (one line, no control, bidi or invisible characters) and lose leading "@"/"#", so a
 * handle such as "@everyone" does not turn the reply into a mention. Filled in one pass: a name that
 * contains "{agent}" stays as written. A missing name leaves no gap before punctuation ("Hallo ,").
 */
export function fillSavedReply(reply: Pick<SavedReply, 'text'>, names: SavedReplyNames): string {
  const values: Record<string, string> = { author: cleanName(names.authorName), agent: cleanName(names.agentName) };
  const filled = reply.text.replace(/\{(author|agent)\}/g, (_, key: string) => values[key] ?? '');
  return filled
    .replace(/[ \t]+([,.!?;:])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[ \t]+|[ \t]+$/gm, '');
}

function cleanName(raw: string | null | undefined): string {
  return plainName((raw ?? '').replace(/^[\s@#＠＃]+/u, ''), NAME_MAX, '');
}

/**
 * The saved replies that fit a draft: its language, and for German its address form (the team's,
 * unless told). English replies without an address form fit either; with `address` undefined every
 * reply of the language fits.
 */
export function savedRepliesFor(
  team: { savedReplies?: readonly SavedReply[]; tone?: Pick<ToneGuide, 'address'> } | readonly SavedReply[],
  language: ReplyLanguage,
  address: AddressForm | undefined = isList(team) ? undefined : team.tone?.address,
): SavedReply[] {
  const replies = isList(team) ? team : (team.savedReplies ?? []);
  return replies.filter((r) => r.language === language && (!address || !r.address || r.address === address));
}

function isList(x: unknown): x is readonly SavedReply[] {
  return Array.isArray(x);
}

/**
 * The `n` saved replies closest to a comment, best first: TF-IDF weighted cosine over word stems
 * (German and English; see `stems`), title counted twice. Deterministic: ties keep the configured
 * order. Replies that share no stem with the comment are left out, so the list may be shorter.
 */
export function closestSavedReplies<R extends Pick<SavedReply, 'title' | 'text'>>(commentText: string, replies: readonly R[], n = 3): R[] {
  return rankSavedReplies(commentText, replies)
    .slice(0, Math.max(0, n))
    .map((r) => r.reply);
}

/** Every reply that shares a stem with the comment, with its score (0 < score ≤ 1), best first. */
export function rankSavedReplies<R extends Pick<SavedReply, 'title' | 'text'>>(commentText: string, replies: readonly R[]): { reply: R; score: number }[] {
  const docs = replies.map((r) => counts([...stems(r.title), ...stems(r.title), ...stems(r.text.replace(/\{(author|agent)\}/g, ' '))]));
  const df = new Map<string, number>();
  for (const d of docs) for (const s of d.keys()) df.set(s, (df.get(s) ?? 0) + 1);
  // Smoothed IDF: a stem in every reply still counts a little; one only in the comment counts as rare.
  const idf = (s: string) => Math.log((1 + docs.length) / (1 + (df.get(s) ?? 0))) + 1;
  const vector = (c: Map<string, number>) => {
    const v = new Map<string, number>();
    for (const [s, tf] of c) v.set(s, (1 + Math.log(tf)) * idf(s));
    return v;
  };
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((a, x) => a + x * x, 0));
  const query = vector(counts(stems(commentText)));
  const qNorm = norm(query);
  if (!qNorm) return [];
  return docs
    .map((d, index) => {
      const v = vector(d);
      let dot = 0;
      for (const [s, w] of query) dot += w * (v.get(s) ?? 0);
      const dNorm = norm(v);
      return { reply: replies[index]!, score: dNorm ? dot / (qNorm * dNorm) : 0, index };
    })
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ reply, score }) => ({ reply, score }));
}

function counts(list: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of list) m.set(s, (m.get(s) ?? 0) + 1);
  return m;
}

const STOP_WORDS = new Set(
  (
    // German
    'aber als also am an auch auf aus bei bin bis bist da dann das dass dem den der des die dies diese diesem diesen dieser doch dort du durch ein eine einem einen einer eines er es etwas euch euer für hab habe haben hat hatte hier ich ihm ihn ihnen ihr ihre im in ist ja jetzt kann kein keine man mein meine mich mir mit muss nach nicht noch nun nur ob oder ohne schon sehr sein seine sich sie sind so über um und uns unser unsere von vom vor war warum was weil wenn wer wie wir wird wo zu zum zur ' +
    // English
    'a about after again all am an and any are as at be been but by can could did do does for from had has have he her here him his how i if in into is it its just me my no not now of on or our out she so than that the their them then there they this to too up us was we were what when where which who why will with would you your'
  )
    .split(' ')
    .filter(Boolean)
    .map(fold),
);

/** German and English endings, longest first; a stem keeps at least three letters. */
const SUFFIXES = ['ungen', 'heiten', 'keiten', 'ation', 'ingen', 'ung', 'heit', 'keit', 'lich', 'isch', 'ing', 'ern', 'em', 'en', 'er', 'es', 'ed', 'ly', 'e', 'n', 's', 't'];

/**
 * Word stems for comparing texts: NFKC, lowercase, accents and umlauts folded (ä → a, ß → ss), stop
 * words dropped, one common German or English ending cut ("Lieferungen" and "Lieferung" → "liefer";
 * "delivered", "delivery" → "deliver"). Crude on purpose: it only has to bring related words together.
 */
export function stems(text: string): string[] {
  const words = fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w));
  return words.map(stem);
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').normalize('NFKD').replace(/\p{M}/gu, '');
}

/** Up to two endings, so "delivered" and "delivery" both end at "deliv". */
function stem(word: string): string {
  if (/^\p{N}+$/u.test(word)) return word;
  let w = word.endsWith('y') && word.length > 4 ? word.slice(0, -1) : word;
  for (let round = 0; round < 2; round++) {
    const suffix = SUFFIXES.find((x) => w.length - x.length >= 3 && w.endsWith(x));
    if (!suffix) break;
    w = w.slice(0, -suffix.length);
  }
  return w;
}

/** The language a reply to a comment is written in: the comment's when drafts are written in it ("de-AT" is German), else the team's. */
export function replyLanguageOf(commentLanguage: string | null, teamLocale: ReplyLanguage): ReplyLanguage {
  const primary = (commentLanguage ?? '').toLowerCase().split(/[-_]/)[0];
  return primary === 'de' || primary === 'en' ? primary : teamLocale;
}
