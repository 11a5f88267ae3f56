import {
  type ConnectionInfo,
  DriverAdapterError,
  type Error as DriverError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  isDriverAdapterError,
} from '@prisma/driver-adapter-utils';

/**
 * A driver adapter factory used across a process boundary: the migration engine runs in a child
 * process (its memory goes back to the system when it ends) but must use the desk's database,
 * which for PGlite exists only inside the desk's process. The child's side forwards every call
 * over a message channel; the desk's side runs it on the real adapter. Rows and arguments travel
 * structured-cloned (IPC with `serialization: 'advanced'`, or a MessagePort); driver errors keep
 * their `cause`, so the engine reports them as it would in-process.
 */

/** Either end of the channel: a child process, `process` in the child, or a MessagePort. */
export interface Channel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

type Request = { adapterCall: number } & (
  | { op: 'connect' | 'connectToShadowDb' }
  | { op: 'call'; handle: number; method: string; args: unknown[] }
);

type SerializedError = { driver: DriverError } | { name: string; message: string };

type Reply = { adapterReply: number } & ({ ok: true; value: unknown } | { ok: false; error: SerializedError });

const isRequest = (m: unknown): m is Request => typeof (m as Request | null)?.adapterCall === 'number';
const isReply = (m: unknown): m is Reply => typeof (m as Reply | null)?.adapterReply === 'number';

/** What the worker learns about an adapter or transaction when it is opened. */
interface RemoteObject {
  handle: number;
  /** Optional methods the real object has, so the proxy offers exactly those. */
  methods: string[];
  connectionInfo?: ConnectionInfo;
  options?: Transaction['options'];
}

const OPTIONAL_METHODS = ['getConnectionInfo', 'createSavepoint', 'rollbackToSavepoint', 'releaseSavepoint'] as const;

function serializeError(error: unknown): SerializedError {
  if (isDriverAdapterError(error)) return { driver: error.cause };
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message };
}

function deserializeError(error: SerializedError): Error {
  if ('driver' in error) return new DriverAdapterError(error.driver);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

/**
 * The desk's side: answers the requests arriving on `channel` with `factory`. Returns the adapters
 * the other side opened and has not disposed, so the caller can close what the engine leaves open.
 * Other messages on the channel are left to other listeners.
 */
export function serveAdapterFactory(channel: Channel, factory: SqlMigrationAwareDriverAdapterFactory): { openAdapters(): SqlDriverAdapter[] } {
  const objects = new Map<number, SqlDriverAdapter | Transaction>();
  const adapters = new Set<SqlDriverAdapter>();
  let nextHandle = 1;
  const register = (object: SqlDriverAdapter | Transaction, extra: Partial<RemoteObject> = {}): RemoteObject => {
    const handle = nextHandle++;
    objects.set(handle, object);
    const methods = OPTIONAL_METHODS.filter((m) => typeof (object as unknown as Record<string, unknown>)[m] === 'function');
    return { handle, methods, ...extra };
  };
  const run = async (request: Request): Promise<unknown> => {
    if (request.op !== 'call') {
      const adapter = await factory[request.op]();
      adapters.add(adapter);
      return register(adapter, { connectionInfo: adapter.getConnectionInfo?.() });
    }
    const target = objects.get(request.handle);
    if (!target) throw new Error(`no open database object ${request.handle} (already closed)`);
    const method = (target as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[request.method];
    if (typeof method !== 'function') throw new Error(`the driver adapter has no ${request.method}()`);
    const value = await method.apply(target, request.args);
    if (request.method === 'startTransaction') {
      const tx = value as Transaction;
      return register(tx, { options: tx.options });
    }
    if (request.method === 'dispose' || request.method === 'commit' || request.method === 'rollback') {
      objects.delete(request.handle);
      adapters.delete(target as SqlDriverAdapter);
    }
    return value;
  };
  channel.onMessage((request) => {
    if (!isRequest(request)) return;
    const id = request.adapterCall;
    run(request).then(
      (value) => channel.send({ adapterReply: id, ok: true, value } satisfies Reply),
      (error: unknown) => channel.send({ adapterReply: id, ok: false, error: serializeError(error) } satisfies Reply),
    );
  });
  return { openAdapters: () => [...adapters] };
}

/** The engine's side: a factory whose adapters run every call on the other side of `channel`. */
export function remoteAdapterFactory(
  channel: Channel,
  info: Pick<SqlMigrationAwareDriverAdapterFactory, 'provider' | 'adapterName'>,
): SqlMigrationAwareDriverAdapterFactory {
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  channel.onMessage((reply) => {
    if (!isReply(reply)) return;
    const w = waiting.get(reply.adapterReply);
    if (!w) return;
    waiting.delete(reply.adapterReply);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(deserializeError(reply.error));
  });
  const request = <T>(message: { op: 'connect' | 'connectToShadowDb' } | { op: 'call'; handle: number; method: string; args: unknown[] }): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      channel.send({ adapterCall: id, ...message });
    });
  const call = <T>(handle: number, method: string, ...args: unknown[]) => request<T>({ op: 'call', handle, method, args });

  const queryable = (handle: number) => ({
    ...info,
    queryRaw: (query: SqlQuery) => call<SqlResultSet>(handle, 'queryRaw', query),
    executeRaw: (query: SqlQuery) => call<number>(handle, 'executeRaw', query),
  });
  const optional = (remote: RemoteObject, names: readonly string[]) =>
    Object.fromEntries(names.filter((m) => remote.methods.includes(m)).map((m) => [m, (...args: unknown[]) => call(remote.handle, m, ...args)]));

  const transaction = (remote: RemoteObject): Transaction => ({
    ...queryable(remote.handle),
    options: remote.options!,
    commit: () => call<void>(remote.handle, 'commit'),
    rollback: () => call<void>(remote.handle, 'rollback'),
    ...optional(remote, ['createSavepoint', 'rollbackToSavepoint', 'releaseSavepoint']),
  });
  const adapter = (remote: RemoteObject): SqlDriverAdapter => ({
    ...queryable(remote.handle),
    executeScript: (script: string) => call<void>(remote.handle, 'executeScript', script),
    startTransaction: async (isolationLevel) => transaction(await call<RemoteObject>(remote.handle, 'startTransaction', isolationLevel)),
    ...(remote.methods.includes('getConnectionInfo') ? { getConnectionInfo: () => remote.connectionInfo! } : {}),
    dispose: () => call<void>(remote.handle, 'dispose'),
  });
  return {
    ...info,
    connect: async () => adapter(await request<RemoteObject>({ op: 'connect' })),
    connectToShadowDb: async () => adapter(await request<RemoteObject>({ op: 'connectToShadowDb' })),
  };
}
