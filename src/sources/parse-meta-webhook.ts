import { z } from 'zod';
import type { IncomingCommentChange } from '../domain/incoming-comment.ts';
import {
  MAX_NAME_LENGTH,
  MAX_PERMALINK_LENGTH,
  cleanText,
  idSchema,
  isSaneTimestamp,
  storableString,
  truncateText,
} from './comment-limits.ts';
import { formatZodError, parseErrors } from './parse-generic-comment.ts';
import { cutUnits } from '../domain/untrusted-text.ts';

/**
 * Meta Graph webhook POST bodies (`POST /webhooks/meta`, after verifyHmacSignature with
 * X-Hub-Signature-256 and META_APP_SECRET) → comment changes.
 *
 * Envelope (Graph API "Webhooks" getting-started + reference docs), one per delivery, batched:
 *   { object: 'page' | 'instagram' | …, entry: [{ id, time, changes: [{ field, value }] }] }
 * `entry[].id` is the Page id / Instagram professional account id; `entry[].time` is when Meta
 * sent the notification, in Unix seconds.
 *
 * Only a broken envelope is an error. Everything else we do not turn into a comment change —
 * other objects, other fields (`reactions`, `mention`, `live_comments`…), other feed items
 * (`post`, `status`, `reaction`, `photo`…), verbs we do not map, the account's own replies —
 * is counted in `ignored`, so the route can still answer 200 (Meta keeps retrying a delivery
 * that gets an error status).
 *
 * A comment change we would act on but cannot take is `skipped` (with the field and why, never
 * the text), and the rest of the batch goes on. Limits are those of the generic webhook
 * (comment-limits.ts), applied so that as much of a comment as possible is kept, since Meta cannot
 * be told to fix a value:
 * - the comment's own id (`comment_id`, Instagram `id`): over 256 characters, or holding a NUL
 *   (`\u0000`, which PostgreSQL text cannot hold) or a lone surrogate → the change is skipped
 *   (an altered id would be another comment);
 * - other ids (`post_id`, `parent_id`, `from.id`, `media.id`) and `post.permalink_url` with such a
 *   value, or a permalink over 2048 characters → dropped like any malformed extra;
 * - author name: NULs removed, cut to 200 characters (the comment is still worth having);
 * - text: NULs removed, cut to 20,000 characters ending in ` […]` (`TRUNCATION_MARKER`), so the
 *   comment is not lost and nobody mistakes it for the whole;
 * - timestamps (`created_time`, `entry.time`) that are not finite, before 2000 or more than a day
 *   in the future → `created_time` falls back to `entry.time`, then to now: never an invalid Date.
 */
export type MetaWebhookResult =
  | { ok: true; changes: IncomingCommentChange[]; ignored: number; skipped: SkippedChange[] }
  | { ok: false; error: string };

/** A comment change left out: its source and what was wrong (field and rule; no ids, no text). */
export interface SkippedChange {
  source: 'facebook' | 'instagram';
  reason: string;
}

/** An optional field whose bad value (wrong type, null, empty) reads as absent. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** An optional id: a bad one (too long, NUL…) reads as absent. */
const extraId = lenient(idSchema);

/** Free text: NULs removed; blank reads as absent (the caller's fallback applies). */
const freeText = z.string().transform((v) => {
  const clean = cleanText(v);
  return clean.trim().length > 0 ? clean : undefined;
});

const permalink = lenient(
  z.url({ protocol: /^https?$/ }).max(MAX_PERMALINK_LENGTH).pipe(storableString),
);

const envelopeSchema = z.object({
  object: z.string(),
  entry: z.array(z.unknown()),
});

const entrySchema = z.object({
  /** The Page or Instagram account the change belongs to. */
  id: lenient(z.string()),
  time: lenient(z.number()),
  // Messenger-style entries carry `messaging` instead of `changes`; those fail here and are ignored.
  changes: z.array(z.unknown()),
});

