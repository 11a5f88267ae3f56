import { z } from 'zod';
import type { IncomingCommentChange } from '../domain/incoming-comment.ts';
import { formatZodError, parseErrors } from './parse-generic-comment.ts';

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
 * (`post`, `status`, `reaction`, `photo`…), verbs we do not map, values that fail validation —
 * is counted in `ignored`, so the route can still answer 200 (Meta keeps retrying a delivery
 * that gets an error status).
 */
export type MetaWebhookResult =
  | { ok: true; changes: IncomingCommentChange[]; ignored: number }
  | { ok: false; error: string };

/** An optional field whose bad value (wrong type, null, empty) reads as absent. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

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
  item: z.literal('comment'),
  verb: z.string(),
  comment_id: z.string().min(1),
  post_id: lenient(z.string().min(1)),
  parent_id: lenient(z.string().min(1)),
  message: lenient(z.string()),
  from: lenient(z.object({ id: lenient(z.string().min(1)), name: lenient(z.string().min(1)) })),
  created_time: lenient(z.number()),
  post: lenient(z.object({ permalink_url: lenient(z.url({ protocol: /^https?$/ })) })),
});

/**
 * Instagram `comments` change value (Webhooks Reference: Instagram; `from`, `media` and
 * `parent_id` were added in Oct 2021):
 *   { id, text, from: { id, username }, media: { id, media_product_type }, parent_id? }
 * There is no verb, no timestamp and no permalink: every delivery is a new comment (Instagram
 * sends no edit or delete notifications for comments).
 */
const instagramCommentSchema = z.object({
  id: z.string().min(1),
  text: lenient(z.string()),
  from: lenient(z.object({ id: lenient(z.string().min(1)), username: lenient(z.string().min(1)) })),
  media: lenient(z.object({ id: lenient(z.string().min(1)) })),
  parent_id: lenient(z.string().min(1)),
});

/** Feed verbs we act on. Meta documents both `edit` and `edited`, and both `remove` and `delete`. */
const UPSERT_VERBS = new Set(['add', 'edited', 'edit']);
const REMOVED_VERBS = new Set(['remove', 'delete']);
const HIDDEN_VERBS = new Set(['hide']);

/**
 * Unix seconds → Date. Page/Instagram timestamps are seconds; Messenger-family payloads use
 * milliseconds, so a value too large to be seconds (> year 5138) is read as milliseconds.
 */
function fromUnixTime(value: number | undefined): Date | undefined {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return undefined;
  return new Date(value > 1e11 ? value : value * 1000);
}

type Context = { entryTime: Date | undefined; now: Date; accountId: string | undefined };

type ChangeParser = (field: string, value: unknown, ctx: Context) => IncomingCommentChange | undefined;

const parseFacebookChange: ChangeParser = (field, value, ctx) => {
  if (field !== 'feed') return undefined;
  const parsed = facebookCommentSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const v = parsed.data;
  // created_time (Unix seconds) is stamped on every verb; on `remove`/`hide` it is when that
  // happened. Meta does not say whether an `edited` delivery carries the original or the edit time.
  const at = fromUnixTime(v.created_time) ?? ctx.entryTime ?? ctx.now;

  if (REMOVED_VERBS.has(v.verb) || HIDDEN_VERBS.has(v.verb)) {
    const reason = HIDDEN_VERBS.has(v.verb) ? 'hidden' : 'removed';
    return { kind: 'removed', source: 'facebook', externalId: v.comment_id, at, reason };
  }
  if (!UPSERT_VERBS.has(v.verb)) return undefined; // unhide, update, block, mute, …
  // The Page's own replies come through the same feed; they are answers, not work for the inbox.
  if (ctx.accountId !== undefined && v.from?.id === ctx.accountId) return undefined;

  return {
    kind: 'upsert',
    comment: {
      source: 'facebook',
      externalId: v.comment_id,
      text: v.message ?? '',
      authorName: v.from?.name ?? 'Facebook user',
      authorId: v.from?.id,
      // The webhook carries the post's permalink, not the comment's; the bare-id URL is a fallback.
      permalink: v.post?.permalink_url ?? `https://www.facebook.com/${v.comment_id}`,
      postId: v.post_id,
      // Top-level comments arrive with parent_id === post_id; only replies have a comment parent.
      parentId: v.parent_id !== undefined && v.parent_id !== v.post_id ? v.parent_id : undefined,
      createdAt: at,
      edited: v.verb !== 'add',
    },
  };
};

const parseInstagramChange: ChangeParser = (field, value, ctx) => {
  if (field !== 'comments') return undefined;
  const parsed = instagramCommentSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const v = parsed.data;
  // The account's own replies are answers, not work for the inbox.
  if (ctx.accountId !== undefined && v.from?.id === ctx.accountId) return undefined;
  return {
    kind: 'upsert',
    comment: {
      source: 'instagram',
      externalId: v.id,
      text: v.text ?? '',
      authorName: v.from?.username ?? 'Instagram user',
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
  let ignored = 0;

  for (const rawEntry of envelope.data.entry) {
    const entry = entrySchema.safeParse(rawEntry);
    if (!entry.success) {
      ignored += 1; // not a `changes` entry (e.g. Messenger `messaging`), or malformed
      continue;
    }
    const ctx: Context = { entryTime: fromUnixTime(entry.data.time), now, accountId: entry.data.id };
    for (const rawChange of entry.data.changes) {
      const change = changeSchema.safeParse(rawChange);
      const parsed = change.success ? parseChange?.(change.data.field, change.data.value, ctx) : undefined;
      if (parsed) changes.push(parsed);
      else ignored += 1;
    }
  }
  return { ok: true, changes, ignored };
}
