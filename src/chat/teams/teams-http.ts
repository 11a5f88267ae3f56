import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from '@microsoft/teams.apps';
import { z } from 'zod';
import { BodyTooLargeError, parseJson, readRawBody, sendJson } from '../../http/respond.ts';
import type { Logger } from '../../logger.ts';
import { classifyDatabaseError } from '../../store/wait-for-database.ts';
import type { VerifyResult } from './verify-teams-token.ts';

/** Teams' messaging endpoint on our server. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

/**
 * The fields of an activity the Teams SDK itself reads before our listeners run: a request where they
 * have the wrong shape would fail inside the SDK (a 500, the same on every retry), so it is refused
 * here with 400 and says what is wrong. Everything else is the listeners' business.
 */
const activityEnvelope = z.object({
  type: z.string().min(1).max(64),
  serviceUrl: z.string().min(1).max(2048),
  id: z.string().max(512).optional(),
  name: z.string().max(256).optional(),
  text: z.string().max(100_000).optional().nullable(),
  from: z.object({ id: z.string().max(512), name: z.string().max(1024).optional().nullable(), aadObjectId: z.string().max(64).optional().nullable() }).passthrough().optional(),
  recipient: z.object({ id: z.string().max(512) }).passthrough().optional(),
  conversation: z.object({ id: z.string().max(1024) }).passthrough().optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(100).optional().nullable(),
  attachments: z.array(z.record(z.string(), z.unknown())).max(50).optional().nullable(),
  channelData: z.record(z.string(), z.unknown()).optional().nullable(),
});

/** What one request learnt while the SDK ran our handlers: whether the database was out. */
interface TurnState {
  databaseUnreachable: boolean;
}

const turn = new AsyncLocalStorage<TurnState>();

/** Handlers call this when their write could not reach the database: the request is answered 503, not 500. */
export function noteIfDatabaseUnreachable(error: unknown): void {
  const state = turn.getStore();
  if (state && classifyDatabaseError(error).kind === 'unreachable') state.databaseUnreachable = true;
}

/**
 * The Teams SDK's transport seam on our own node:http server: the SDK registers its `/api/messages`
 * handler here (`app.initialize()`, never `start()`), and our route calls it with `{ body, headers }`
 * and a caller we have verified ourselves (see verify-teams-token.ts), so the SDK never sees an
 * unauthenticated request and never fetches keys on its own.
 */
export class TeamsHttpAdapter implements IHttpServerAdapter {
  private handler: HttpRouteHandler | undefined;

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    if (method === 'POST' && path === TEAMS_MESSAGES_PATH) this.handler = handler;
  }

  /**
   * POST /api/messages: 413 over 1 MB, 400 for a body that is not a JSON activity, 401 for a missing,
   * forged, expired or misaddressed token (nothing is stored), 503 while the signing keys or the
   * database are unreachable; otherwise the SDK's answer (invoke responses carry the updated card).
   */
  requestListener(verify: (authorization: string | undefined, activity: { serviceUrl?: unknown }) => Promise<VerifyResult>, log: Logger) {
    return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      let raw: Buffer;
      try {
        raw = await readRawBody(req, 1024 * 1024);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
        throw error;
      }
      const json = parseJson(raw);
      if (!json.ok) return sendJson(res, 400, { error: json.error });
      const activity = json.value;
      if (typeof activity !== 'object' || activity === null || Array.isArray(activity) || typeof (activity as { type?: unknown }).type !== 'string') {
        return sendJson(res, 400, { error: 'the body must be a Bot Framework activity (a JSON object with a type)' });
      }
      const envelope = activityEnvelope.safeParse(activity);
      if (!envelope.success) {
        const issue = envelope.error.issues[0];
        return sendJson(res, 400, { error: `not a Bot Framework activity the desk can read: ${issue?.path.join('.') || '(activity)'} ${issue?.message ?? ''}`.trim() });
      }
      const auth = req.headers.authorization;
      const verdict = await verify(Array.isArray(auth) ? auth[0] : auth, activity as { serviceUrl?: unknown });
      if (!verdict.ok) {
        if (verdict.transient) {
          log.warn({ reason: verdict.reason }, 'Teams request refused: signing keys unavailable');
          res.setHeader('retry-after', '10');
          return sendJson(res, 503, { error: 'cannot check the request’s token now; please retry' });
        }
        log.warn({ reason: verdict.reason, type: (activity as { type: string }).type }, 'Teams request refused: bad token');
        return sendJson(res, 401, { error: 'unauthorized: a valid Bot Framework token for this bot is required' });
      }
      if (!this.handler) return sendJson(res, 503, { error: 'the Teams app is not initialized yet; please retry' });
      const state: TurnState = { databaseUnreachable: false };
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined));
      const answer = await turn.run(state, () =>
        this.handler!({
          body: activity,
          headers,
          token: { appId: verdict.caller.appId, from: 'azure', fromId: '', serviceUrl: verdict.caller.serviceUrl, isExpired: () => false } as never,
        }),
      );
      if (state.databaseUnreachable) {
        log.warn({ path: TEAMS_MESSAGES_PATH }, 'request refused: database unreachable');
        res.setHeader('retry-after', '10');
        return sendJson(res, 503, { error: 'database unreachable; nothing was acknowledged, please retry' });
      }
      if (answer.body === undefined || answer.body === null) {
        res.writeHead(answer.status, { 'content-length': '0' });
        res.end();
        return;
      }
      sendJson(res, answer.status, answer.body);
    };
  }
}
