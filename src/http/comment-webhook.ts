import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import { parseGenericComment } from '../sources/parse-generic-comment.ts';
import { verifyHmacSignature } from '../sources/verify-hmac-signature.ts';
import { type IngestDeps, ingestCommentChange } from '../use-cases/ingest-comment-change.ts';
import { header, parseJson, readRawBody, sendJson } from './respond.ts';

/**
 * POST /webhooks/comments — any source delivers one comment as JSON, signed with INGEST_SECRET
 * (`X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`). 200/201 only once it is stored.
 */
export function commentWebhookHandler(secret: string | undefined, deps: IngestDeps, log: Logger) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!secret) {
      sendJson(res, 503, { error: 'INGEST_SECRET is not set on the server, so POST /webhooks/comments is closed' });
      return;
    }
    const raw = await readRawBody(req);
    if (!verifyHmacSignature(raw, header(req, 'x-signature-256'), secret)) {
      log.warn({ path: req.url }, 'rejected a comment webhook with a missing or wrong signature');
      sendJson(res, 401, { error: 'X-Signature-256 is missing or wrong: send sha256=<hex HMAC-SHA256 of the raw body with INGEST_SECRET>' });
      return;
    }
    const json = parseJson(raw);
    if (!json.ok) {
      sendJson(res, 400, { error: json.error });
      return;
    }
    const parsed = parseGenericComment(json.value, deps.clock.now());
    if (!parsed.ok) {
      sendJson(res, 400, { error: parsed.error });
      return;
    }
    const result = await ingestCommentChange(parsed.change, deps);
    sendJson(res, result.outcome === 'created' ? 201 : 200, result);
  };
}