const changeSchema = z.object({ field: z.string(), value: z.unknown() });

/**
 * Page `feed` change value for `item: 'comment'` (Webhooks Reference: Page, field `feed`).
 * Example on the wire:
 *   { from: { id, name }, item: 'comment', comment_id: '<post>_<comment>', post_id: '<page>_<post>',
 *     parent_id, verb: 'add', created_time: 1510092431, message: '…',
 *     post: { id, permalink_url, status_type, … } }
 * `message` is absent for photo/sticker-only comments; `from` may lack `name` (or be absent)
 * depending on the app's permissions, and on `remove` carries only `id`.
 * Only item, verb and comment_id are essential; a malformed extra (`.catch`) is dropped rather
 * than costing us the comment.
 */
const facebookCommentSchema = z.object({
  comment_id: idSchema,
  post_id: extraId,
  parent_id: extraId,
  message: lenient(freeText),
  from: lenient(z.object({ id: extraId, name: lenient(freeText) })),
  created_time: lenient(z.number()),
  post: lenient(z.object({ permalink_url: permalink })),
});

/** What says whether a feed value is a comment change for us at all (else it is ignored, not skipped). */
const feedItemSchema = z.object({ item: z.literal('comment'), verb: z.string() });

/**
 * Instagram `comments` change value (Webhooks Reference: Instagram; `from`, `media` and
 * `parent_id` were added in Oct 2021):
 *   { id, text, from: { id, username }, media: { id, media_product_type }, parent_id? }
 * There is no verb, no timestamp and no permalink: every delivery is a new comment (Instagram
 * sends no edit or delete notifications for comments).
 */
const instagramCommentSchema = z.object({
  id: idSchema,
  text: lenient(freeText),
  from: lenient(z.object({ id: extraId, username: lenient(freeText) })),
  media: lenient(z.object({ id: extraId })),
  parent_id: extraId,
});

/** Feed verbs we act on. Meta documents both `edit` and `edited`, and both `remove` and `delete`. */
const UPSERT_VERBS = new Set(['add', 'edited', 'edit']);
const REMOVED_VERBS = new Set(['remove', 'delete']);
const HIDDEN_VERBS = new Set(['hide']);

/**
 * Unix seconds → Date, or undefined when absent or out of range (isSaneTimestamp). Page/Instagram
 * timestamps are seconds; Messenger-family payloads use milliseconds, so a value too large to be
 * seconds (> year 5138) is read as milliseconds.
 */
function fromUnixTime(value: number | undefined, now: Date): Date | undefined {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return undefined;
  const date = new Date(value > 1e11 ? value : value * 1000);
  return isSaneTimestamp(date, now) ? date : undefined;
}

type Context = { entryTime: Date | undefined; now: Date; accountId: string | undefined };

/** A comment change, nothing for us (`undefined`: ignored), or a comment we cannot take. */
type ChangeParse = IncomingCommentChange | { skipped: SkippedChange } | undefined;

type ChangeParser = (field: string, value: unknown, ctx: Context) => ChangeParse;

const skip = (source: SkippedChange['source'], error: z.ZodError): ChangeParse => ({
  skipped: { source, reason: formatZodError(error) },
});

