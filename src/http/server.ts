import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Logger } from '../logger.ts';
import { classifyDatabaseError } from '../store/wait-for-database.ts';
import { BodyTooLargeError, sendJson } from './respond.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export type Routes = Record<string, Handler>;

/**
 * How long a client may take, set explicitly: Node's defaults let one request hold a connection for
 * 300 s. Slack and Meta send small bodies fast; a client slower than this is broken or hostile.
 */
export interface ServerLimits {
  /** Until the request's headers are complete (408 after). */
  headersTimeoutMs: number;
  /** Until the whole request (headers and body) is in (408 after). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections open at once; further ones are closed at once. */
  maxConnections: number;
  /** How often the timeouts above are checked. */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  checkIntervalMs: 1_000,
};

/**
 * One plain node:http server for everything: webhooks, Slack (Bolt's request listener), health.
 * Routes are `"METHOD /path"`; the query string is ignored for matching.
 */
export function createHttpServer(routes: Routes, log: Logger, limits: Partial<ServerLimits> = {}): Server {
  const l = { ...DEFAULT_SERVER_LIMITS, ...limits };
  const options = {
    headersTimeout: l.headersTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    connectionsCheckingInterval: l.checkIntervalMs,
  };
  const server = createServer(options, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handler = routes[`${req.method} ${path}`];
    if (!handler) {
      const allowed = Object.keys(routes).filter((k) => k.endsWith(` ${path}`));
      if (allowed.length) sendJson(res, 405, { error: `use ${allowed.map((k) => k.split(' ')[0]).join(' or ')} for ${path}` });
      else sendJson(res, 404, { error: `no route for ${req.method} ${path}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          if (!res.headersSent) sendJson(res, 413, { error: error.message });
          return;
        }
        if (classifyDatabaseError(error).kind === 'unreachable') {
          // Waited out, not crashed on: the sender retries (Slack and Meta do) once the database is back.
          log.warn({ path, error: (error as Error).message.split('\n').filter(Boolean).pop() }, 'request refused: database unreachable');
          if (!res.headersSent) {
            res.setHeader('retry-after', '10');
            sendJson(res, 503, { error: 'database unreachable; nothing was acknowledged, please retry' });
          }
          return;
        }
        log.error({ err: error, path }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error; nothing was acknowledged, please retry' });
      });
  });
  server.maxConnections = l.maxConnections;
  return server;
}
