import type { Logger } from './logger.ts';

export interface LastResortOptions {
  log: Logger;
  /** Stops the desk cleanly and exits with `code` (main.ts's shutdown). */
  exit: (code: number, reason: string) => void;
}

/**
 * What the process does with an error nobody handled. Every such error is a bug to fix, so each is
 * logged with what we know about it. A rejected promise that nobody awaited leaves no half-done
 * synchronous work behind, and every write is one transaction: the desk keeps serving. A thrown
 * exception that reached the event loop may have left a handler half-way through, so the desk stops
 * cleanly (stops taking requests, lets running ones finish, closes the database) and exits with 70 for
 * the process manager to restart it.
 */
export function installLastResortHandlers(target: NodeJS.Process, options: LastResortOptions): () => void {
  const { log, exit } = options;
  let rejections = 0;
  const onRejection = (reason: unknown) => {
    rejections += 1;
    log.error({ err: reason, unhandledRejections: rejections }, 'a promise was rejected and nobody handled it; the desk keeps serving (this is a bug: please report it with this log line)');
  };
  const onException = (error: Error, origin: string) => {
    log.fatal({ err: error, origin }, 'an exception reached the event loop; stopping cleanly so the process manager restarts the desk (this is a bug: please report it with this log line)');
    exit(70, 'uncaughtException');
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
