import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiCallRecord, NewCommentDraft } from '../../src/domain/draft-store.ts';
import { PrismaDraftStore } from '../../src/store/prisma-draft-store.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const COMMENT = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const MARCH = { start: new Date('2026-02-28T23:00:00Z'), end: new Date('2026-03-31T22:00:00Z') };

function call(over: Partial<AiCallRecord> = {}): AiCallRecord {
  return {
    kind: 'draft',
    model: 'gpt-4.1-mini',
    requestId: 'req_1',
    commentId: COMMENT,
    usage: { prompt_tokens: 1000, completion_tokens: 100, prompt_tokens_details: { cached_tokens: 200 } },
    cost: 0.00047,
    outcome: 'ok',
    at: new Date('2026-03-10T12:00:00Z'),
    ...over,
  };
}

function draft(over: Partial<NewCommentDraft> = {}): NewCommentDraft {
  return {
    commentId: COMMENT,
    memberId: 'anna',
    text: 'Hallo Erika, das tut uns leid.',
    language: 'de',
    address: 'sie',
    savedReplyId: 'late-delivery',
    facts: ['Lieferstatus prüfen'],
    problems: [],
    origin: 'model',
    at: new Date('2026-03-10T12:00:01Z'),
    ...over,
  };
}

describe.each(backends())('PrismaDraftStore on %s', (backend) => {
  let database: TestDatabase;
  let store: PrismaDraftStore;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = new PrismaDraftStore(database.db.prisma);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('records an AI call with its tokens, cost and outcome', async () => {
    await store.recordAiCall(call());
    const rows = await database.db.prisma.aiCall.findMany();
    expect(rows).toEqual([
      {
        id: expect.any(BigInt),
        at: new Date('2026-03-10T12:00:00Z'),
        kind: 'draft',
        model: 'gpt-4.1-mini',
        requestId: 'req_1',
        commentId: COMMENT,
        promptTokens: 1000,
        completionTokens: 100,
        cachedTokens: 200,
        cost: 0.00047,
        outcome: 'ok',
      },
    ]);
  });

  it('sums the month: spend, calls, tokens, failures and unpriced calls, by kind; other months stay out', async () => {
    await store.recordAiCall(call({ kind: 'triage', cost: 0.0001, usage: { prompt_tokens: 300, completion_tokens: 50 }, at: new Date('2026-03-01T00:00:00Z') }));
    await store.recordAiCall(call({ kind: 'triage', cost: 0.00002, outcome: 'timeout', usage: null, requestId: null, at: new Date('2026-03-31T21:59:59Z') }));
    await store.recordAiCall(call({ kind: 'draft', cost: null, model: 'unpriced-model', outcome: 'refusal', usage: { prompt_tokens: 10, completion_tokens: 1 } }));
    // Outside: the month's end is exclusive, and February.
    await store.recordAiCall(call({ cost: 5, at: MARCH.end }));
    await store.recordAiCall(call({ cost: 5, at: new Date('2026-02-28T22:59:59Z') }));

    expect(await store.monthSpend(MARCH.start, MARCH.end)).toBe(0.00059);
    expect(await store.monthSummary(MARCH.start, MARCH.end)).toEqual({
      calls: 4,
      failed: 2,
      unpriced: 1,
      promptTokens: 1310,
      completionTokens: 151,
      cachedTokens: 200,
      cost: 0.00059,
      byKind: {
        draft: { calls: 2, failed: 1, unpriced: 1, promptTokens: 1010, completionTokens: 101, cachedTokens: 200, cost: 0.00047 },
        triage: { calls: 2, failed: 1, unpriced: 0, promptTokens: 300, completionTokens: 50, cachedTokens: 0, cost: 0.00012 },
      },
    });
  });

  it('an empty month is all zeros', async () => {
    const empty = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-02-01T00:00:00Z') };
    expect(await store.monthSpend(empty.start, empty.end)).toBe(0);
    expect(await store.monthSummary(empty.start, empty.end)).toEqual({ calls: 0, failed: 0, unpriced: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, cost: 0, byKind: {} });
  });

  it('saves drafts with their problems and facts, and finds the latest one of a comment', async () => {
    const problems = [{ code: 'address-du' as const, found: ['du'], words: { de: 'Das Team siezt …', en: 'The team writes "Sie" …' } }];
    const first = await store.saveDraft(draft({ problems }));
    expect(first).toEqual({ ...draft({ problems }), id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const second = await store.saveDraft(draft({ origin: 'saved', address: null, language: 'en', facts: [], savedReplyId: null, at: new Date('2026-03-10T12:05:00Z') }));
    expect(await store.latestDraft(COMMENT)).toEqual(second);
    expect(await store.latestDraft('00000000-0000-4000-8000-000000000000')).toBeNull();
    const row = await database.db.prisma.commentDraft.findUniqueOrThrow({ where: { id: first.id } });
    expect(row.problems).toEqual(problems);
    expect(row.facts).toEqual(['Lieferstatus prüfen']);
  });
});
