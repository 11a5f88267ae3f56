import { describe, expect, it } from 'vitest';
import { type PriceTable, budgetState, costOf, monthBounds, monthKey, priceOf } from '../../src/domain/ai-budget.ts';

const PRICES: PriceTable = {
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1': { input: 2, output: 8 },
};

describe('priceOf', () => {
  it('finds a model by its name', () => {
    expect(priceOf('gpt-4.1', PRICES)).toEqual({ input: 2, output: 8 });
  });

  it('finds a dated snapshot under its family', () => {
    expect(priceOf('gpt-4.1-mini-2025-04-14', PRICES)).toEqual(PRICES['gpt-4.1-mini']);
    expect(priceOf('gpt-4.1-2025-04-14', PRICES)).toEqual(PRICES['gpt-4.1']);
  });

  it.each(['gpt-4.1-nano', 'gpt-4.1-mini-preview', 'gpt-4', 'toString', '__proto__', 'constructor-2025-01-01'])('has no price for %j', (model) => {
    expect(priceOf(model, PRICES)).toBeNull();
  });
});

describe('costOf', () => {
  it('prices input and output per million tokens', () => {
    expect(costOf({ prompt_tokens: 1_000_000, completion_tokens: 1_000_000 }, 'gpt-4.1', PRICES)).toBe(10);
    expect(costOf({ prompt_tokens: 1200, completion_tokens: 80 }, 'gpt-4.1-mini', PRICES)).toBe(0.000608);
  });

  it('prices cached input tokens at the cached price (they are part of prompt_tokens)', () => {
    const usage = { prompt_tokens: 2000, completion_tokens: 100, prompt_tokens_details: { cached_tokens: 1500 } };
    // 500 × 0.4 + 1500 × 0.1 + 100 × 1.6 = 510 per million
    expect(costOf(usage, 'gpt-4.1-mini', PRICES)).toBe(0.00051);
  });

  it('prices cached tokens at the input price when the table has no cached price', () => {
    const usage = { prompt_tokens: 2000, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 1500 } };
    expect(costOf(usage, 'gpt-4.1', PRICES)).toBe(0.004);
  });

  it('tolerates absent or null details', () => {
    expect(costOf({ prompt_tokens: 10, completion_tokens: 10, prompt_tokens_details: null }, 'gpt-4.1', PRICES)).toBe(0.0001);
    expect(costOf({ prompt_tokens: 10, completion_tokens: 10, prompt_tokens_details: { cached_tokens: null } }, 'gpt-4.1', PRICES)).toBe(0.0001);
  });

  it('never counts more cached tokens than prompt tokens, nor negative or broken counts', () => {
    expect(costOf({ prompt_tokens: 100, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 5000 } }, 'gpt-4.1-mini', PRICES)).toBe(0.00001);
    expect(costOf({ prompt_tokens: -5, completion_tokens: Number.NaN }, 'gpt-4.1', PRICES)).toBe(0);
  });

  it('is null for a model without a price', () => {
    expect(costOf({ prompt_tokens: 10, completion_tokens: 10 }, 'o3', PRICES)).toBeNull();
  });

  it('sums without floating-point drift at the precision it rounds to', () => {
    const one = costOf({ prompt_tokens: 1, completion_tokens: 0 }, 'gpt-4.1-mini', PRICES)!;
    expect(one).toBe(0.0000004);
  });
});

describe('budgetState', () => {
  it.each([
    [0, 10, 'ok'],
    [7.99, 10, 'ok'],
    [8, 10, 'drafts_off'],
    [9.99, 10, 'drafts_off'],
    [10, 10, 'triage_off'],
    [12, 10, 'triage_off'],
    // 0.8 × 0.1 is 0.08000000000000002 in floating point: 0.08 must still count as 80 %.
    [0.08, 0.1, 'drafts_off'],
    [0.0799, 0.1, 'ok'],
  ] as const)('spent %s of %s → %s', (spent, budget, state) => {
    expect(budgetState(spent, budget)).toBe(state);
  });

  it('has no limit without a budget', () => {
    expect(budgetState(1_000_000, null)).toBe('ok');
  });

  it('allows nothing with a budget of 0', () => {
    expect(budgetState(0, 0)).toBe('triage_off');
  });

  it('treats a broken spend figure as the budget being used up', () => {
    expect(budgetState(Number.NaN, 10)).toBe('triage_off');
  });
});

describe('monthKey', () => {
  it('is the month in the given zone, not in UTC', () => {
    const instant = new Date('2026-02-28T23:30:00Z');
    expect(monthKey(instant, 'UTC')).toBe('2026-02');
    expect(monthKey(instant, 'Europe/Berlin')).toBe('2026-03');
    expect(monthKey(new Date('2026-03-01T04:00:00Z'), 'America/New_York')).toBe('2026-02');
  });

  it('turns the year in the zone', () => {
    expect(monthKey(new Date('2026-12-31T23:00:00Z'), 'Europe/Berlin')).toBe('2027-01');
  });
});

describe('monthBounds', () => {
  it('runs from the first local midnight to the next month’s, across a DST change', () => {
    expect(monthBounds('2026-03', 'Europe/Berlin')).toEqual({
      start: new Date('2026-02-28T23:00:00Z'),
      end: new Date('2026-03-31T22:00:00Z'),
    });
  });

  it('turns the year after December', () => {
    expect(monthBounds('2026-12', 'UTC')).toEqual({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
  });

  it('agrees with monthKey at both ends', () => {
    const { start, end } = monthBounds('2026-10', 'Europe/Berlin');
    expect(monthKey(start, 'Europe/Berlin')).toBe('2026-10');
    expect(monthKey(new Date(end.getTime() - 1), 'Europe/Berlin')).toBe('2026-10');
    expect(monthKey(end, 'Europe/Berlin')).toBe('2026-11');
  });

  it.each(['2026-13', '2026-00', '2026-3', 'March'])('rejects %j', (key) => {
    expect(() => monthBounds(key, 'UTC')).toThrow(RangeError);
  });
});
