import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Logger } from '../logger.ts';
import { BodyTooLargeError, sendJson } from './respond.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export type Routes = Record<string, Handler>;

/**
 * One plain node:http server for everything: webhooks, Slack (Bolt's request listener), health.
 * Routes are `"METHOD /path"`; the query string is ignored for matching.
 */
export function createHttpServer(routes: Routes, log: Logger): Server {
  return createServer((req, res) => {
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
        log.error({ err: error, path }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error; nothing was acknowledged, please retry' });
      });
  });
}
