import { findLinks } from './draft-text.ts';

/**
 * How long a reply may be on each network, in characters as the network counts them. None of the
 * comment limits is in the networks' API references; the figures are the ones their apps enforce,
 * as published by several independent character counters (looked up 2026):
 * - facebook 8,000: comment limit (typecount.com/tools/facebook-character-counter,
 *   postonce.to/tools/character-counter/facebook, bulkpublish.com/blog/facebook-character-limit).
 * - instagram 2,200: the caption and comment limit (Instagram's app; green-api.com SendComment
 *   "maximum length is 2200 characters").
 * - youtube 10,000: the comment box limit of YouTube.
 * - x 280: weighted characters (developer.x.com "Counting characters", twitter-text config v3): most
 *   Latin, Cyrillic and common punctuation count 1, other characters (CJK, emoji) 2, every link 23.
 * - linkedin 1,250: comment limit (linkedinpreview.com/blog/linkedin-post-length, socialrails.com;
 *   some guides say 1,500; the lower figure is the safe one).
 * - any other source (the generic webhook, a network not listed): `DEFAULT_REPLY_LIMIT`, our own choice
 *   (a reply longer than that is no comment reply any more), not a network's.
 */
export const REPLY_LIMITS: Readonly<Record<string, number>> = {
  facebook: 8000,
  instagram: 2200,
  youtube: 10000,
  x: 280,
  twitter: 280,
  linkedin: 1250,
};

export const DEFAULT_REPLY_LIMIT = 2000;

/** The limit for a source slug (case-insensitive); unknown sources get the default. */
export function replyLimit(source: string): number {
  return REPLY_LIMITS[source.toLowerCase()] ?? DEFAULT_REPLY_LIMIT;
}

/** The length of a reply as `source` counts it: weighted on X, code points everywhere else. */
export function replyLength(text: string, source: string): number {
  const s = source.toLowerCase();
  return s === 'x' || s === 'twitter' ? weightedLength(text) : [...text].length;
}

/** Code points X counts once (twitter-text config v3: weight 100); the rest count twice. */
const LIGHT_RANGES: readonly [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const SHORT_URL = 23;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function weightedLength(text: string): number {
  let rest = text;
  let length = 0;
  for (const link of findLinks(text)) {
    if (link.kind !== 'url' || !rest.includes(link.text)) continue;
    rest = rest.replace(link.text, '');
    length += SHORT_URL;
  }
  for (const { segment } of segmenter.segment(rest)) {
    if (/\p{Extended_Pictographic}/u.test(segment)) {
      length += 2;
      continue;
    }
    for (const c of segment) {
      const code = c.codePointAt(0)!;
      length += LIGHT_RANGES.some(([lo, hi]) => code >= lo && code <= hi) ? 1 : 2;
    }
  }
  return length;
}
