import { describe, expect, it } from 'vitest';
import { channelIntervalPacing, windowPacing } from '../../src/domain/pacing-policy.ts';

describe('channelIntervalPacing', () => {
  it('lets the next post go one interval after the last one was done', () => {
    const pacing = channelIntervalPacing(1000);
    expect(pacing.nextPostAt([])).toBe(0);
    expect(pacing.nextPostAt([5_000, 7_250])).toBe(8_250);
    expect(pacing.windowMs).toBe(1000);
  });

  it('does not pace at 0', () => {
    const pacing = channelIntervalPacing(0);
    expect(pacing.nextPostAt([5_000])).toBe(0);
    expect(pacing.windowMs).toBe(0);
  });
});

describe('windowPacing', () => {
  // A platform that takes 3 posts a second and 4 per ten seconds per conversation.
  const pacing = windowPacing([
    { posts: 3, perMs: 1000 },
    { posts: 4, perMs: 10_000 },
  ]);

  it('remembers posts as long as its longest window', () => {
    expect(pacing.windowMs).toBe(10_000);
  });

  it('lets posts go at once while every window has room', () => {
    expect(pacing.nextPostAt([])).toBe(0);
    expect(pacing.nextPostAt([100, 200])).toBe(0);
  });

  it('waits until the oldest post of a full window has left it, the strictest window deciding', () => {
    // Three in the last second: the fourth waits until the first is a second old.
    expect(pacing.nextPostAt([100, 200, 300])).toBe(1100);
    // Four within ten seconds: the fifth waits until the first is ten seconds old.
    expect(pacing.nextPostAt([100, 2000, 4000, 6000])).toBe(10_100);
  });
});
