import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import { parseGenericComment } from '../sources/parse-generic-comment.ts';
import { type IngestDeps, ingestCommentChange } from '../use-cases/ingest-comment-change.ts';
import { readSignedJson } from './read-signed-json.ts';
import { sendJson } from './respond.ts';

/**
 * POST /webhooks/comments — any source delivers one comment as JSON, signed with INGEST_SECRET
 * (`X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`). 201/200 only once it is stored.
 */
export function commentWebhookHandler(secret: string | undefined, deps: IngestDeps, log: Logger) {
  const check = {
    secret,
    unsetMessage: 'INGEST_SECRET is not set on the server, so POST /webhooks/comments is closed',
    signatureHeader: 'x-signature-256',
    badSignatureMessage: 'X-Signature-256 is missing or wrong: send sha256=<hex HMAC-SHA256 of the raw body with INGEST_SECRET>',
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readSignedJson(req, res, check, log);
    if (!body) return;
    const parsed = parseGenericComment(body.value, deps.clock.now());
    if (!parsed.ok) {
      sendJson(res, 400, { error: parsed.error });
      return;
    }
    const result = await ingestCommentChange(parsed.change, deps);
    sendJson(res, result.outcome === 'created' ? 201 : 200, result);
  };
}
