import { z } from 'zod';
import type { IncomingComment, IncomingCommentChange } from '../domain/incoming-comment.ts';

/**
 * Body of `POST /webhooks/comments`: any system that can sign a request (see
 * verify-hmac-signature.ts) can feed comments in with this shape. Only upserts for now.
 *
 * Optional fields also accept `null` (many JSON serialisers write absent values that way);
 * unknown extra fields are ignored.
 */
export type GenericCommentResult =
  | { ok: true; change: IncomingCommentChange }
  | { ok: false; error: string };

/** How far in the future `createdAt` may be, to absorb clock skew without trusting nonsense. */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

const notBlank = (s: string) => s.trim().length > 0;

const id = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).refine(notBlank, 'must not be empty');

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
  externalId: id(256),
  text: z.string().max(20_000, 'must be at most 20000 characters').refine(notBlank, 'must not be empty'),
  author: z.object({
    name: z.string().max(200, 'must be at most 200 characters').refine(notBlank, 'must not be empty'),
    id: optional(id(256)),
  }),
  permalink: optional(
    z
      .url({ protocol: /^https?$/, error: badValue('must be an http(s) URL') })
      .max(2048, 'must be at most 2048 characters'),
  ),
  postId: optional(id(256)),
  parentId: optional(id(256)),
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
