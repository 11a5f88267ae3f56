import { z } from 'zod';
import { cutText } from '../domain/untrusted-text.ts';

/**
 * What a comment from any source may carry, shared by every parser so the sources cannot drift
 * apart. Each parser decides what to do with a value outside them (refuse, drop, cut, fall back)
 * and says so in its doc comment; the database never sees one.
 *
 * Why these numbers: an id longer than a few hundred characters is no network's id and, on
 * PostgreSQL, one near 2,700 bytes no longer fits the unique index's row (error 54000); names and
 * texts are bounded so one delivery cannot fill a card or the table.
 */
export const MAX_ID_LENGTH = 256;
export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 20_000;
export const MAX_PERMALINK_LENGTH = 2048;

/** How far in the future a timestamp may be, to absorb clock skew without trusting nonsense. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
/** No social network we read existed before this; an earlier timestamp is a unit or parsing mistake. */
export const EARLIEST_TIMESTAMP = new Date('2000-01-01T00:00:00Z');

/**
 * U+0000 is the one character PostgreSQL `text` cannot hold (error 22021, on every retry).
 * Lone UTF-16 surrogates (JSON allows `"\ud800"`) do not fail: the drivers encode them as U+FFFD,
 * so what is stored would differ from what was sent (a re-delivery would look like an edit, and two
 * ids could meet in one).
 */
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Free text (comment text, names): NULs removed, lone surrogates replaced by U+FFFD as the database would. */
export function cleanText(value: string): string {
  return value.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Why `value` cannot be an identifier (ids, URLs), or undefined when it can. Identifiers are not
 * repaired: a changed id is another comment.
 */
export function identifierProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters (\\u0000)';
  if (new RegExp(LONE_SURROGATE.source).test(value)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

const notBlank = (s: string) => s.trim().length > 0;

/** A refinement for identifier strings, with `identifierProblem`'s message. */
const checkIdentifier = (value: string, ctx: z.RefinementCtx) => {
  const problem = identifierProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** An id as a source sends it: non-blank, at most `MAX_ID_LENGTH`, storable as is. */
export const idSchema = z
  .string()
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine(notBlank, 'must not be empty')
  .superRefine(checkIdentifier);

/** A string that must be storable as is (a URL): no NUL, no lone surrogate. */
export const storableString = z.string().superRefine(checkIdentifier);


/** Appended to a text that was cut to `MAX_TEXT_LENGTH`, so nobody answers it as if it were whole. */
export const TRUNCATION_MARKER = ' […]';

/** A text cut to `MAX_TEXT_LENGTH` with `TRUNCATION_MARKER` at the end when it was longer. */
export function truncateText(value: string): string {
  return cutText(value, MAX_TEXT_LENGTH, { tail: TRUNCATION_MARKER, trim: false });
}

/** True when `date` is a real instant between `EARLIEST_TIMESTAMP` and a day after `now`. */
export function isSaneTimestamp(date: Date, now: Date): boolean {
  const t = date.getTime();
  return Number.isFinite(t) && t >= EARLIEST_TIMESTAMP.getTime() && t <= now.getTime() + MAX_FUTURE_MS;
}
