import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

type PinoLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Bolt logs through our structured logger instead of its own console logger. Bolt calls debug() on
 * every request, so arguments are only turned into text when that level is on.
 */
export function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'bolt' });
  const at = (level: PinoLevel) => (...msg: unknown[]) => {
    if (!child.isLevelEnabled(level)) return;
    child[level](msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  };
  let level = LogLevel.INFO;
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
