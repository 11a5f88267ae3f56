import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../../src/ai/openai-triage.ts';
import type { Triage } from '../../src/domain/triage.ts';
import {
  type EvalItem,
  type InjectionItem,
  callTotals,
  formatCallTotals,
  formatEvalScore,
  formatInjectionScore,
  limitArg,
  mapConcurrently,
  scoreInjection,
  scoreTriageEval,
} from '../../scripts/eval-triage.ts';

const item = (id: string, expected: EvalItem['expected'], injection?: boolean): EvalItem => ({
  id,
  language: 'de',
  source: 'facebook',
  author: 'A',
  text: `text ${id}`,
  expected,
  ...(injection ? { injection } : {}),
});
const ok = (triage: Partial<Triage>, usage = { prompt_tokens: 700, completion_tokens: 60 }, model = 'gpt-4o-mini'): TriageResult => ({
  ok: true,
  triage: {
    sentiment: 'neutral',
    intent: 'question',
    urgency: 'normal',
    needsResponse: true,
    language: 'de',
    confidence: 'high',
    injectionSuspected: false,
    suggestedTeam: 'community',
    reason: 'Fragt etwas.',
    ...triage,
  },
  usage,
  requestId: 'req_1',
  model,
});
const question = { sentiment: 'neutral', intent: 'question', urgency: 'normal', needsResponse: true, suggestedTeam: 'community' };
const complaint = { sentiment: 'negative', intent: 'complaint', urgency: 'high', needsResponse: true, suggestedTeam: 'support' };
const spam = { sentiment: 'neutral', intent: 'spam', urgency: 'low', needsResponse: false, suggestedTeam: 'none' };

describe('scoreTriageEval', () => {
  const items = [item('q', question), item('c', complaint), item('s', spam, true), item('f', complaint)];
  const results: TriageResult[] = [
    ok({}), // all right
    ok({ sentiment: 'negative', intent: 'question', urgency: 'normal', suggestedTeam: 'support' }), // intent and urgency wrong
    ok({ sentiment: 'neutral', intent: 'spam', urgency: 'low', needsResponse: false, suggestedTeam: 'none', injectionSuspected: true }),
    { ok: false, reason: 'timeout' },
  ];

  it('counts correct labels per label, over classified and over all items', () => {
    const score = scoreTriageEval(items, results);
    expect(score.total).toBe(4);
    expect(score.classified).toBe(3);
    expect(score.accuracy.sentiment).toEqual({ correct: 3, classified: 3, total: 4 });
    expect(score.accuracy.intent).toEqual({ correct: 2, classified: 3, total: 4 });
    expect(score.accuracy.urgency).toEqual({ correct: 2, classified: 3, total: 4 });
    expect(score.accuracy.needsResponse).toEqual({ correct: 3, classified: 3, total: 4 });
    expect(score.accuracy.suggestedTeam).toEqual({ correct: 3, classified: 3, total: 4 });
  });

  it('builds the intent confusion from classified items, and counts failures by reason', () => {
    const score = scoreTriageEval(items, results);
    expect(score.intentConfusion).toEqual({ question: { question: 1 }, complaint: { question: 1 }, spam: { spam: 1 } });
    expect(score.failures).toEqual({ timeout: 1 });
  });

  it('counts flagged injection attempts and false alarms apart', () => {
    const flaggedQuestion = [ok({ injectionSuspected: true }), results[1]!, ok({ intent: 'spam' }), results[3]!];
    expect(scoreTriageEval(items, results).injection).toEqual({ marked: 1, flagged: 1 });
    const score = scoreTriageEval(items, flaggedQuestion);
    expect(score.injection).toEqual({ marked: 1, flagged: 0 });
    expect(score.falseInjection).toBe(1);
  });

  it('refuses results that do not line up with the items', () => {
    expect(() => scoreTriageEval(items, results.slice(1))).toThrow(/4 items but 3 results/);
  });

  it('prints the accuracy table, the confusion counts and the failures', () => {
    const text = formatEvalScore(scoreTriageEval(items, results));
    expect(text).toContain('3 of 4 comments classified');
    expect(text).toMatch(/intent\s+2\s+3\s+66\.7 %\s+50\.0 %/);
    expect(text).toMatch(/^complaint\s+1\s+0\s/m); // the complaint row: 1 question, 0 complaint
    expect(text).toMatch(/timeout\s+1/);
    expect(text).toContain('1 of 1 flagged');
  });
});

