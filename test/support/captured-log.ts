import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../src/logger.ts';

export interface CapturedLog {
  log: Logger;
  /** Every line written so far, parsed. */
  lines: { level: number; msg: string; [key: string]: unknown }[];
  /** Lines at error level (50) or above. */
  errors(): { level: number; msg: string; [key: string]: unknown }[];
}

/** A real pino logger whose JSON lines are kept in memory, so tests can read what the desk said. */
export function captureLog(level = 'info'): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  const log = pino({ level }, sink);
  return { log, lines, errors: () => lines.filter((l) => l.level >= 50) };
}
