/**
 * Tells an error the database raised because of the values it was given — which will fail the same
 * way on every retry — from one that may pass later (unreachable server, pool exhausted, a
 * serialization conflict…). Webhooks skip or refuse the first kind and let the sender retry the second.
 *
 * Data errors are the SQLSTATE classes
 *   22 data exception (22021 a NUL in text, 22001 too long for the column, 22003 out of range, 22008 bad date…),
 *   23 integrity constraint violation (a unique or foreign key the statement does not handle itself),
 *   54 program limit exceeded (54000: an index row too large, e.g. a ~5,300-character id).
 *
 * Prisma 7 through a driver adapter (`@prisma/adapter-pg`, `pglite-prisma-adapter`) raises a
 * `PrismaClientKnownRequestError` (code P2010 for `$queryRaw`, P2039 and others for model queries)
 * whose `meta.driverAdapterError.cause.originalCode` is the server's SQLSTATE; a
 * `DriverAdapterError` that reaches us unwrapped has it in `cause.originalCode`. Socket errors
 * (ECONNREFUSED…) carry no `originalCode` and so never count as data errors.
 */
const DATA_ERROR_CLASSES = new Set(['22', '23', '54']);

export interface DataError {
  sqlState: string;
  /**
   * The server's message: names the problem, not the comment text, though some (22P02) quote the
   * offending value. Fine for the sender's answer and the log; keep it off status pages.
   */
  message: string;
}

interface AdapterCause {
  originalCode?: unknown;
  originalMessage?: unknown;
}

function adapterCauses(error: unknown): AdapterCause[] {
  const found: AdapterCause[] = [];
  let current: unknown = error;
  // Walk `.cause` a few levels: wrappers (ours or Prisma's) keep the driver's error there.
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const e = current as { meta?: { driverAdapterError?: { cause?: AdapterCause } }; cause?: unknown; originalCode?: unknown };
    const fromMeta = e.meta?.driverAdapterError?.cause;
    if (fromMeta) found.push(fromMeta);
    if (typeof e.originalCode === 'string') found.push(e as AdapterCause);
    current = e.cause;
  }
  return found;
}

/** The data error inside `error`, or undefined when it is anything else (and may pass on a retry). */
export function dataErrorOf(error: unknown): DataError | undefined {
  for (const cause of adapterCauses(error)) {
    const code = cause.originalCode;
    if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || !DATA_ERROR_CLASSES.has(code.slice(0, 2))) continue;
    return { sqlState: code, message: typeof cause.originalMessage === 'string' ? cause.originalMessage : 'data error' };
  }
  return undefined;
}