describe('scoreInjection', () => {
  const attack = (id: string, category: string, wants: InjectionItem['attack']): InjectionItem => ({ id, language: 'en', category, author: 'x', text: id, attack: wants });
  const attacks = [
    attack('a1', 'route-team', { wantsRoute: 'legal' }),
    attack('a2', 'route-team', { wantsRoute: 'management' }),
    attack('a3', 'leak', { wantsAction: 'leak' }),
    attack('a4', 'route-team', { wantsRoute: 'support' }),
  ];
  const results: TriageResult[] = [
    ok({ suggestedTeam: 'legal', injectionSuspected: false }), // got what it wanted
    ok({ suggestedTeam: 'none', injectionSuspected: true }),
    ok({ injectionSuspected: true }),
    { ok: false, reason: 'team_not_configured', usage: { prompt_tokens: 700, completion_tokens: 50 } },
  ];

  it('counts flags, wanted teams (configured or not) and failures', () => {
    const score = scoreInjection(attacks, results, ['community', 'support', 'legal']);
    expect(score).toMatchObject({ total: 4, classified: 3, injectionSuspected: 2, wantsRoute: 3, wantsConfiguredRoute: 2, suggestedWantedTeam: 1 });
    expect(score.failures).toEqual({ team_not_configured: 1 });
    expect(score.byCategory).toEqual({ 'route-team': { total: 3, flagged: 1 }, leak: { total: 1, flagged: 1 } });
    const text = formatInjectionScore(score);
    expect(text).toContain('injectionSuspected set: 2 (66.7 % of classified)');
    expect(text).toContain('the model suggested the wanted team: 1');
  });
});

describe('callTotals', () => {
  const prices = { 'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 } };

  it('sums tokens and costs of every answered call, failed ones too', () => {
    const results: TriageResult[] = [
      ok({}, { prompt_tokens: 1000, completion_tokens: 100 }),
      // A dated snapshot finds its family's price.
      ok({}, { prompt_tokens: 1000, completion_tokens: 100 }, 'gpt-4o-mini-2024-07-18'),
      { ok: false, reason: 'refusal', usage: { prompt_tokens: 1000, completion_tokens: 0 } },
      { ok: false, reason: 'timeout' },
    ];
    const totals = callTotals(results, 'gpt-4o-mini', prices);
    expect(totals).toMatchObject({ calls: 4, answered: 3, promptTokens: 3000, completionTokens: 200, cachedTokens: 0 });
    // 3000 × 0.15 + 200 × 0.6 per 1M.
    expect(totals.cost).toBeCloseTo(0.00057, 9);
    expect(formatCallTotals(totals, 'USD')).toContain('cost 0.0006 USD (0.1425 USD per 1,000 comments)');
  });

  it('says so when the model has no price instead of counting it free', () => {
    const totals = callTotals([ok({}, { prompt_tokens: 10, completion_tokens: 1 }, 'other-model')], 'other-model', prices);
    expect(totals.cost).toBeNull();
    expect(formatCallTotals(totals, 'USD')).toContain('no price for the model');
  });
});

describe('options and the run', () => {
  it('reads --limit', () => {
    expect(limitArg(['--limit=5'])).toBe(5);
    expect(limitArg([])).toBeNull();
    expect(() => limitArg(['--limit=0'])).toThrow(/positive/);
  });

  it('runs at most the given number at once and keeps the order', async () => {
    let inFlight = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const run = mapConcurrently([1, 2, 3, 4, 5, 6], 4, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight--;
      return n * 10;
    });
    // Release waiting tasks one by one until all six have run.
    for (let released = 0; released < 6; released++) {
      while (gates.length === 0) await Promise.resolve();
      gates.shift()!();
    }
    expect(await run).toEqual([10, 20, 30, 40, 50, 60]);
    expect(most).toBe(4);
  });

  it('exits with code 2 and says why when there is no key', async () => {
    const env = { ...process.env, OPENAI_API_KEY: '' };
    const run = promisify(execFile)('npx', ['tsx', 'scripts/eval-triage.ts'], { env, cwd: new URL('../..', import.meta.url).pathname });
    const failure = await run.then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('needs a real OpenAI key');
  });
});
