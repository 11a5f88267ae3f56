import type { CardRecord, CommentRecord } from '../domain/comment.ts';
import type { CommentStatus, Priority } from '../domain/comment-lifecycle.ts';
import type { IncomingComment } from '../domain/incoming-comment.ts';
import type { OutboxItem } from '../domain/outbox-intent.ts';
import { type ClaimInput, type ClaimOutcome, type CommentChanges, type CommentWrite, type DeskStore, type ReminderStepWrite, type IngestResult, NEW_CARD, type NewCommentPlan } from '../domain/ports.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import type { Phase } from '../domain/service-level.ts';
import { isUuid } from '../domain/ids.ts';
import type { InboxReads, LoggedChange } from '../domain/inbox-reads.ts';
import type { CommentTriage } from '../domain/comment-triage.ts';
import type { ThreadReads, TriageQueue } from '../domain/triage-queue.ts';
import { BatchQueue } from './batch-queue.ts';
import { outboxRows, queueCardUpdates } from './outbox-rows.ts';

type NewComment = { comment: IncomingComment; plan: NewCommentPlan; now: Date };

/**
 * The desk's storage on Prisma (PGlite or PostgreSQL). The hot paths — storing new comments,
 * reading a comment with its cards, writing a lifecycle change — are single SQL statements that
 * group-commit: concurrent callers share one statement (see BatchQueue).
 */
export class PrismaDeskStore implements DeskStore, InboxReads, TriageQueue, ThreadReads {
  private readonly inserts: BatchQueue<NewComment, string | null>;
  private readonly reads: BatchQueue<string, { comment: CommentRecord; cards: CardRecord[] } | null>;
  private readonly writes: BatchQueue<CommentWrite, boolean>;
  private readonly claims: BatchQueue<ClaimInput, ClaimOutcome>;

  constructor(
    private readonly prisma: PrismaClient,
    /** Called after a write that queued outbox rows (the delivery loop listens). */
    private readonly onOutboxRows: () => void = () => {},
  ) {
    this.inserts = new BatchQueue((items) => this.insertBatch(items));
    this.reads = new BatchQueue((ids) => this.readBatch(ids), 500);
    this.writes = new BatchQueue((items) => this.writeBatch(items));
    this.claims = new BatchQueue((items) => this.claimBatch(items));
  }

  async insertComment(comment: IncomingComment, plan: NewCommentPlan, now: Date): Promise<IngestResult> {
    const id = await this.inserts.push({ comment, plan, now });
    if (id) {
      if (plan.cards.length) this.onOutboxRows();
      return { commentId: id, created: true };
    }
    const existing = await this.prisma.comment.findUnique({
      where: { source_externalId: { source: comment.source, externalId: comment.externalId } },
      select: { id: true },
    });
    if (!existing) throw new Error(`comment ${comment.source}/${comment.externalId} was neither inserted nor found`);
    return { commentId: existing.id, created: false };
  }

