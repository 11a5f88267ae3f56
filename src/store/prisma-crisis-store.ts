import type {
  CrisisAck,
  CrisisCommentFact,
  CrisisRecord,
  CrisisReport,
  CrisisSnapshot,
  CrisisStepState,
  RosterRole,
  Scenario,
} from '../domain/crisis.ts';
import { CURRENT_CRISIS_TTL_MS, type CrisisEventWrite, type CrisisStore, type NewCrisis, type StatementApproval, type StepTick } from '../domain/crisis-store.ts';
import type { CrisisTimelineEntry } from '../domain/crisis-view.ts';
import type { Locale } from '../domain/directory.ts';
import { isUuid } from '../domain/ids.ts';
import type { OutboxItem } from '../domain/outbox-intent.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { outboxRows, queueCardUpdates } from './outbox-rows.ts';

type Tx = Prisma.TransactionClient;
type CrisisRow = Prisma.CrisisGetPayload<object>;

/** The crisis tables on Prisma. Crises are few and slow-moving: plain transactions, no batching. */
export class PrismaCrisisStore implements CrisisStore {
  private current: { until: number; value: Promise<Pick<CrisisRecord, 'id' | 'kind' | 'sources'> | null> } | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    /** Called after a write that queued outbox rows (the delivery loop listens). */
    private readonly onOutboxRows: () => void = () => {},
  ) {}

  async startCrisis(input: NewCrisis, outbox: OutboxItem[]): Promise<{ ok: true; crisis: CrisisRecord } | { ok: false; active: CrisisRecord }> {
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const created = await tx.crisis.create({
          data: {
            id: input.id,
            kind: input.kind,
            platform: input.platform,
            activeSlot: 'active',
            scenarioId: input.scenario.id,
            scenario: input.scenario as unknown as Prisma.InputJsonValue,
            roster: input.roster as unknown as Prisma.InputJsonValue,
            summary: input.summary,
            locale: input.locale,
            startedById: input.startedById,
            startedAt: input.startedAt,
            timeLimitAt: input.timeLimitAt,
            roomChannel: input.roomChannel,
            stakeholderChannel: input.stakeholderChannel,
            sources: input.sources ?? [],
            allSources: input.sources === null,
          },
        });
        await tx.crisisStep.createMany({
          data: input.scenario.checklist.map((step, position) => ({ crisisId: input.id, stepId: step.id, position })),
        });
        await tx.event.create({
          data: {
            crisisId: input.id,
            type: input.kind === 'drill' ? 'drill_started' : 'crisis_declared',
            actorId: input.startedById,
            data: { scenarioId: input.scenario.id, summary: input.summary },
            at: input.startedAt,
          },
        });
        await enqueue(tx, outbox, input.startedAt);
        return created;
      });
      this.current = null;
      this.onOutboxRows();
      return { ok: true, crisis: toRecord(row) };
    } catch (error) {
      // The unique active_slot: another crisis is active (or this very one, on a repeated command).
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const active = await this.activeCrisis();
        if (active) return { ok: false, active };
      }
      throw error;
    }
  }

  currentCrisis(): Promise<Pick<CrisisRecord, 'id' | 'kind' | 'sources'> | null> {
    const now = performance.now();
    if (!this.current || this.current.until <= now) {
      const value = this.prisma.crisis
        .findUnique({ where: { activeSlot: 'active' }, select: { id: true, kind: true, sources: true, allSources: true } })
        .then((r) => (r ? { id: r.id, kind: r.kind, sources: r.allSources ? null : r.sources } : null));
      // A failed read is not cached.
      value.catch(() => (this.current = null));
      this.current = { until: now + CURRENT_CRISIS_TTL_MS, value };
    }
    return this.current.value;
  }

  async activeCrisis(): Promise<CrisisRecord | null> {
    const row = await this.prisma.crisis.findUnique({ where: { activeSlot: 'active' } });
    return row ? toRecord(row) : null;
  }

  async getCrisis(id: string): Promise<CrisisRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.prisma.crisis.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async crisisByNumber(n: number): Promise<CrisisRecord | null> {
    if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 31 - 1) return null;
    const row = await this.prisma.crisis.findUnique({ where: { number: n } });
    return row ? toRecord(row) : null;
  }

  async snapshot(id: string): Promise<CrisisSnapshot | null> {
    if (!isUuid(id)) return null;
    const [row, acks, steps, counts] = await Promise.all([
      this.prisma.crisis.findUnique({ where: { id } }),
      this.prisma.crisisAck.findMany({ where: { crisisId: id }, orderBy: { at: 'asc' } }),
      this.prisma.crisisStep.findMany({ where: { crisisId: id }, orderBy: { position: 'asc' } }),
      this.prisma.$queryRaw<{ received: bigint; claimed: bigint; answered: bigint; dismissed: bigint; open: bigint }[]>`
        SELECT count(*) AS received,
               count(*) FILTER (WHERE COALESCE(first_response_at, claimed_at) IS NOT NULL) AS claimed,
               count(*) FILTER (WHERE status = 'answered') AS answered,
               count(*) FILTER (WHERE status IN ('dismissed', 'removed')) AS dismissed,
               count(*) FILTER (WHERE status IN ('open', 'claimed')) AS open
        FROM comment WHERE crisis_id = ${id}::uuid`,
    ]);
    if (!row) return null;
    const c = counts[0]!;
    return {
      crisis: toRecord(row),
      acks: acks.map((a) => ({ memberId: a.memberId, at: a.at })),
      steps: steps.map(toStepState),
      comments: { received: Number(c.received), claimed: Number(c.claimed), answered: Number(c.answered), dismissed: Number(c.dismissed), open: Number(c.open) },
    };
  }

  async recordAck(input: { crisisId: string; memberId: string; at: Date }, outbox: OutboxItem[]): Promise<'recorded' | 'already' | 'not_active'> {
    const outcome = await this.prisma.$transaction(async (tx) => {
      if (!(await bumpIfActive(tx, input.crisisId))) return 'not_active' as const;
      const inserted = await tx.$executeRaw`
        INSERT INTO crisis_ack (crisis_id, member_id, at) VALUES (${input.crisisId}::uuid, ${input.memberId}, ${input.at})
        ON CONFLICT DO NOTHING`;
      if (!inserted) throw new Rollback('already');
      await tx.event.create({ data: { crisisId: input.crisisId, type: 'acknowledged', actorId: input.memberId, data: {}, at: input.at } });
      await enqueue(tx, outbox, input.at);
      return 'recorded' as const;
    }).catch(rolledBack<'already'>);
    if (outcome === 'recorded') this.onOutboxRows();
    return outcome;
  }

  async tickStep(input: { crisisId: string; stepId: string; memberId: string; at: Date }, outbox: OutboxItem[]): Promise<StepTick> {
    const outcome = await this.prisma.$transaction(async (tx): Promise<StepTick> => {
      if (!(await bumpIfActive(tx, input.crisisId))) return { outcome: 'not_active' };
      const done = await tx.crisisStep.updateMany({
        where: { crisisId: input.crisisId, stepId: input.stepId, doneAt: null },
        data: { doneById: input.memberId, doneAt: input.at },
      });
      if (!done.count) {
        const step = await tx.crisisStep.findUnique({ where: { crisisId_stepId: { crisisId: input.crisisId, stepId: input.stepId } } });
        throw new Rollback(step ? { outcome: 'already', doneById: step.doneById, doneAt: step.doneAt } : { outcome: 'unknown_step' });
      }
      await tx.event.create({ data: { crisisId: input.crisisId, type: 'step_done', actorId: input.memberId, data: { stepId: input.stepId }, at: input.at } });
      await enqueue(tx, outbox, input.at);
      return { outcome: 'done' };
    }).catch(rolledBack<StepTick>);
    if (outcome.outcome === 'done') this.onOutboxRows();
    return outcome;
  }

  async approveStatement(input: { crisisId: string; memberId: string; at: Date; stepId: string | null }, outbox: OutboxItem[]): Promise<StatementApproval> {
    const outcome = await this.prisma.$transaction(async (tx): Promise<StatementApproval> => {
      const approved = await tx.crisis.updateMany({
        where: { id: input.crisisId, status: 'active', statementApprovedAt: null },
        data: { statementApprovedAt: input.at, statementApprovedById: input.memberId, version: { increment: 1 } },
      });
      if (!approved.count) {
        const crisis = await tx.crisis.findUnique({ where: { id: input.crisisId } });
        if (!crisis || crisis.status !== 'active') return { outcome: 'not_active' };
        return { outcome: 'already', byId: crisis.statementApprovedById, at: crisis.statementApprovedAt };
      }
      if (input.stepId) {
        await tx.crisisStep.updateMany({
          where: { crisisId: input.crisisId, stepId: input.stepId, doneAt: null },
          data: { doneById: input.memberId, doneAt: input.at },
        });
      }
      await tx.event.create({ data: { crisisId: input.crisisId, type: 'statement_approved', actorId: input.memberId, data: { stepId: input.stepId }, at: input.at } });
      await enqueue(tx, outbox, input.at);
      return { outcome: 'approved' };
    });
    if (outcome.outcome === 'approved') this.onOutboxRows();
    return outcome;
  }

  async recordEvent(crisisId: string, event: CrisisEventWrite, outbox: OutboxItem[]): Promise<boolean> {
    const written = await this.prisma.$transaction(async (tx) => {
      if (!(await bumpIfActive(tx, crisisId))) return false;
      await tx.event.create({ data: { crisisId, type: event.type, actorId: event.actorId, data: event.data as Prisma.InputJsonValue, at: event.at } });
      await enqueue(tx, outbox, event.at);
      return true;
    });
    if (written && outbox.length) this.onOutboxRows();
    return written;
  }

  async setRoom(crisisId: string, channel: string): Promise<void> {
    await this.prisma.crisis.update({ where: { id: crisisId }, data: { roomChannel: channel, version: { increment: 1 } } });
  }

  async saveMessage(crisisId: string, key: string, channel: string, messageId: string): Promise<void> {
    await this.prisma.crisisMessage.upsert({
      where: { crisisId_key: { crisisId, key } },
      create: { crisisId, key, channel, messageId },
      update: { channel, messageId },
    });
  }

  async message(crisisId: string, key: string): Promise<{ channel: string; messageId: string } | null> {
    const row = await this.prisma.crisisMessage.findUnique({ where: { crisisId_key: { crisisId, key } } });
    return row ? { channel: row.channel, messageId: row.messageId } : null;
  }

  async advanceBurst(crisisId: string, from: number, to: number, at: Date, outbox: OutboxItem[]): Promise<boolean> {
    const moved = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.crisis.updateMany({
        where: { id: crisisId, status: 'active', burstInjected: from },
        data: { burstInjected: to, version: { increment: 1 } },
      });
      if (!updated.count) return false;
      await tx.event.create({ data: { crisisId, type: 'burst', actorId: null, data: { from, to }, at } });
      await enqueue(tx, outbox, at);
      return true;
    });
    if (moved && outbox.length) this.onOutboxRows();
    return moved;
  }

  async endCrisis(input: { crisisId: string; endedById: string | null; reason: 'command' | 'time_limit'; at: Date }): Promise<CrisisRecord | null> {
    const ended = await this.prisma.$transaction(async (tx) => {
      const ended = await tx.crisis.updateMany({
        where: { id: input.crisisId, status: 'active' },
        data: { status: 'ended', activeSlot: null, endedAt: input.at, endedById: input.endedById, endReason: input.reason, version: { increment: 1 } },
      });
      if (!ended.count) return null;
      await tx.event.create({ data: { crisisId: input.crisisId, type: 'ended', actorId: input.endedById, data: { reason: input.reason }, at: input.at } });
      return toRecord(await tx.crisis.findUniqueOrThrow({ where: { id: input.crisisId } }));
    });
    this.current = null;
    return ended;
  }

  async reportFacts(crisisId: string): Promise<{ acks: CrisisAck[]; steps: CrisisStepState[]; comments: CrisisCommentFact[]; updates: number }> {
    const [acks, steps, comments, updates] = await Promise.all([
      this.prisma.crisisAck.findMany({ where: { crisisId }, orderBy: { at: 'asc' } }),
      this.prisma.crisisStep.findMany({ where: { crisisId }, orderBy: { position: 'asc' } }),
      // A crisis has hundreds or a few thousand comments: their four timestamps are read, the figures computed in the domain.
      this.prisma.$queryRaw<{ received_at: Date; first_response_at: Date | null; closed_at: Date | null; status: CrisisCommentFact['status']; on_time: boolean | null }[]>`
        SELECT received_at, COALESCE(first_response_at, claimed_at, closed_at) AS first_response_at, closed_at, status::text AS status,
               CASE WHEN COALESCE(first_response_at, claimed_at, closed_at) IS NULL THEN NULL
                    ELSE COALESCE(first_response_at, claimed_at, closed_at) <= first_response_due_at END AS on_time
        FROM comment WHERE crisis_id = ${crisisId}::uuid`,
      this.prisma.event.count({ where: { crisisId, type: 'update' } }),
    ]);
    return {
      acks: acks.map((a) => ({ memberId: a.memberId, at: a.at })),
      steps: steps.map(toStepState),
      comments: comments.map((c) => ({
        receivedAt: c.received_at,
        firstResponseAt: c.first_response_at,
        closedAt: c.closed_at,
        status: c.status,
        firstResponseOnTime: c.on_time,
      })),
      updates,
    };
  }

  async saveReport(crisisId: string, report: CrisisReport, outbox: OutboxItem[]): Promise<boolean> {
    const saved = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.crisis.updateMany({
        where: { id: crisisId, status: 'ended', report: { equals: Prisma.AnyNull } },
        data: { report: report as unknown as Prisma.InputJsonValue, version: { increment: 1 } },
      });
      if (!updated.count) return false;
      await tx.event.create({ data: { crisisId, type: 'report', actorId: null, data: { missed: report.missed.length }, at: new Date(report.endedAt) } });
      await enqueue(tx, outbox, new Date(report.endedAt));
      return true;
    });
    if (saved) this.onOutboxRows();
    return saved;
  }

  async closeDrillComments(crisisId: string, at: Date): Promise<number> {
    // Like a dismiss, in bulk: the comment, its event and a refresh of each active card.
    const iso = at.toISOString();
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH u AS (
        -- Not a response: first_response_at stays as it was (a claim still counts through claimed_at).
        UPDATE comment c SET status = 'dismissed', closed_at = ${iso}::timestamptz, closed_by_id = NULL, next_reminder_at = NULL,
               version = c.version + 1
        WHERE c.crisis_id = ${crisisId}::uuid AND c.is_drill AND c.status IN ('open', 'claimed')
        RETURNING c.id, c.version, c.team_id, c.status, c.holder_id
      ), e AS (
        INSERT INTO event (comment_id, type, actor_id, data, at)
        SELECT id, 'dismissed', NULL, jsonb_build_object('reason', 'drill_ended', 'teamId', team_id), ${iso}::timestamptz FROM u
      ), r AS (${queueCardUpdates('u', Prisma.sql`${iso}::timestamptz`)}
      )
      SELECT id::text AS id FROM u`;
    if (rows.length) this.onOutboxRows();
    return rows.length;
  }

  async endedWithoutReport(): Promise<CrisisRecord[]> {
    const rows = await this.prisma.crisis.findMany({ where: { status: 'ended', report: { equals: Prisma.AnyNull } }, orderBy: { number: 'asc' } });
    return rows.map(toRecord);
  }

  async reports(limit: number): Promise<CrisisReport[]> {
    const rows = await this.prisma.crisis.findMany({
      where: { status: 'ended', NOT: { report: { equals: Prisma.AnyNull } } },
      orderBy: { number: 'desc' },
      take: limit,
      select: { report: true },
    });
    return rows.map((r) => r.report as unknown as CrisisReport);
  }

  async timeline(crisisId: string, limit: number): Promise<CrisisTimelineEntry[]> {
    const rows = await this.prisma.$queryRaw<{ at: Date; type: string; actor_id: string | null; data: Record<string, unknown>; excerpt: string | null }[]>`
      SELECT * FROM (
        SELECT e.at, e.type, e.actor_id, e.data, NULL::text AS excerpt, e.id FROM event e WHERE e.crisis_id = ${crisisId}::uuid
        UNION ALL
        SELECT e.at, e.type, e.actor_id, e.data, left(c.text, 80) AS excerpt, e.id
        FROM event e JOIN comment c ON c.id = e.comment_id
        WHERE c.crisis_id = ${crisisId}::uuid AND e.type IN ('claimed', 'answered', 'dismissed', 'routed_to_team', 'routed_to_person', 'reassigned')
          AND NOT (e.type = 'dismissed' AND e.data->>'reason' = 'drill_ended')
      ) t ORDER BY at DESC, id DESC LIMIT ${limit}`;
    return rows.reverse().map((r) => ({ at: r.at, type: r.type, actorId: r.actor_id, detail: r.excerpt === null ? r.data : { ...r.data, excerpt: r.excerpt } }));
  }
}

/** Bumps the version of an active crisis (its messages render the new state); false if it is not active. */
async function bumpIfActive(tx: Tx, crisisId: string): Promise<boolean> {
  if (!isUuid(crisisId)) return false;
  const updated = await tx.crisis.updateMany({ where: { id: crisisId, status: 'active' }, data: { version: { increment: 1 } } });
  return updated.count > 0;
}

async function enqueue(tx: Tx, items: OutboxItem[], now: Date): Promise<void> {
  if (!items.length) return;
  await tx.outbox.createMany({
    skipDuplicates: true,
    data: outboxRows(items, now),
  });
}

/** Thrown inside a transaction to undo it and answer `value` instead. */
class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

function rolledBack<T>(error: unknown): T {
  if (error instanceof Rollback) return error.value as T;
  throw error;
}

function toStepState(s: { stepId: string; doneById: string | null; doneAt: Date | null }): CrisisStepState {
  return { stepId: s.stepId, doneById: s.doneById, doneAt: s.doneAt };
}

function toRecord(r: CrisisRow): CrisisRecord {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    scenario: r.scenario as unknown as Scenario,
    roster: r.roster as unknown as RosterRole[],
    summary: r.summary,
    locale: r.locale as Locale,
    startedById: r.startedById,
    startedAt: r.startedAt,
    timeLimitAt: r.timeLimitAt,
    endedAt: r.endedAt,
    endedById: r.endedById,
    endReason: (r.endReason as CrisisRecord['endReason']) ?? null,
    platform: r.platform,
    roomChannel: r.roomChannel,
    stakeholderChannel: r.stakeholderChannel,
    sources: r.allSources ? null : r.sources,
    burstInjected: r.burstInjected,
    statementApprovedById: r.statementApprovedById,
    statementApprovedAt: r.statementApprovedAt,
    report: (r.report as unknown as CrisisReport | null) ?? null,
    version: r.version,
  };
}
