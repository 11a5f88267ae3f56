import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { CommentRecord } from '../../src/domain/comment.ts';
import type { AiCallRecord, AiCallStore } from '../../src/domain/draft-store.ts';
import type { CommentWrite, DeskStore } from '../../src/domain/ports.ts';
import { DEFAULT_TRIAGE_POLICY } from '../../src/domain/triage.ts';
import type { ClassifyComment } from '../../src/domain/triage-port.ts';
import type { TriageQueue } from '../../src/domain/triage-queue.ts';
import { TRIAGE_RUN_FOR_MS, type TriageDeps, triageNewComments } from '../../src/use-cases/triage-new-comments.ts';
import { testDeskConfig } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { commentRecord } from '../support/records.ts';

const NOW = '2026-12-07T09:00:00Z';

/** `count` open arrivals of the last minutes, and a store that triages them as the real one does (a write sets `triagedAt`). */
function arrivals(count: number, options: { unwritable?: Set<string> } = {}) {
  const comments = new Map<string, CommentRecord>();
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    comments.set(id, commentRecord({ id, externalId: `c-${i}`, receivedAt: new Date(Date.parse(NOW) - (count - i) * 1000), triagedAt: null } as Partial<CommentRecord>));
  }
  const writes: CommentWrite[] = [];
  const reads: number[] = [];
  const rereads: string[] = [];
  const store = {
    async awaitingTriage(_since: Date, limit: number) {
      const waiting = [...comments.values()].filter((c) => !(c as { triagedAt?: Date | null }).triagedAt).slice(0, limit);
      reads.push(waiting.length);
      return waiting.map((comment) => ({ comment, cards: [] }));
    },
    async getCommentWithCards(id: string) {
      rereads.push(id);
      const comment = comments.get(id);
      return comment ? { comment, cards: [] } : null;
    },
    async writeComment(write: CommentWrite) {
      if (options.unwritable?.has(write.commentId)) return false;
      // Someone changed it after the batch read it: the conditional write does not apply.
      if (write.expectedVersion !== comments.get(write.commentId)!.version) return false;
      writes.push(write);
      const comment = comments.get(write.commentId)!;
      comments.set(write.commentId, { ...comment, ...write.changes, version: comment.version + 1 } as CommentRecord);
      return true;
    },
    async enqueue() {},
  } as Partial<DeskStore & TriageQueue> as DeskStore & TriageQueue;
  /** As if someone claimed it meanwhile (a new version). */
  const touch = (id: string) => comments.set(id, { ...comments.get(id)!, version: comments.get(id)!.version + 1 });
  return { store, writes, reads, rereads, touch };
}

function aiCalls(): AiCallStore & { calls: AiCallRecord[] } {
  const calls: AiCallRecord[] = [];
  return {
    calls,
    async recordAiCall(call) {
      calls.push(call);
    },
    async monthSpend() {
      return 0;
    },
    async monthSummary() {
      throw new Error('not used');
    },
  };
}

const praise: ClassifyComment = async () => ({
  ok: true,
  triage: { sentiment: 'positive', intent: 'praise', urgency: 'low', needsResponse: false, language: 'de', confidence: 'high', injectionSuspected: false, suggestedTeam: 'community', reason: 'Lob.' },
  usage: { prompt_tokens: 700, completion_tokens: 60 },
  requestId: null,
  model: 'gpt-4o-mini',
});

function deps(store: DeskStore & TriageQueue, over: Partial<TriageDeps> = {}): TriageDeps & { aiCalls: ReturnType<typeof aiCalls> } {
  return {
    store,
    aiCalls: aiCalls(),
    directory: buildDirectory(testDeskConfig()),
    clock: new FakeClock(NOW),
    classify: praise,
    model: 'gpt-4o-mini',
    prices: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } },
    monthlyBudget: null,
    policy: DEFAULT_TRIAGE_POLICY,
    matchesRules: () => false,
    timeZone: 'Europe/Berlin',
    ...over,
  } as TriageDeps & { aiCalls: ReturnType<typeof aiCalls> };
}

