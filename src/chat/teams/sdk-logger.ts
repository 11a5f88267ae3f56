import type { ILogger } from '@microsoft/teams.common';
import type { Logger } from '../../logger.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * The Teams SDK logs through our structured logger (never its console logger, whose LOG_LEVEL reading
 * clashes with ours). Its info lines are chatty per request: they go to debug.
 */
export function sdkLogger(log: Logger, name = 'teams-sdk'): ILogger {
  const child = log.child({ component: name });
  const at = (level: Level) => (...msg: unknown[]) => {
    if (!child.isLevelEnabled(level)) return;
    child[level](msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : safeJson(m))).join(' ').slice(0, 2000));
  };
  const logger: ILogger = {
    debug: at('debug'),
    info: at('debug'),
    warn: at('warn'),
    error: at('error'),
    trace: at('debug'),
    log: (level, ...msg) => at(level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'debug')(...msg),
    child: (childName) => sdkLogger(log, `${name}/${childName}`),
  };
  return logger;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