  /**
   * One statement per batch: the comments, their `received` events, their cards and the cards'
   * outbox rows go in together or not at all. A repeated delivery hits the unique
   * (source, external_id) and inserts nothing; its slot answers null.
   */
  private async insertBatch(items: NewComment[]): Promise<(string | null)[]> {
    const col = <T>(f: (b: NewComment) => T) => items.map(f);
    const rows = await this.prisma.$queryRaw<{ id: string; ord: bigint }[]>`
      WITH input AS (
        SELECT * FROM unnest(
          ${col((b) => b.comment.source)}::text[], ${col((b) => b.comment.externalId)}::text[], ${col((b) => b.comment.text)}::text[],
          ${col((b) => b.comment.authorName)}::text[], ${col((b) => b.comment.authorId ?? null)}::text[],
          ${col((b) => b.comment.permalink ?? null)}::text[], ${col((b) => b.comment.postId ?? null)}::text[],
          ${col((b) => b.comment.parentId ?? null)}::text[], ${col((b) => b.comment.language ?? null)}::text[],
          ${col((b) => b.comment.createdAt.toISOString())}::timestamptz[], ${col((b) => b.now.toISOString())}::timestamptz[],
          ${col((b) => b.plan.teamId)}::text[], ${col((b) => b.plan.priority)}::text[], ${col((b) => b.plan.isDrill)}::boolean[], ${col((b) => b.plan.crisisId)}::uuid[],
          ${col((b) => JSON.stringify({ teamId: b.plan.teamId, priority: b.plan.priority, rules: b.plan.matchedRules, ...(b.plan.crisisId ? { crisisId: b.plan.crisisId } : {}) }))}::jsonb[],
          ${col((b) => b.plan.cards[0]?.platform ?? null)}::text[], ${col((b) => b.plan.cards[0]?.channel ?? null)}::text[],
          ${col((b) => (b.plan.cards.length > 1 ? JSON.stringify(b.plan.cards.slice(1)) : null))}::jsonb[],
          ${col((b) => b.plan.sla.firstResponseDueAt.toISOString())}::timestamptz[], ${col((b) => b.plan.sla.resolutionDueAt.toISOString())}::timestamptz[],
          ${col((b) => b.plan.sla.nextReminderAt?.toISOString() ?? null)}::timestamptz[]
        ) WITH ORDINALITY AS t(source, external_id, text, author_name, author_id, permalink, post_id, parent_id, language,
                               created_at, received_at, team_id, priority, is_drill, crisis_id, event_data, card_platform, card_channel, more_cards,
                               first_response_due_at, resolution_due_at, next_reminder_at, ord)
      ), c AS (
        INSERT INTO comment (id, source, external_id, text, author_name, author_id, permalink, post_id, parent_id,
                             language, created_at, received_at, team_id, priority, status, is_drill, crisis_id, version,
                             first_response_due_at, resolution_due_at, next_reminder_at)
        SELECT gen_random_uuid(), source, external_id, text, author_name, author_id, permalink, post_id, parent_id,
               language, created_at, received_at, team_id, priority::"Priority", 'open', is_drill, crisis_id, 1,
               first_response_due_at, resolution_due_at, next_reminder_at
        FROM input ORDER BY ord
        ON CONFLICT (source, external_id) DO NOTHING
        RETURNING id, source, external_id, team_id
      ), j AS (
        -- The same comment twice in one batch: the first delivery is the one that was inserted.
        SELECT DISTINCT ON (c.id) c.id, c.team_id, i.ord, i.received_at, i.event_data, i.card_platform, i.card_channel, i.more_cards
        FROM c JOIN input i ON i.source = c.source AND i.external_id = c.external_id
        ORDER BY c.id, i.ord
      ), e AS (
        INSERT INTO event (comment_id, type, actor_id, data, at) SELECT id, 'received', NULL, event_data, received_at FROM j
      ), card AS (
        INSERT INTO chat_card (id, comment_id, platform, channel, team_id, active, created_at)
        -- The team's first channel as plain columns (most teams have one); channels on further platforms as JSON.
        SELECT gen_random_uuid(), id, card_platform, card_channel, team_id, true, received_at FROM j WHERE card_channel IS NOT NULL
        UNION ALL
        SELECT gen_random_uuid(), j.id, x.platform, x.channel, j.team_id, true, j.received_at
        FROM j CROSS JOIN LATERAL jsonb_to_recordset(j.more_cards) AS x(platform text, channel text) WHERE j.more_cards IS NOT NULL
        RETURNING id, comment_id, platform, channel, created_at
      ), o AS (
        INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at)
        SELECT 'card.post:' || card.comment_id || ':' || card.platform || ':' || card.channel || ':v1', 'card.post',
               jsonb_build_object('kind', 'card.post', 'platform', card.platform, 'commentId', card.comment_id, 'cardId', card.id), card.channel, 'pending', 0, card.created_at, card.created_at
        FROM card
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT id::text AS id, ord FROM j`;
    const byOrd = new Map(rows.map((r) => [Number(r.ord), r.id]));
    return items.map((_, i) => byOrd.get(i + 1) ?? null);
  }

