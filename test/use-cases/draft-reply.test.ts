import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReplyDrafter } from '../../src/ai/openai-draft.ts';
import type { PriceTable } from '../../src/domain/ai-budget.ts';
import type { CommentRecord } from '../../src/domain/comment.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../src/domain/directory.ts';
import type { SavedReply } from '../../src/domain/tone.ts';
import { PrismaDraftStore } from '../../src/store/prisma-draft-store.ts';
import { type DraftReplyDeps, type DraftReplyInput, draftReply } from '../../src/use-cases/draft-reply.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type OpenAiStandIn, startOpenAiStandIn } from '../support/openai-stand-in.ts';
import { commentRecord } from '../support/records.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const KEY = 'sk-test-draft-use-case';
const MODEL = 'gpt-4.1-mini';
const PRICES: PriceTable = { [MODEL]: { input: 0.4, output: 1.6 } };
const ZONE = 'Europe/Berlin';

const SAVED: SavedReply[] = [
  { id: 'late-sie', title: 'Lieferung verspätet', language: 'de', address: 'sie', text: 'Hallo {author}, Ihre Lieferung verspätet sich leider. Wir kümmern uns. Viele Grüße, {agent}' },
  { id: 'late-du', title: 'Lieferung verspätet', language: 'de', address: 'du', text: 'Hey {author}, deine Lieferung verspätet sich. Wir kümmern uns! {agent}' },
  { id: 'late-en', title: 'Late delivery', language: 'en', text: 'Hi {author}, sorry your delivery is late. We are on it. {agent}' },
];

const TEAMS: TeamInfo[] = [
  {
    id: 'community',
    name: 'Community',
    locale: 'de',
    timeZone: ZONE,
    tone: { guide: 'Freundlich und knapp.', address: 'sie', signature: 'Viele Grüße, Ihr Team', avoid: ['Kulanz'], links: ['shop.example.com'] },
    savedReplies: SAVED,
  },
  { id: 'bare', name: 'Bare', locale: 'de', timeZone: ZONE },
];
const MEMBERS: MemberInfo[] = [
  { id: 'anna', name: 'Anna Agent', identities: [{ platform: 'slack', userId: 'U0ANNA' }], roles: ['agent'], teamIds: ['community'], locale: 'de', timeZone: ZONE },
  { id: 'ben', name: 'Ben', identities: [{ platform: 'slack', userId: 'U0BEN' }], roles: ['agent'], teamIds: ['community'], locale: 'en', timeZone: ZONE },
];

const GERMAN = commentRecord({ id: '11111111-1111-4111-8111-111111111111', text: 'Meine Lieferung ist seit zwei Wochen verspätet!', authorName: 'Erika', language: 'de', source: 'instagram' });
const ENGLISH = commentRecord({ id: '22222222-2222-4222-8222-222222222222', text: 'My delivery is two weeks late', authorName: 'Sam', language: 'en', source: 'facebook' });
const UNMATCHED = commentRecord({ id: '33333333-3333-4333-8333-333333333333', text: 'Tolles Foto!', language: null });
const BARE = commentRecord({ id: '44444444-4444-4444-8444-444444444444', teamId: 'bare', text: 'Meine Lieferung ist verspätet', language: 'de' });
const COMMENTS = new Map<string, CommentRecord>([GERMAN, ENGLISH, UNMATCHED, BARE].map((c) => [c.id, c]));

const modelDraft = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ text: 'Hallo Erika, das tut uns leid. Wir prüfen Ihre Lieferung. Viele Grüße, Ihr Team', addressUsed: 'sie', savedReplyUsed: 'late-sie', factsToCheck: ['Lieferstatus'], ...over });

let database: TestDatabase;
let drafts: PrismaDraftStore;
let standIn: OpenAiStandIn;
let clock: FakeClock;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  drafts = new PrismaDraftStore(database.db.prisma);
});
afterAll(async () => {
  await database?.drop();
});
beforeEach(async () => {
  standIn = await startOpenAiStandIn({ apiKey: KEY, defaultReply: modelDraft() });
  // Each test in its own month, so the budget of one is not spent by another.
  clock = new FakeClock(new Date(Date.UTC(2030, testMonth++, 15, 10)));
  await database.db.prisma.commentDraft.deleteMany();
});
afterEach(async () => {
  await standIn.close();
});
let testMonth = 0;

function deps(over: Partial<DraftReplyDeps> = {}): DraftReplyDeps {
  return {
    store: { getComment: async (id) => COMMENTS.get(id) ?? null },
    directory: new Directory(TEAMS, MEMBERS, { teamId: 'community', priority: 'normal' }),
    drafts,
    drafter: createReplyDrafter({ apiKey: KEY, baseURL: standIn.url, model: MODEL, timeoutMs: 10_000, maxOutputTokens: 500 }),
    prices: PRICES,
    monthlyBudget: null,
    clock,
    timeZone: ZONE,
    ...over,
  };
}

