import type { Clock } from '../../src/domain/ports.ts';

/** A clock the test moves by hand. Only the desk's own notion of "now" follows it; timers stay real. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
