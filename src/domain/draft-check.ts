import { cleanDraft, findCodeLike, findHashtags, findLinks, findMentions, findNumbers, hostAllowed, readableText, skeleton } from './draft-text.ts';
import { familiarForms, politeForms } from './german-address.ts';
import { replyLength, replyLimit } from './reply-limits.ts';
import type { ToneGuide } from './tone.ts';
import { cutText, plainName } from './untrusted-text.ts';

/**
 * The checks every reply draft passes in our code before anyone sees it. A model can be talked into
 * anything by the comment it answers; these checks do not read the comment as instructions, only as
 * data the draft must not carry on. A draft that fails is still shown, marked "needs editing", with
 * the problems' words. It never goes out by itself either way.
 */

export type DraftProblemCode =
  /** Nothing left after cleaning. */
  | 'empty'
  /** A "Sie" team's German draft says du/dich/dir/dein…/euch/euer… */
  | 'address-du'
  /** A "du" team's German draft uses the polite Sie/Ihnen/Ihr… (rule in german-address.ts). */
  | 'address-sie'
  /** Longer than the network takes. */
  | 'too-long'
  /** A web or e-mail address whose host is not on the team's `tone.links`. */
  | 'link-not-allowed'
  /**
   * An @mention: a reply answers in the thread already; a mention would notify someone else (or
   * "@everyone"). Hashtags are no mentions and are allowed, unless they come from the comment.
   */
  | 'mention'
  /** Repeats a link, e-mail address, number, @handle, #hashtag or code-like string from the comment. */
  | 'echoes-comment'
  /** Uses a word or phrase from the tone's `avoid` list (whole words, any case). */
  | 'avoided-word';

export interface DraftProblem {
  code: DraftProblemCode;
  /** What was found in the draft (plain text, short), e.g. ["du", "dir"]. */
  found: string[];
  /** What to fix, in both languages; plain text. */
  words: { de: string; en: string };
}

export type DraftCheck = { ok: true } | { ok: false; problems: DraftProblem[] };

export interface DraftContext {
  /** The network the reply goes to (the comment's source slug): sets the length limit. */
  source: string;
  /** The draft's language ("de", "de-AT", "en"); the address form is checked for German only. */
  language?: string;
  /** The team's tone: address form, words to avoid, hosts links may go to (none: no links). */
  tone?: Partial<Pick<ToneGuide, 'address' | 'avoid' | 'links'>>;
  /** The comment the draft answers (and its thread, if the draft saw it): what the draft must not repeat. */
  commentText?: string;
  /** Overrides the network's limit (e.g. a shorter house rule). */
  maxLength?: number;
}

/** Runs every check on the cleaned draft (`cleanDraft`); show and store that cleaned text. */
export function checkDraft(draft: string, context: DraftContext): DraftCheck {
  const text = cleanDraft(draft);
  const problems: DraftProblem[] = [];
  const add = (code: DraftProblemCode, found: string[]) => {
    const shown = [...new Set(found.map((f) => cutText(plainName(f, 200, '?'), 40)))];
    problems.push({ code, found: shown, words: wordsFor(code, shown, context) });
  };

  if (!text) {
    add('empty', []);
    return { ok: false, problems };
  }

  const german = (context.language ?? '').toLowerCase().split(/[-_]/)[0] === 'de';
  if (german && context.tone?.address === 'sie') {
    const found = familiarForms(text);
    if (found.length) add('address-du', found);
  }
  if (german && context.tone?.address === 'du') {
    const found = politeForms(text);
    if (found.length) add('address-sie', found);
  }

  const limit = context.maxLength ?? replyLimit(context.source);
  const length = replyLength(text, context.source);
  if (length > limit) add('too-long', [`${length} / ${limit}`]);

  const links = findLinks(text);
  const outside = links.filter((l) => !hostAllowed(l.host, context.tone?.links ?? []));
  if (outside.length) add('link-not-allowed', outside.map((l) => l.text));

  const mentions = findMentions(text);
  if (mentions.length) add('mention', mentions.map((m) => `@${m}`));

  if (context.commentText) {
    const echoed = echoes(text, links, context.commentText, context.tone?.links ?? []);
    if (echoed.length) add('echoes-comment', echoed);
  }

  const avoided = avoidedWords(text, context.tone?.avoid ?? []);
  if (avoided.length) add('avoided-word', avoided);

  return problems.length ? { ok: false, problems } : { ok: true };
}

