import type { Logger } from '../logger.ts';
import type { Database } from './open-database.ts';

/**
 * What a database error means for the desk: `unreachable` passes (the server is starting, restarting,
 * or the network is away) and is waited out; `refused` will not pass by waiting (a wrong password, a
 * missing database) and must be fixed by the operator.
 */
export type DatabaseTrouble = { kind: 'unreachable' | 'refused' | 'other'; reason: string };

/** Driver adapter error kinds (Prisma's `DriverAdapterError.cause.kind`) that no amount of waiting fixes. */
const REFUSED_KINDS: Record<string, string> = {
  AuthenticationFailed: 'the database refused the user name or password in DATABASE_URL',
  DatabaseDoesNotExist: 'the database named in DATABASE_URL does not exist: create it (createdb) or fix the name',
  DatabaseAccessDenied: 'the user in DATABASE_URL may not connect to that database: grant it CONNECT',
  TlsConnectionError: 'the TLS connection to the database failed: check sslmode and certificates in DATABASE_URL',
};
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionAlreadyClosed']);
/** SQLSTATEs of a server that is up but not taking connections yet (or any more). */
const UNREACHABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006']);
const UNREACHABLE_ERRNOS = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOTFOUND|EAI_AGAIN)\b|Connection terminated|Can't reach database server|timeout exceeded when trying to connect/i;

export function classifyDatabaseError(error: unknown): DatabaseTrouble {
  const cause = driverCause(error);
  if (cause?.kind && REFUSED_KINDS[cause.kind]) return { kind: 'refused', reason: REFUSED_KINDS[cause.kind]! };
  if ((cause?.kind && UNREACHABLE_KINDS.has(cause.kind)) || (cause?.originalCode && UNREACHABLE_CODES.has(cause.originalCode))) {
    return { kind: 'unreachable', reason: 'database unreachable' };
  }
  const message = error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? '')}` : String(error);
  if (UNREACHABLE_ERRNOS.test(message)) return { kind: 'unreachable', reason: 'database unreachable' };
  return { kind: 'other', reason: 'database error' };
}

function driverCause(error: unknown): { kind?: string; originalCode?: string } | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } } | null)?.meta;
  return meta?.driverAdapterError?.cause ?? (error as { cause?: { kind?: string; originalCode?: string } } | null)?.cause;
}

export interface WaitOptions {
  log: Logger;
  /** Aborts the wait (shutdown while the database is still away). */
  signal?: AbortSignal;
  /** First pause between attempts; doubles up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Returns once the database answers. While it is unreachable, tries again with backoff and says so
 * in the log; a refusal (wrong password, missing database) throws at once with what to fix.
 */
export async function waitForDatabase(db: Database, options: WaitOptions): Promise<void> {
  const { log, signal } = options;
  let delay = options.firstDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const since = Date.now();
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      await db.prisma.$queryRawUnsafe('SELECT 1');
      if (attempt > 1) log.info({ attempts: attempt, waitedMs: Date.now() - since }, 'the database answers; starting');
      return;
    } catch (error) {
      const trouble = classifyDatabaseError(error);
      if (trouble.kind !== 'unreachable') {
        throw new Error(`cannot use the database: ${trouble.kind === 'refused' ? trouble.reason : (error as Error).message}`, { cause: error });
      }
      log.warn({ attempt, nextTryMs: delay, error: (error as Error).message.split('\n').filter(Boolean).pop() }, 'the database is not reachable yet; waiting for it (/healthz answers, /readyz says 503)');
    }
    await abortableSleep(delay, signal);
    delay = Math.min(delay * 2, maxDelay);
  }
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