  async getComment(id: string): Promise<CommentRecord | null> {
    return (await this.getCommentWithCards(id))?.comment ?? null;
  }

  async getCommentWithCards(id: string): Promise<{ comment: CommentRecord; cards: CardRecord[] } | null> {
    if (!isUuid(id)) return null;
    return this.reads.push(id.toLowerCase());
  }

  private async readBatch(ids: string[]): Promise<({ comment: CommentRecord; cards: CardRecord[] } | null)[]> {
    const rows = await this.prisma.$queryRaw<CommentWithCardsRow[]>`
      SELECT ${COMMENT_COLUMNS}, ${CARDS_JSON} FROM comment c WHERE c.id = ANY(${ids}::uuid[])`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? withCards(row) : null;
    });
  }

  async teamInbox(teamId: string, options: { closedSince: Date; limit: number }): Promise<{ comment: CommentRecord; cards: CardRecord[] }[]> {
    const rows = await this.prisma.$queryRaw<CommentWithCardsRow[]>`
      (SELECT ${COMMENT_COLUMNS}, ${CARDS_JSON} FROM comment c
        WHERE c.team_id = ${teamId} AND c.status IN ('open', 'claimed')
        ORDER BY CASE c.priority WHEN 'crisis' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, c.received_at, c.id
        LIMIT ${options.limit})
      UNION ALL
      (SELECT ${COMMENT_COLUMNS}, ${CARDS_JSON} FROM comment c
        WHERE c.team_id = ${teamId} AND c.closed_at IS NOT NULL AND c.closed_at >= ${options.closedSince.toISOString()}::timestamptz
          AND c.status NOT IN ('open', 'claimed')
        ORDER BY c.closed_at DESC, c.id
        LIMIT ${options.limit})`;
    return rows.map(withCards);
  }

  async commentsWithCards(ids: readonly string[]): Promise<{ comment: CommentRecord; cards: CardRecord[] }[]> {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    if (!valid.length) return [];
    const rows = await this.prisma.$queryRaw<CommentWithCardsRow[]>`
      SELECT ${COMMENT_COLUMNS}, ${CARDS_JSON} FROM comment c WHERE c.id = ANY(${valid}::uuid[])`;
    return rows.map(withCards);
  }

  async earlierInThread(comment: CommentRecord, limit: number): Promise<CommentRecord[]> {
    if (!comment.parentId) return [];
    // The parent, and the replies to it that came before this one (same source: ids are the source's).
    const rows = await this.prisma.$queryRaw<CommentRow[]>`
      SELECT * FROM (
        SELECT ${COMMENT_COLUMNS} FROM comment c
        WHERE c.source = ${comment.source} AND c.id <> ${comment.id}::uuid
          AND (c.external_id = ${comment.parentId} OR (c.parent_id = ${comment.parentId} AND c.created_at <= ${comment.createdAt.toISOString()}::timestamptz))
        ORDER BY c.created_at DESC, c.id
        LIMIT ${limit}) t
      ORDER BY t.created_at, t.id`;
    return rows.map(toCommentRecord);
  }

  async awaitingTriage(since: Date, limit: number): Promise<{ comment: CommentRecord; cards: CardRecord[] }[]> {
    // Recent arrivals only: the BRIN index on received_at finds them, however old the table. With their
    // cards, so the triage write needs no read of its own unless the comment changed meanwhile.
    const rows = await this.prisma.$queryRaw<CommentWithCardsRow[]>`
      SELECT ${COMMENT_COLUMNS}, ${CARDS_JSON} FROM comment c
      WHERE c.received_at >= ${since.toISOString()}::timestamptz AND c.triaged_at IS NULL AND NOT c.is_drill
        AND c.status IN ('open', 'claimed')
      ORDER BY c.received_at, c.id
      LIMIT ${limit}`;
    return rows.map(withCards);
  }

  async latestChangeId(): Promise<bigint> {
    const rows = await this.prisma.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM event`;
    return BigInt(rows[0]?.id ?? 0);
  }

  async changesSince(afterId: bigint, limit: number): Promise<LoggedChange[]> {
    const rows = await this.prisma.$queryRaw<{ id: bigint; comment_id: string | null; crisis_id: string | null }[]>`
      SELECT id, comment_id::text AS comment_id, crisis_id::text AS crisis_id FROM event WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`;
    return rows.map((r) => ({ id: BigInt(r.id), commentId: r.comment_id, crisisId: r.crisis_id }));
  }

  async dueForReminder(now: Date, limit: number): Promise<CommentRecord[]> {
    const rows = await this.prisma.$queryRaw<CommentRow[]>`
      SELECT ${COMMENT_COLUMNS}
      FROM comment c
      WHERE c.next_reminder_at <= ${now.toISOString()}::timestamptz AND c.status IN ('open', 'claimed')
      ORDER BY c.next_reminder_at
      LIMIT ${limit}`;
    return rows.map(toCommentRecord);
  }

  async recordReminderSteps(steps: ReminderStepWrite[], now: Date): Promise<boolean[]> {
    if (!steps.length) return [];
    const col = <T>(f: (s: ReminderStepWrite) => T) => steps.map(f);
    const at = now.toISOString();
    // Like the claim: one statement, card refreshes built in SQL; only the step's own messages come as JSON.
    const rows = await this.prisma.$queryRaw<{ ord: bigint }[]>`
      WITH input AS (
        SELECT * FROM unnest(
          ${col((s) => s.commentId)}::uuid[], ${col((s) => s.expectedVersion)}::int[], ${col((s) => s.phase)}::text[],
          ${col((s) => s.step)}::int[], ${col((s) => s.nextReminderAt?.toISOString() ?? null)}::timestamptz[],
          ${col((s) => JSON.stringify(s.eventData))}::jsonb[], ${col((s) => JSON.stringify(s.messages))}::jsonb[]
        ) WITH ORDINALITY AS t(id, expected_version, phase, step, next_at, event_data, messages, ord)
      ), u AS (
        UPDATE comment c SET reminder_phase = i.phase, reminder_step = i.step, reminded_at = ${at}::timestamptz,
               next_reminder_at = i.next_at, version = c.version + 1
        FROM input i
        WHERE c.id = i.id AND c.version = i.expected_version AND c.status IN ('open', 'claimed')
        RETURNING i.ord, c.id, c.version, c.team_id
      ), w AS (
        SELECT i.event_data, i.messages, u.* FROM input i JOIN u ON u.ord = i.ord
      ), e AS (
        INSERT INTO event (comment_id, type, actor_id, data, at)
        SELECT id, 'reminder', NULL, event_data || jsonb_build_object('teamId', team_id), ${at}::timestamptz FROM w
      ), m AS (
        INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at)
        SELECT message->>'dedupeKey', message->'intent'->>'kind', message->'intent', message->>'channel', 'pending', 0, ${at}::timestamptz, ${at}::timestamptz
        FROM w CROSS JOIN LATERAL jsonb_array_elements(w.messages) AS message
        ON CONFLICT (dedupe_key) DO NOTHING
      ), r AS (${queueCardUpdates('w', Prisma.sql`${at}::timestamptz`)}
      )
      SELECT ord FROM u`;
    const applied = new Set(rows.map((r) => Number(r.ord)));
    if (applied.size) this.onOutboxRows();
    return steps.map((_, i) => applied.has(i + 1));
  }

  async rescheduleReminders(items: { commentId: string; version: number; nextReminderAt: Date | null }[]): Promise<number> {
    if (!items.length) return 0;
    return this.prisma.$executeRaw`
      UPDATE comment c SET next_reminder_at = i.next_reminder_at
      FROM unnest(${items.map((i) => i.commentId)}::uuid[], ${items.map((i) => i.version)}::int[],
                  ${items.map((i) => i.nextReminderAt?.toISOString() ?? null)}::timestamptz[]) AS i(id, version, next_reminder_at)
      WHERE c.id = i.id AND c.version = i.version`;
  }

  async findCommentBySource(source: string, externalId: string): Promise<CommentRecord | null> {
    const [row] = await this.prisma.$queryRaw<CommentRow[]>`
      SELECT ${COMMENT_COLUMNS} FROM comment c WHERE c.source = ${source} AND c.external_id = ${externalId}`;
    return row ? toCommentRecord(row) : null;
  }

  async writeComment(write: CommentWrite): Promise<boolean> {
    const written = await this.writes.push(write);
    if (written && write.outbox.length) this.onOutboxRows();
    return written;
  }

  /**
   * One statement per batch. Each write applies only if its comment is still at the expected
   * version; with it go the event, card moves and outbox rows — or none of them. If two writes of
   * a batch race for the same comment, PostgreSQL applies one and the other reports false.
   */
  private async writeBatch(writes: CommentWrite[]): Promise<boolean[]> {
    const col = <T>(f: (w: CommentWrite) => T) => writes.map(f);
    const rows = await this.prisma.$queryRaw<{ ord: bigint }[]>`
      WITH input AS (
        SELECT * FROM unnest(
          ${col((w) => w.commentId)}::uuid[], ${col((w) => w.expectedVersion)}::int[],
          ${col((w) => JSON.stringify(changesJson(w.changes)))}::jsonb[],
          ${col((w) => w.event.type)}::text[], ${col((w) => w.event.actorId)}::text[], ${col((w) => JSON.stringify(w.event.data))}::jsonb[],
          ${col((w) => w.now.toISOString())}::timestamptz[],
          ${col((w) => JSON.stringify(w.deactivateCardIds ?? []))}::jsonb[],
          ${col((w) => JSON.stringify(w.newCards ?? []))}::jsonb[],
          ${col((w) => JSON.stringify(w.outbox))}::jsonb[]
        ) WITH ORDINALITY AS t(id, expected_version, ch, event_type, actor_id, event_data, now, deactivate, new_cards, outbox, ord)
      ), u AS (
        UPDATE comment c SET ${CHANGE_ASSIGNMENTS}, version = c.version + 1
        FROM input i
        WHERE c.id = i.id AND c.version = i.expected_version
        RETURNING i.ord, c.version AS new_version, c.team_id AS new_team_id
      ), w AS (
        SELECT i.*, u.new_version, u.new_team_id FROM input i JOIN u ON u.ord = i.ord
      ), e AS (
        -- Every event records the team the comment is with afterwards (KPIs per team/department).
        INSERT INTO event (comment_id, type, actor_id, data, at)
        SELECT id, event_type, actor_id, event_data || jsonb_build_object('teamId', new_team_id), now FROM w
      ), d AS (
        UPDATE chat_card cc SET active = false FROM w
        WHERE cc.comment_id = w.id AND cc.id::text IN (SELECT jsonb_array_elements_text(w.deactivate))
      ), nc AS (
        INSERT INTO chat_card (id, comment_id, platform, channel, team_id, active, created_at)
        SELECT gen_random_uuid(), w.id, x.platform, x.channel, x."teamId", true, w.now
        FROM w CROSS JOIN LATERAL jsonb_to_recordset(w.new_cards) AS x(platform text, channel text, "teamId" text)
        ON CONFLICT (comment_id, platform, channel) DO UPDATE SET active = true, team_id = EXCLUDED.team_id
        RETURNING id, comment_id, platform
      ), o AS (
        INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at)
        SELECT x->>'dedupeKey', x->'intent'->>'kind',
               -- A post whose platform got no new card keeps the placeholder: its handler fails that row visibly, not the whole batch.
               CASE WHEN nc.id IS NOT NULL THEN jsonb_set(x->'intent', '{cardId}', to_jsonb(nc.id::text)) ELSE x->'intent' END,
               x->>'channel', 'pending', 0, w.now, w.now
        FROM w CROSS JOIN LATERAL jsonb_array_elements(w.outbox) AS x
          LEFT JOIN nc ON nc.comment_id = w.id AND nc.platform = x->'intent'->>'platform' AND x->'intent'->>'cardId' = ${NEW_CARD}
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT ord FROM u`;
    const applied = new Set(rows.map((r) => Number(r.ord)));
    return writes.map((_, i) => applied.has(i + 1));
  }

  async claimIfOpen(input: ClaimInput): Promise<ClaimOutcome> {
    const outcome = await this.claims.push(input);
    if (outcome.outcome === 'claimed' || (outcome.outcome === 'held_by' && input.refusal)) this.onOutboxRows();
    return outcome;
  }

  /**
   * The hot click, lean: claim what is still open, log it, refresh its active cards. A click that
   * lost — to a claim of this statement or an earlier one — gets its refusal queued here too, so a
   * storm on one card costs each loser no more than the winner. One statement per batch.
   */
  private async claimBatch(items: ClaimInput[]): Promise<ClaimOutcome[]> {
    const rows = await this.prisma.$queryRaw<{ ord: bigint; claimed: boolean; holder_id: string | null }[]>`
      WITH input AS (
        SELECT * FROM unnest(${items.map((i) => i.commentId)}::uuid[], ${items.map((i) => i.memberId)}::text[],
                             ${items.map((i) => i.now.toISOString())}::timestamptz[],
                             ${items.map((i) => (i.refusal ? JSON.stringify(i.refusal) : null))}::jsonb[],
                             ${items.map((i) => i.via ?? null)}::text[]) WITH ORDINALITY AS t(id, member_id, now, refusal, via, ord)
      ), u AS (
        -- Kept lean: the first response is this claim's claimed_at until a later change stores it, and
        -- next_reminder_at already wakes the sweep in time for the resolution steps (see planReminder).
        UPDATE comment c SET status = 'claimed', holder_id = i.member_id, claimed_at = i.now, version = c.version + 1
        FROM input i WHERE c.id = i.id AND c.status = 'open'
        RETURNING i.ord, c.id, c.version, c.team_id, i.member_id, i.now, i.via
      ), e AS (
        INSERT INTO event (comment_id, type, actor_id, data, at)
        SELECT id, 'claimed', member_id,
               jsonb_build_object('from', jsonb_build_object('status', 'open', 'teamId', team_id, 'holderId', NULL), 'teamId', team_id)
                 || CASE WHEN via IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('via', via) END, now
        FROM u
      ), r AS (${queueCardUpdates('u', Prisma.sql`u.now`)}
      ), lost AS (
        -- The holder: this statement's winner, else the holder as the statement found it. A comment
        -- found open that this statement did not claim was claimed by another transaction meanwhile
        -- (PostgreSQL): no holder, the caller reads it.
        SELECT i.ord, i.member_id, i.now, i.refusal, COALESCE(w.member_id, CASE WHEN c.status = 'claimed' THEN c.holder_id END) AS holder_id
        FROM input i
        LEFT JOIN u w ON w.id = i.id
        LEFT JOIN comment c ON c.id = i.id
        WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.ord = i.ord)
      ), n AS (
        INSERT INTO outbox (dedupe_key, kind, payload, channel, status, attempts, next_attempt_at, created_at)
        SELECT refusal->>'dedupeKey', refusal->'intent'->>'kind',
               jsonb_set(refusal->'intent', '{notice,heldBy}', to_jsonb(holder_id)), refusal->>'channel', 'pending', 0, now, now
        FROM lost WHERE refusal IS NOT NULL AND holder_id <> member_id
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT ord, true AS claimed, NULL AS holder_id FROM u
      UNION ALL
      SELECT ord, false, holder_id FROM lost`;
    const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
    return items.map((item, i): ClaimOutcome => {
      const row = byOrd.get(i + 1);
      if (row?.claimed) return { outcome: 'claimed' };
      if (row?.holder_id && row.holder_id !== item.memberId) return { outcome: 'held_by', holderId: row.holder_id };
      return { outcome: 'undecided' };
    });
  }

  async openWorkByTeam(now: Date) {
    const at = now.toISOString();
    const rows = await this.prisma.$queryRaw<{ team_id: string; open: bigint; claimed: bigint; overdue: bigint; oldest: Date | null }[]>`
      SELECT team_id,
             count(*) FILTER (WHERE status = 'open') AS open,
             count(*) FILTER (WHERE status = 'claimed') AS claimed,
             count(*) FILTER (WHERE CASE WHEN COALESCE(first_response_at, claimed_at) IS NULL THEN first_response_due_at ELSE resolution_due_at END < ${at}::timestamptz) AS overdue,
             min(received_at) FILTER (WHERE status = 'open') AS oldest
      FROM comment
      WHERE status IN ('open', 'claimed') AND NOT is_drill
      GROUP BY team_id`;
    return rows.map((r) => ({ teamId: r.team_id, open: Number(r.open), claimed: Number(r.claimed), overdue: Number(r.overdue), oldestReceivedAt: r.oldest }));
  }

  async enqueue(items: OutboxItem[], now: Date): Promise<void> {
    if (!items.length) return;
    await this.prisma.outbox.createMany({
      skipDuplicates: true,
      data: outboxRows(items, now),
    });
    this.onOutboxRows();
  }
}

/** Every column of a comment, as the rows below read them (alias c). */
const COMMENT_COLUMNS = Prisma.raw(`c.id::text AS id, c.source, c.external_id, c.text, c.author_name, c.author_id, c.permalink,
  c.post_id, c.parent_id, c.language, c.created_at, c.received_at, c.edited_at, c.team_id, c.priority::text AS priority,
  c.status::text AS status, c.holder_id, c.claimed_at, c.routed_by_id, c.routed_at, c.routed_from, c.closed_by_id,
  c.closed_at, c.is_drill, c.crisis_id::text AS crisis_id, c.version, c.first_response_at, c.first_response_due_at, c.resolution_due_at, c.sla_started_at,
  c.sla_spent_seconds, c.next_reminder_at, c.reminder_phase, c.reminder_step, c.reminded_at, c.snoozed_until, c.triage`);

/** The comment's cards (active or not), oldest first, as one JSON column. */
const CARDS_JSON = Prisma.raw(`COALESCE((SELECT json_agg(json_build_object('id', cc.id, 'platform', cc.platform, 'channel', cc.channel,
  'teamId', cc.team_id, 'messageId', cc.message_id, 'active', cc.active) ORDER BY cc.created_at, cc.id)
  FROM chat_card cc WHERE cc.comment_id = c.id), '[]'::json) AS cards`);

/** Which column each settable field writes, and its SQL type. */
const CHANGE_COLUMNS: Record<keyof CommentChanges, [column: string, type: string]> = {
  status: ['status', '"CommentStatus"'],
  teamId: ['team_id', 'text'],
  holderId: ['holder_id', 'text'],
  claimedAt: ['claimed_at', 'timestamptz'],
  routedById: ['routed_by_id', 'text'],
  routedAt: ['routed_at', 'timestamptz'],
  routedFrom: ['routed_from', 'text'],
  closedById: ['closed_by_id', 'text'],
  closedAt: ['closed_at', 'timestamptz'],
  text: ['text', 'text'],
  editedAt: ['edited_at', 'timestamptz'],
  firstResponseAt: ['first_response_at', 'timestamptz'],
  firstResponseDueAt: ['first_response_due_at', 'timestamptz'],
  resolutionDueAt: ['resolution_due_at', 'timestamptz'],
  slaStartedAt: ['sla_started_at', 'timestamptz'],
  slaSpentSeconds: ['sla_spent_seconds', 'int'],
  nextReminderAt: ['next_reminder_at', 'timestamptz'],
  reminderPhase: ['reminder_phase', 'text'],
  reminderStep: ['reminder_step', 'int'],
  remindedAt: ['reminded_at', 'timestamptz'],
  snoozedUntil: ['snoozed_until', 'timestamptz'],
  triage: ['triage', 'jsonb'],
  priority: ['priority', '"Priority"'],
  triagedAt: ['triaged_at', 'timestamptz'],
};

/** `col = CASE WHEN i.ch ? 'field' THEN (i.ch->>'field')::type ELSE c.col END` for every settable field (identifiers are constants). */
const CHANGE_ASSIGNMENTS = Prisma.raw(
  Object.entries(CHANGE_COLUMNS)
    .map(([field, [column, type]]) => `${column} = CASE WHEN i.ch ? '${field}' THEN (i.ch->>'${field}')::${type} ELSE c.${column} END`)
    .join(',\n          '),
);

/** The changes as JSON: dates as ISO strings, nulls kept (a key present with null clears the column). */
function changesJson(changes: CommentChanges): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

interface CommentRow {
  id: string;
  source: string;
  external_id: string;
  text: string;
  author_name: string;
  author_id: string | null;
  permalink: string | null;
  post_id: string | null;
  parent_id: string | null;
  language: string | null;
  created_at: Date;
  received_at: Date;
  edited_at: Date | null;
  team_id: string;
  priority: string;
  status: string;
  holder_id: string | null;
  claimed_at: Date | null;
  routed_by_id: string | null;
  routed_at: Date | null;
  routed_from: string | null;
  closed_by_id: string | null;
  closed_at: Date | null;
  is_drill: boolean;
  crisis_id: string | null;
  version: number;
  first_response_at: Date | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  sla_started_at: Date | null;
  sla_spent_seconds: number;
  next_reminder_at: Date | null;
  reminder_phase: string | null;
  reminder_step: number | null;
  reminded_at: Date | null;
  snoozed_until: Date | null;
  triage: CommentTriage | null;
}

type CardJson = Omit<CardRecord, 'commentId'>;
type CommentWithCardsRow = CommentRow & { cards: CardJson[] };

function withCards(row: CommentWithCardsRow): { comment: CommentRecord; cards: CardRecord[] } {
  return { comment: toCommentRecord(row), cards: row.cards.map((c) => ({ ...c, commentId: row.id })) };
}

function toCommentRecord(r: CommentRow): CommentRecord {
  return {
    id: r.id,
    source: r.source,
    externalId: r.external_id,
    text: r.text,
    authorName: r.author_name,
    authorId: r.author_id,
    permalink: r.permalink,
    postId: r.post_id,
    parentId: r.parent_id,
    language: r.language,
    createdAt: r.created_at,
    receivedAt: r.received_at,
    editedAt: r.edited_at,
    teamId: r.team_id,
    priority: r.priority as Priority,
    status: r.status as CommentStatus,
    holderId: r.holder_id,
    claimedAt: r.claimed_at,
    routedById: r.routed_by_id,
    routedAt: r.routed_at,
    routedFrom: r.routed_from,
    closedById: r.closed_by_id,
    closedAt: r.closed_at,
    isDrill: r.is_drill,
    crisisId: r.crisis_id,
    version: Number(r.version),
    firstResponseAt: r.first_response_at,
    firstResponseDueAt: r.first_response_due_at,
    resolutionDueAt: r.resolution_due_at,
    slaStartedAt: r.sla_started_at,
    slaSpentSeconds: Number(r.sla_spent_seconds),
    nextReminderAt: r.next_reminder_at,
    reminderPhase: r.reminder_phase as Phase | null,
    reminderStep: r.reminder_step === null ? null : Number(r.reminder_step),
    remindedAt: r.reminded_at,
    snoozedUntil: r.snoozed_until,
    triage: r.triage,
  };
}