const ask = (over: Partial<DraftReplyInput> = {}, d: Partial<DraftReplyDeps> = {}) =>
  draftReply({ commentId: GERMAN.id, platform: 'slack', platformUserId: 'U0ANNA', ...over }, deps(d));

const callsNow = () => database.db.prisma.aiCall.findMany({ where: { at: clock.now() } });

describe('draftReply', () => {
  it('a clean model draft: stored with the comment, not marked, the AI call recorded with its cost', async () => {
    standIn.reply({ content: modelDraft(), usage: { prompt_tokens: 1000, completion_tokens: 100 } });
    const result = await ask();
    expect(result).toEqual({
      ok: true,
      draft: {
        draftId: expect.any(String),
        commentId: GERMAN.id,
        text: 'Hallo Erika, das tut uns leid. Wir prüfen Ihre Lieferung. Viele Grüße, Ihr Team',
        language: 'de',
        address: 'sie',
        origin: 'model',
        savedReplyId: 'late-sie',
        savedReplyTitle: 'Lieferung verspätet',
        factsToCheck: ['Lieferstatus'],
        problems: [],
        needsEditing: false,
        fallback: null,
        note: null,
      },
    });
    const calls = await callsNow();
    // 1000 × 0.4 + 100 × 1.6 = 560 per million
    expect(calls).toEqual([expect.objectContaining({ kind: 'draft', model: MODEL, requestId: 'req_standin1', commentId: GERMAN.id, promptTokens: 1000, completionTokens: 100, cost: 0.00056, outcome: 'ok' })]);
    const stored = await drafts.latestDraft(GERMAN.id);
    expect(stored).toMatchObject({ id: result.ok ? result.draft.draftId : '', memberId: 'anna', origin: 'model', savedReplyId: 'late-sie', facts: ['Lieferstatus'], problems: [] });
  });

  it('offers the model the closest saved replies of the language and the team’s address form only', async () => {
    await ask();
    const schema = standIn.requests()[0]!.body!.response_format as { json_schema: { schema: { properties: { savedReplyUsed: { enum: string[] } } } } };
    expect(schema.json_schema.schema.properties.savedReplyUsed.enum).toEqual(['late-sie', 'none']);
  });

  it('a "Sie" team gets a draft with "du": needs editing, with the address problem in the asker’s language', async () => {
    standIn.reply(modelDraft({ text: 'Hallo Erika, wir kümmern uns um deine Lieferung und melden uns bei dir.' }));
    const result = await ask();
    expect(result.ok && result.draft.needsEditing).toBe(true);
    if (!result.ok) return;
    expect(result.draft.problems).toEqual([{ code: 'address-du', found: ['deine', 'dir'], text: expect.stringContaining('Das Team siezt') }]);
    expect((await drafts.latestDraft(GERMAN.id))?.problems.map((p) => p.code)).toEqual(['address-du']);

    standIn.reply(modelDraft({ text: 'Hallo Erika, wir kümmern uns um deine Lieferung.' }));
    const english = await ask({ locale: 'en' });
    expect(english.ok && english.draft.problems[0]?.text).toContain('The team writes "Sie"');
  });

  it('a link outside the allow-list: needs editing; an allowed one passes', async () => {
    standIn.reply(modelDraft({ text: 'Hallo Erika, Details unter https://evil.example/track – Viele Grüße' }), modelDraft({ text: 'Hallo Erika, Details unter https://shop.example.com/hilfe – Viele Grüße' }));
    const bad = await ask();
    expect(bad.ok && bad.draft.problems.map((p) => p.code)).toEqual(['link-not-allowed']);
    expect(bad.ok && bad.draft.needsEditing).toBe(true);
    const good = await ask();
    expect(good.ok && good.draft.needsEditing).toBe(false);
  });

  it('the model fails: the closest saved reply, filled in, says why; the failed call is recorded and priced', async () => {
    standIn.reply({ content: null, refusal: 'no', usage: { prompt_tokens: 500, completion_tokens: 10 } });
    const result = await ask();
    expect(result).toEqual({
      ok: true,
      draft: expect.objectContaining({
        text: 'Hallo Erika, Ihre Lieferung verspätet sich leider. Wir kümmern uns. Viele Grüße, Anna Agent',
        origin: 'saved',
        savedReplyId: 'late-sie',
        address: 'sie',
        fallback: 'refusal',
        note: 'Kein KI-Entwurf (das Modell hat den Entwurf abgelehnt): hier stattdessen die passendste gespeicherte Antwort.',
        needsEditing: false,
      }),
    });
    expect(await callsNow()).toEqual([expect.objectContaining({ outcome: 'refusal', promptTokens: 500, completionTokens: 10, cost: 0.000216 })]);
    expect(await drafts.latestDraft(GERMAN.id)).toMatchObject({ origin: 'saved', savedReplyId: 'late-sie' });
  });

  it('429 and timeouts fall back too; a timeout is recorded without tokens', async () => {
    standIn.fail({ status: 429, retryAfterSeconds: 60 });
    expect(await ask()).toMatchObject({ ok: true, draft: { origin: 'saved', fallback: 'rate_limited' } });
    standIn.fail({ delayMs: 60_000 });
    const slow = createReplyDrafter({ apiKey: KEY, baseURL: standIn.url, model: MODEL, timeoutMs: 200, maxOutputTokens: 500 });
    expect(await ask({}, { drafter: slow })).toMatchObject({ ok: true, draft: { origin: 'saved', fallback: 'timeout' } });
    expect((await callsNow()).map((c) => [c.outcome, c.promptTokens, c.cost])).toEqual([
      ['rate_limited', 0, 0],
      ['timeout', 0, 0],
    ]);
  });

  it('without AI: the saved reply, in the comment’s language (English on a German team)', async () => {
    const result = await ask({ commentId: ENGLISH.id }, { drafter: null });
    expect(result).toMatchObject({ ok: true, draft: { text: 'Hi Sam, sorry your delivery is late. We are on it. Anna Agent', language: 'en', address: null, origin: 'saved', savedReplyId: 'late-en', fallback: 'no_ai' } });
    expect(standIn.requests()).toHaveLength(0);
  });

  it('no saved reply fits and no model: a clear refusal, in the asker’s language', async () => {
    const result = await ask({ commentId: UNMATCHED.id }, { drafter: null });
    expect(result).toEqual({
      ok: false,
      code: 'no_draft',
      reason: 'no_ai',
      message: 'Kein Entwurf möglich: KI-Entwürfe sind in diesem Desk nicht eingerichtet, und das Team Community hat keine gespeicherte Antwort auf Deutsch („Sie“), die zu diesem Kommentar passt.',
    });
    const english = await ask({ commentId: BARE.id, platformUserId: 'U0BEN' }, { drafter: null });
    expect(english).toMatchObject({ ok: false, code: 'no_draft', message: expect.stringContaining('team Bare has no saved reply in German') });
    expect(await drafts.latestDraft(UNMATCHED.id)).toBeNull();
  });

  it('a team without a tone still gets model drafts, checked without an address rule', async () => {
    standIn.reply(modelDraft({ text: 'Hallo, wir kümmern uns um deine Lieferung.', addressUsed: 'du', savedReplyUsed: 'none' }));
    const result = await ask({ commentId: BARE.id });
    expect(result).toMatchObject({ ok: true, draft: { origin: 'model', address: 'du', needsEditing: false, savedReplyId: null } });
  });

  describe('budget', () => {
    const spend = (cost: number) =>
      drafts.recordAiCall({ kind: 'triage', model: MODEL, requestId: null, commentId: null, usage: null, cost, outcome: 'ok', at: clock.now() });

    it('at 100 % no model call: the saved reply instead, saying why', async () => {
      await spend(10);
      const result = await ask({}, { monthlyBudget: 10 });
      expect(result).toMatchObject({ ok: true, draft: { origin: 'saved', fallback: 'budget', note: expect.stringContaining('KI-Budget') } });
      expect(standIn.requests()).toHaveLength(0);
      expect((await callsNow()).filter((c) => c.kind === 'draft')).toEqual([]);
    });

    it('at 80 % the button still drafts with the model; an automatic draft does not', async () => {
      await spend(8);
      expect(await ask({}, { monthlyBudget: 10 })).toMatchObject({ ok: true, draft: { origin: 'model' } });
      expect(standIn.requests()).toHaveLength(1);
      expect(await ask({ automatic: true }, { monthlyBudget: 10 })).toMatchObject({ ok: true, draft: { origin: 'saved', fallback: 'budget_automatic' } });
      expect(standIn.requests()).toHaveLength(1);
    });

    it('below 80 % automatic drafts use the model; spend of an earlier month does not count', async () => {
      const thisMonth = clock.now();
      clock.set(new Date(thisMonth.getTime() - 31 * 24 * 3600_000));
      await spend(100);
      clock.set(thisMonth);
      await spend(7.9);
      expect(await ask({ automatic: true }, { monthlyBudget: 10 })).toMatchObject({ ok: true, draft: { origin: 'model' } });
    });
  });

  it('refuses people who are not on the desk, and comments that do not exist', async () => {
    expect(await ask({ platformUserId: 'U0STRANGER' })).toEqual({ ok: false, code: 'not_member', message: expect.stringContaining('nicht im Desk') });
    expect(await ask({ platformUserId: 'U0STRANGER', locale: 'en' })).toMatchObject({ ok: false, code: 'not_member', message: expect.stringContaining('not on the desk') });
    expect(await ask({ commentId: 'not-a-uuid' })).toMatchObject({ ok: false, code: 'unknown_comment' });
    expect(await ask({ commentId: '99999999-9999-4999-8999-999999999999', platformUserId: 'U0BEN' })).toEqual({ ok: false, code: 'unknown_comment', message: 'That comment no longer exists in the desk.' });
    expect(standIn.requests()).toHaveLength(0);
    expect(await database.db.prisma.aiCall.count({ where: { at: clock.now() } })).toBe(0);
  });
});
