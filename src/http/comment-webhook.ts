import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import { parseGenericComment } from '../sources/parse-generic-comment.ts';
import { dataErrorOf } from '../store/data-error.ts';
import { type IngestDeps, ingestCommentChange } from '../use-cases/ingest-comment-change.ts';
import { type SignedJsonCheck, readSignedJson } from './read-signed-json.ts';
import { sendJson } from './respond.ts';

/**
 * POST /webhooks/comments — any source delivers one comment as JSON, signed with INGEST_SECRET
 * (`X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`). 201/200 only once it is stored.
 * A comment the database refuses for its values (dataErrorOf) is a 400 saying why: it would fail
 * the same way on every retry. Other failures stay a 500, which the sender should retry.
 *
 * `sampleSecret`: the console's "Try it" signs its sample comments with it. While INGEST_SECRET is
 * unset, those (and only those) are taken; every other request still gets the 503.
 */
export function commentWebhookHandler(secret: string | undefined, deps: IngestDeps, log: Logger, options: { sampleSecret?: string } = {}) {
  const check: SignedJsonCheck = {
    secret,
    whileUnsetAccept: options.sampleSecret,
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
    let result;
    try {
      result = await ingestCommentChange(parsed.change, deps);
    } catch (error) {
      const dataError = dataErrorOf(error);
      if (!dataError) throw error;
      const change = parsed.change;
      log.warn({ source: change.kind === 'upsert' ? change.comment.source : change.source, sqlState: dataError.sqlState, reason: dataError.message }, 'refused a webhook comment the database cannot store');
      sendJson(res, 400, {
        error: `the database cannot store this comment (SQLSTATE ${dataError.sqlState}: ${dataError.message}); sending it again will not help`,
      });
      return;
    }
    sendJson(res, result.outcome === 'created' ? 201 : 200, result);
  };
}
