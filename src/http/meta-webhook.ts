import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import { parseMetaWebhook } from '../sources/parse-meta-webhook.ts';
import { verifyMetaSubscription } from '../sources/verify-meta-subscription.ts';
import { type IngestDeps, ingestCommentChange } from '../use-cases/ingest-comment-change.ts';
import { readSignedJson } from './read-signed-json.ts';
import { sendJson, sendText } from './respond.ts';

/** GET /webhooks/meta — Meta's subscription check: echo hub.challenge when hub.verify_token matches. */
export function metaVerifyHandler(verifyToken: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!verifyToken) {
      sendJson(res, 503, { error: 'META_VERIFY_TOKEN is not set on the server' });
      return;
    }
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
    const result = verifyMetaSubscription(query, verifyToken);
    if (result.ok) sendText(res, 200, result.challenge);
    else sendJson(res, result.status, { error: result.error });
  };
}

/**
 * POST /webhooks/meta — Page `feed` comment changes and Instagram `comments`, signed by Meta with
 * the app secret (X-Hub-Signature-256). Every comment in the batch is stored before we answer 200;
 * on failure Meta retries the whole batch, which is safe because storing is idempotent.
 */
export function metaWebhookHandler(appSecret: string | undefined, deps: IngestDeps, log: Logger) {
  const check = {
    secret: appSecret,
    unsetMessage: 'META_APP_SECRET is not set on the server, so POST /webhooks/meta is closed',
    signatureHeader: 'x-hub-signature-256',
    badSignatureMessage: 'X-Hub-Signature-256 is missing or wrong: check META_APP_SECRET (Meta app → Settings → Basic → App secret)',
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readSignedJson(req, res, check, log);
    if (!body) return;
    const parsed = parseMetaWebhook(body.value, deps.clock.now());
    if (!parsed.ok) {
      sendJson(res, 400, { error: parsed.error });
      return;
    }
    const outcomes = [];
    for (const change of parsed.changes) outcomes.push((await ingestCommentChange(change, deps)).outcome);
    sendJson(res, 200, { received: parsed.changes.length, ignored: parsed.ignored, outcomes });
  };
}
