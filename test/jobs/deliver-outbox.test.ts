import { describe, expect, it } from 'vitest';
import { OutboxDelivery, outageDelayMs } from '../../src/jobs/deliver-outbox.ts';
import type { OutboxStore } from '../../src/domain/outbox-store.ts';
import { captureLog } from '../support/captured-log.ts';

describe('outageDelayMs', () => {
  it('starts at the poll interval, doubles per failed round and stops at 30 s', () => {
    const options = { pollMs: 500 };
    expect([1, 2, 3, 4, 5].map((n) => outageDelayMs(n, options))).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(outageDelayMs(7, options)).toBe(30_000);
    expect(outageDelayMs(10_000, options)).toBe(30_000);
  });
});

describe('OutboxDelivery while the database is away', () => {
  it('backs off and logs the 1st, 2nd, 4th and 8th failed round only, then says when it works again', async () => {
    let calls = 0;
    let down = true;
    const outbox = {
      async claimDue() {
        calls += 1;
        if (down) throw new Error('Connection terminated unexpectedly');
        return [];
      },
    } as unknown as OutboxStore;
    const captured = captureLog();
    const delivery = new OutboxDelivery(
      { outbox, handlers: {}, clock: { now: () => new Date() }, log: captured.log },
      { pollMs: 1, wakeDelayMs: 0 },
    );
    delivery.start();
    try {
      while (calls < 9) await new Promise((r) => setTimeout(r, 5));
      down = false;
      while (!captured.lines.some((l) => l.msg === 'outbox delivery works again')) await new Promise((r) => setTimeout(r, 5));
    } finally {
      await delivery.stop();
    }
    const failures = captured.errors().map((l) => l.failedRounds);
    expect(failures.slice(0, 4)).toEqual([1, 2, 4, 8]);
    // 9 or more failed rounds, but only powers of two were logged.
    expect(failures.every((n) => typeof n === 'number' && (n & (n - 1)) === 0)).toBe(true);
    expect(captured.errors()[0]?.msg).toMatch(/backing off/);
  });
});
