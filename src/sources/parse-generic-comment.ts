import { z } from 'zod';
import type { IncomingComment, IncomingCommentChange } from '../domain/incoming-comment.ts';
import {
  EARLIEST_TIMESTAMP,
  MAX_FUTURE_MS,
  MAX_NAME_LENGTH,
  MAX_PERMALINK_LENGTH,
  MAX_TEXT_LENGTH,
  cleanText,
  idSchema,
  storableString,
} from './comment-limits.ts';

/**
 * Body of `POST /webhooks/comments`: any system that can sign a request (see
 * verify-hmac-signature.ts) can feed comments in with this shape. Only upserts for now.
 *
 * Optional fields also accept `null` (many JSON serialisers write absent values that way);
 * unknown extra fields are ignored.
 *
 * Limits (comment-limits.ts) are refused with a 400 naming the field, since the sender can fix
 * them: ids over 256 characters, a name over 200, a text over 20,000, a permalink over 2048 or not
 * http(s), a `createdAt` before 2000 or more than a day in the future.
 * NUL characters (`\u0000`, which PostgreSQL text cannot hold): stripped from the free text (`text`,
 * `author.name`; a text that is only NULs is then empty and refused), refused in identifiers
 * (`externalId`, `author.id`, `postId`, `parentId`, `permalink`), because a changed id would be
 * another comment. Lone UTF-16 surrogates are treated the same way (replaced by U+FFFD in free text).
 */
export type GenericCommentResult =
  | { ok: true; change: IncomingCommentChange }
  | { ok: false; error: string };

const notBlank = (s: string) => s.trim().length > 0;

/** Free text: cleaned first (comment-limits.ts), then held to its limit and to not being blank. */
const freeText = (max: number) =>
  z
    .string()
    .transform(cleanText)
    .pipe(z.string().max(max, `must be at most ${max} characters`).refine(notBlank, 'must not be empty'));

/** A field-specific message for bad values, while a missing field still reads "Required". */
const badValue = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'Required' : message;

/** `null` → `undefined`, so the domain object never carries nulls. */
const optional = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((v) => v ?? undefined);

const genericCommentSchema = z.object({
  source: z
    .string()
    .regex(
      /^[a-z][a-z0-9_-]{0,31}$/,
      'must be a lowercase slug like "youtube" (a-z, 0-9, _ or -, at most 32 characters)',
    ),
  externalId: idSchema,
  text: freeText(MAX_TEXT_LENGTH),
  author: z.object({
    name: freeText(MAX_NAME_LENGTH),
    id: optional(idSchema),
  }),
  permalink: optional(
    z
      .url({ protocol: /^https?$/, error: badValue('must be an http(s) URL') })
      .max(MAX_PERMALINK_LENGTH, `must be at most ${MAX_PERMALINK_LENGTH} characters`)
      .pipe(storableString),
  ),
  postId: optional(idSchema),
  parentId: optional(idSchema),
  // An offset (`Z` or `+02:00`) is required: a local time without one is ambiguous.
  createdAt: z.iso.datetime({
    offset: true,
    error: badValue('must be an ISO-8601 timestamp, e.g. 2024-05-01T12:00:00Z'),
  }),
  language: optional(
    z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language code like "de" or "en-GB"'),
  ),
  edited: optional(z.boolean()),
});

/**
 * Turns zod issues into one line naming each bad field, e.g.
 * `author.name: Required; createdAt: must be an ISO-8601 timestamp`.
 */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

/** Parse-time error map: a short "Required" for missing fields, "must be a <type>" for wrong types. */
export const parseErrors: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'Required';
  if (issue.expected === 'object') return 'must be a JSON object';
  return issue.expected === 'array' ? 'must be an array' : `must be a ${issue.expected}`;
};

export function parseGenericComment(body: unknown, now: Date): GenericCommentResult {
  const parsed = genericCommentSchema.safeParse(body, { error: parseErrors });
  if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) };
  const v = parsed.data;

  const createdAt = new Date(v.createdAt);
  if (Number.isNaN(createdAt.getTime())) {
    return { ok: false, error: 'createdAt: must be an ISO-8601 timestamp, e.g. 2024-05-01T12:00:00Z' };
  }
  if (createdAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    return { ok: false, error: 'createdAt: must not be more than 1 day in the future' };
  }
  if (createdAt.getTime() < EARLIEST_TIMESTAMP.getTime()) {
    return { ok: false, error: `createdAt: must not be before ${EARLIEST_TIMESTAMP.toISOString().slice(0, 10)}` };
  }

  const comment: IncomingComment = {
    source: v.source,
    externalId: v.externalId,
    text: v.text,
    authorName: v.author.name,
    authorId: v.author.id,
    permalink: v.permalink,
    postId: v.postId,
    parentId: v.parentId,
    createdAt,
    language: v.language,
    edited: v.edited,
  };
  return { ok: true, change: { kind: 'upsert', comment } };
}
