import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installLastResortHandlers } from '../src/last-resort.ts';
import { captureLog } from './support/captured-log.ts';

describe('installLastResortHandlers', () => {
  it('logs an unhandled rejection with its error and keeps serving', () => {
    const target = new EventEmitter();
    const captured = captureLog();
    const exits: number[] = [];
    installLastResortHandlers(target as unknown as NodeJS.Process, { log: captured.log, exit: (code) => exits.push(code) });
    target.emit('unhandledRejection', new TypeError("Cannot read properties of null (reading 'ssl_check')"));
    target.emit('unhandledRejection', 'a plain string');
    expect(exits).toEqual([]);
    const errors = captured.errors();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ unhandledRejections: 1, err: { type: 'TypeError', message: "Cannot read properties of null (reading 'ssl_check')" } });
    expect(errors[0]!.msg).toMatch(/keeps serving/);
  });

  it('stops cleanly with exit code 70 after an uncaught exception, logging it as fatal', () => {
    const target = new EventEmitter();
    const captured = captureLog();
    const exits: [number, string][] = [];
    const uninstall = installLastResortHandlers(target as unknown as NodeJS.Process, { log: captured.log, exit: (code, reason) => exits.push([code, reason]) });
    target.emit('uncaughtException', new RangeError('Invalid time value'), 'uncaughtException');
    expect(exits).toEqual([[70, 'uncaughtException']]);
    expect(captured.lines.find((l) => l.level === 60)).toMatchObject({ origin: 'uncaughtException', err: { message: 'Invalid time value' } });
    uninstall();
    expect(target.listenerCount('uncaughtException')).toBe(0);
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });
});
