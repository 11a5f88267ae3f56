import type { Clock } from '../../src/domain/ports.ts';

/**
 * A clock that runs `factor` times faster than the wall clock from `start`: with 60, five minutes of
 * desk time pass in five real seconds. For tests of pacing and rate limits over minutes, where the desk
 * and the Slack stand-in must agree on one time that keeps moving.
 */
export class ScaledClock implements Clock {
  private readonly realStart = performance.now();

  constructor(
    private readonly start: Date,
    readonly factor: number,
  ) {}

  now(): Date {
    return new Date(this.start.getTime() + (performance.now() - this.realStart) * this.factor);
  }

  /** Real milliseconds until `ms` of desk time have passed. */
  real(ms: number): number {
    return ms / this.factor;
  }
}