const parseFacebookChange: ChangeParser = (field, value, ctx) => {
  if (field !== 'feed') return undefined;
  const item = feedItemSchema.safeParse(value);
  if (!item.success) return undefined; // posts, reactions, statuses…
  const verb = item.data.verb;
  const removal = REMOVED_VERBS.has(verb) || HIDDEN_VERBS.has(verb);
  if (!removal && !UPSERT_VERBS.has(verb)) return undefined; // unhide, update, block, mute, …
  const parsed = facebookCommentSchema.safeParse(value, { error: parseErrors });
  if (!parsed.success) return skip('facebook', parsed.error);
  const v = parsed.data;
  // created_time (Unix seconds) is stamped on every verb; on `remove`/`hide` it is when that
  // happened. Meta does not say whether an `edited` delivery carries the original or the edit time.
  const at = fromUnixTime(v.created_time, ctx.now) ?? ctx.entryTime ?? ctx.now;

  if (removal) {
    const reason = HIDDEN_VERBS.has(verb) ? 'hidden' : 'removed';
    return { kind: 'removed', source: 'facebook', externalId: v.comment_id, at, reason };
  }
  // The Page's own replies come through the same feed; they are answers, not work for the inbox.
  if (ctx.accountId !== undefined && v.from?.id === ctx.accountId) return undefined;

  return {
    kind: 'upsert',
    comment: {
      source: 'facebook',
      externalId: v.comment_id,
      text: truncateText(v.message ?? ''),
      authorName: cutUnits(v.from?.name ?? 'Facebook user', MAX_NAME_LENGTH),
      authorId: v.from?.id,
      // The webhook carries the post's permalink, not the comment's; the bare-id URL is a fallback.
      permalink: v.post?.permalink_url ?? `https://www.facebook.com/${v.comment_id}`,
      postId: v.post_id,
      // Top-level comments arrive with parent_id === post_id; only replies have a comment parent.
      parentId: v.parent_id !== undefined && v.parent_id !== v.post_id ? v.parent_id : undefined,
      createdAt: at,
      edited: verb !== 'add',
    },
  };
};

const parseInstagramChange: ChangeParser = (field, value, ctx) => {
  if (field !== 'comments') return undefined;
  const parsed = instagramCommentSchema.safeParse(value, { error: parseErrors });
  if (!parsed.success) return skip('instagram', parsed.error);
  const v = parsed.data;
  // The account's own replies are answers, not work for the inbox.
  if (ctx.accountId !== undefined && v.from?.id === ctx.accountId) return undefined;
  return {
    kind: 'upsert',
    comment: {
      source: 'instagram',
      externalId: v.id,
      text: truncateText(v.text ?? ''),
      authorName: cutUnits(v.from?.username ?? 'Instagram user', MAX_NAME_LENGTH),
      authorId: v.from?.id,
      permalink: undefined, // not in the webhook; needs a Graph API call for the media permalink
      postId: v.media?.id,
      parentId: v.parent_id,
      // The value has no timestamp: entry.time (when Meta sent it) is the closest we get.
      createdAt: ctx.entryTime ?? ctx.now,
    },
  };
};

/** By the envelope's `object`; other objects (`user`, `permissions`, …) are ignored. */
const PARSERS = new Map<string, ChangeParser>([
  ['page', parseFacebookChange],
  ['instagram', parseInstagramChange],
]);

export function parseMetaWebhook(body: unknown, now: Date): MetaWebhookResult {
  const envelope = envelopeSchema.safeParse(body, { error: parseErrors });
  if (!envelope.success) return { ok: false, error: formatZodError(envelope.error) };

  const parseChange = PARSERS.get(envelope.data.object);
  const changes: IncomingCommentChange[] = [];
  const skipped: SkippedChange[] = [];
  let ignored = 0;

  for (const rawEntry of envelope.data.entry) {
    const entry = entrySchema.safeParse(rawEntry);
    if (!entry.success) {
      ignored += 1; // not a `changes` entry (e.g. Messenger `messaging`), or malformed
      continue;
    }
    const ctx: Context = { entryTime: fromUnixTime(entry.data.time, now), now, accountId: entry.data.id };
    for (const rawChange of entry.data.changes) {
      const change = changeSchema.safeParse(rawChange);
      const parsed = change.success ? parseChange?.(change.data.field, change.data.value, ctx) : undefined;
      if (parsed === undefined) ignored += 1;
      else if ('skipped' in parsed) skipped.push(parsed.skipped);
      else changes.push(parsed);
    }
  }
  return { ok: true, changes, ignored, skipped };
}
