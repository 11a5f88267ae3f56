import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IncomingCommentChange } from '../domain/incoming-comment.ts';
import type { Logger } from '../logger.ts';
import { parseMetaWebhook } from '../sources/parse-meta-webhook.ts';
import { verifyMetaSubscription } from '../sources/verify-meta-subscription.ts';
import { dataErrorOf } from '../store/data-error.ts';
import { type IngestDeps, type IngestOutcome, ingestCommentChange } from '../use-cases/ingest-comment-change.ts';
import { type IngestHealth, createIngestHealth, recordSkippedChange } from './ingest-health.ts';
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
 * the app secret (X-Hub-Signature-256). Meta retries a delivery until it gets a 2xx, so:
 * - each change is judged on its own. One the parser cannot take, or one the database refuses for
 *   its values (dataErrorOf: it would fail the same way on every retry), is skipped with a warn
 *   line (source and reason, never the text) and counted in `health` (shown on /readyz); the rest
 *   of the batch is stored and the answer is 200 with `received`, `ignored`, `skipped` and one
 *   outcome per received change (`skipped` for those the database refused).
 * - any other failure (database unreachable…) is thrown once every change has settled, so the
 *   server answers 5xx (503 for an unreachable database) and Meta retries the whole batch; that is
 *   safe because storing is idempotent.
 * The changes are stored concurrently, so the store group-commits them into a few statements;
 * changes to the same comment (an add and a remove in one batch) still apply in batch order.
 * `health` is the instance's (app.ts passes it to /readyz); the default only keeps other callers simple.
 */
export function metaWebhookHandler(appSecret: string | undefined, deps: IngestDeps, log: Logger, health: IngestHealth = createIngestHealth()) {
  const check = {
    secret: appSecret,
    unsetMessage: 'META_APP_SECRET is not set on the server, so POST /webhooks/meta is closed',
    signatureHeader: 'x-hub-signature-256',
    badSignatureMessage: 'X-Hub-Signature-256 is missing or wrong: check META_APP_SECRET (Meta app → Settings → Basic → App secret)',
  };
  /** `detail` goes to the log only: a database message may quote the value (an id), not for /readyz. */
  const skip = (source: string, reason: string, detail?: string) => {
    log.warn({ source, reason, detail }, 'skipped a Meta comment change we cannot store; the rest of the batch goes on');
    recordSkippedChange(health, deps.clock.now(), source, reason);
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readSignedJson(req, res, check, log);
    if (!body) return;
    const parsed = parseMetaWebhook(body.value, deps.clock.now());
    if (!parsed.ok) {
      sendJson(res, 400, { error: parsed.error });
      return;
    }
    for (const s of parsed.skipped) skip(s.source, s.reason);

    const outcomes: (IngestOutcome['outcome'] | 'skipped')[] = new Array(parsed.changes.length);
    let skippedByDatabase = 0;
    const failures: unknown[] = [];
    await Promise.all(
      groupByComment(parsed.changes).map(async (group) => {
        for (const i of group) {
          const change = parsed.changes[i]!;
          try {
            outcomes[i] = (await ingestCommentChange(change, deps)).outcome;
          } catch (error) {
            const dataError = dataErrorOf(error);
            if (!dataError) {
              // Later changes to this comment must not overtake the one that failed.
              failures.push(error);
              return;
            }
            outcomes[i] = 'skipped';
            skippedByDatabase += 1;
            skip(sourceOf(change), `the database refused its values (SQLSTATE ${dataError.sqlState})`, dataError.message);
          }
        }
      }),
    );
    if (failures.length) throw failures[0];
    sendJson(res, 200, {
      received: parsed.changes.length,
      ignored: parsed.ignored,
      skipped: parsed.skipped.length + skippedByDatabase,
      outcomes,
    });
  };
}

const sourceOf = (change: IncomingCommentChange) => (change.kind === 'upsert' ? change.comment.source : change.source);

/** Indexes of `changes` grouped by the comment they touch, each group in batch order. */
function groupByComment(changes: readonly IncomingCommentChange[]): number[][] {
  const groups = new Map<string, number[]>();
  changes.forEach((change, i) => {
    const externalId = change.kind === 'upsert' ? change.comment.externalId : change.externalId;
    const key = JSON.stringify([sourceOf(change), externalId]);
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}