/** What the draft carries on from the comment: the comment is data, never a source of links, contacts or codes. */
function echoes(draft: string, draftLinks: ReturnType<typeof findLinks>, comment: string, allowList: readonly string[]): string[] {
  const found: string[] = [];
  const commentLinks = findLinks(comment);
  for (const link of draftLinks) {
    const same = commentLinks.some(
      (c) => c.host === link.host && (c.kind === 'email' ? link.kind === 'email' && c.text.toLowerCase() === link.text.toLowerCase() : !hostAllowed(link.host, allowList) || (c.path !== '' && c.path === link.path)),
    );
    if (same) found.push(link.text);
  }
  const commentMentions = new Set(findMentions(comment));
  found.push(...findMentions(draft).filter((m) => commentMentions.has(m)).map((m) => `@${m}`));
  const commentTags = new Set(findHashtags(comment));
  found.push(...findHashtags(draft).filter((t) => commentTags.has(t)).map((t) => `#${t}`));
  // The same number written differently ("+49 170 1234567", "0170 1234567"): the last seven digits agree.
  const commentNumbers = findNumbers(comment).map((n) => n.digits.slice(-7));
  found.push(...findNumbers(draft).filter((n) => commentNumbers.includes(n.digits.slice(-7))).map((n) => n.text));
  const readableDraft = skeleton(readableText(draft)).toLowerCase();
  for (const code of findCodeLike(comment)) {
    const needle = skeleton(code).toLowerCase();
    const hit = needle.length >= 6 ? readableDraft.includes(needle) : new RegExp(`(?<![\\p{L}\\p{N}])${escape(needle)}(?![\\p{L}\\p{N}])`, 'u').test(readableDraft);
    if (hit) found.push(code);
  }
  return found;
}

/** Lowercase, accents folded ("Rückerstattung" meets "ruckerstattung"); ß stays. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().normalize('NFC');
}

function avoidedWords(draft: string, avoid: readonly string[]): string[] {
  const words = avoid.map((a) => a.trim()).filter(Boolean);
  if (!words.length) return [];
  const text = fold(skeleton(readableText(draft)));
  return words.filter((w) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(fold(w)).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'u').test(text));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function list(found: string[], open: string, close: string): string {
  const shown = found.slice(0, 5).map((f) => `${open}${f}${close}`);
  return `${shown.join(', ')}${found.length > 5 ? ', …' : ''}`;
}

function wordsFor(code: DraftProblemCode, found: string[], context: DraftContext): { de: string; en: string } {
  const de = list(found, '„', '“');
  const en = list(found, '"', '"');
  switch (code) {
    case 'empty':
      return { de: 'Der Entwurf ist leer.', en: 'The draft is empty.' };
    case 'address-du':
      return {
        de: `Das Team siezt, der Entwurf duzt: ${de}. Bitte mit „Sie“ formulieren.`,
        en: `The team writes "Sie", the draft says "du": ${en}. Rewrite it with "Sie".`,
      };
    case 'address-sie':
      return {
        de: `Das Team duzt, der Entwurf siezt: ${de}. Bitte mit „du“ formulieren.`,
        en: `The team writes "du", the draft uses the polite form: ${en}. Rewrite it with "du".`,
      };
    case 'too-long':
      return {
        de: `Zu lang für ${context.source}: ${found[0]} Zeichen. Bitte kürzen.`,
        en: `Too long for ${context.source}: ${found[0]} characters. Shorten it.`,
      };
    case 'link-not-allowed':
      return {
        de: `Links nur zu freigegebenen Adressen${allowed(context, 'de')}; bitte entfernen: ${de}.`,
        en: `Links may only go to allowed hosts${allowed(context, 'en')}; remove: ${en}.`,
      };
    case 'mention':
      return {
        de: `Keine Erwähnungen in Antworten; bitte entfernen: ${de}.`,
        en: `Replies mention nobody; remove: ${en}.`,
      };
    case 'echoes-comment':
      return {
        de: `Wiederholt Angaben aus dem Kommentar (Links, Kontakte, Nummern, Codes); bitte entfernen: ${de}.`,
        en: `Repeats details from the comment (links, contacts, numbers, codes); remove: ${en}.`,
      };
    case 'avoided-word':
      return {
        de: `Enthält Wörter, die das Team vermeidet: ${de}. Bitte umformulieren.`,
        en: `Uses words the team avoids: ${en}. Rephrase it.`,
      };
  }
}

function allowed(context: DraftContext, locale: 'de' | 'en'): string {
  const hosts = context.tone?.links ?? [];
  if (!hosts.length) return locale === 'de' ? ' (für dieses Team keine)' : ' (none for this team)';
  return ` (${hosts.slice(0, 5).join(', ')}${hosts.length > 5 ? ', …' : ''})`;
}