describe('triageNewComments', () => {
  it('labels a burst in one run, batch after batch, each comment once', async () => {
    const { store, writes, reads } = arrivals(55);
    const d = deps(store);
    const run = await triageNewComments(d);
    expect(run).toMatchObject({ classified: 55, notClassified: 0, budget: 'ok' });
    expect(reads).toEqual([20, 20, 15, 0]);
    expect(new Set(writes.map((w) => w.commentId)).size).toBe(55);
    expect(d.aiCalls.calls).toHaveLength(55);
  });

  it('stops taking batches once its time is up; the next run goes on', async () => {
    const { store, reads } = arrivals(50);
    const clock = new FakeClock(NOW);
    // Each answer takes a second of the (fake) clock: the first batch of 20 outlasts a 10 s run time.
    const slow: ClassifyComment = async (input) => {
      clock.advance(1000);
      return praise(input);
    };
    const d = deps(store, { clock, classify: slow, runForMs: 10_000 });
    expect((await triageNewComments(d)).classified).toBe(20);
    expect(reads).toEqual([20]);
    expect((await triageNewComments(d)).classified).toBe(20);
    expect((await triageNewComments({ ...d, runForMs: undefined })).classified).toBe(10);
    expect(TRIAGE_RUN_FOR_MS).toBeLessThan(10_000);
  });

  it('does not ask about a comment twice in one run when its triage cannot be written', async () => {
    const stuck = '00000000-0000-4000-8000-000000000001';
    const { store, writes } = arrivals(3, { unwritable: new Set([stuck]) });
    const d = deps(store);
    const run = await triageNewComments(d);
    expect(d.aiCalls.calls.map((c) => c.commentId).sort()).toEqual(['00000000-0000-4000-8000-000000000000', stuck, '00000000-0000-4000-8000-000000000002']);
    expect(writes.map((w) => w.commentId)).not.toContain(stuck);
    expect(run.classified).toBe(3);
  });

  it('writes against the comment as the batch read it, and reads it again only when it changed meanwhile', async () => {
    const { store, writes, rereads, touch } = arrivals(3);
    const changed = '00000000-0000-4000-8000-000000000001';
    let asked = 0;
    const d = deps(store, {
      classify: async (input) => {
        if (asked++ === 0) touch(changed);
        return praise(input);
      },
    });
    expect((await triageNewComments(d)).classified).toBe(3);
    expect(rereads).toEqual([changed]);
    expect(writes.filter((w) => w.commentId === changed).map((w) => w.expectedVersion)).toEqual([2]);
  });

  it('stops calling at a rate limit (that comment says not classified), and leaves the rest for the next run', async () => {
    const { store, writes } = arrivals(30);
    let calls = 0;
    const limited: ClassifyComment = async (input) => (++calls === 3 ? { ok: false, reason: 'rate_limited', usage: null, requestId: null } : praise(input));
    const d = deps(store, { classify: limited });
    const run = await triageNewComments(d);
    expect(run.rateLimited).toBe(true);
    expect(run.notClassified).toBe(1);
    // The calls the other three workers started meanwhile finish (one more each at most); none starts once the 429 is recorded.
    expect(calls).toBeLessThanOrEqual(6);
    expect(run.classified).toBe(calls - 1);
    expect(writes.filter((w) => (w.changes.triage as { why?: string } | undefined)?.why === 'rate_limited')).toHaveLength(1);
    const next = await triageNewComments(deps(store));
    expect(next).toMatchObject({ classified: 30 - calls, notClassified: 0 });
    expect(next.rateLimited).toBeUndefined();
  });

  it('does nothing without a model', async () => {
    const { store, reads } = arrivals(5);
    expect(await triageNewComments(deps(store, { classify: null }))).toEqual({ classified: 0, notClassified: 0, drafted: 0, budget: 'ok' });
    expect(reads).toEqual([]);
  });
});
