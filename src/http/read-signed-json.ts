import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.ts';
import { verifyHmacSignature } from '../sources/verify-hmac-signature.ts';
import { header, parseJson, readRawBody, sendJson } from './respond.ts';

export interface SignedJsonCheck {
  /** The shared secret; when unset the endpoint is closed (503) with `unsetMessage`. */
  secret: string | undefined;
  unsetMessage: string;
  /** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>`. */
  signatureHeader: string;
  /** What to tell a sender whose signature is missing or wrong. */
  badSignatureMessage: string;
  /**
   * While `secret` is unset, a request signed with this one still passes (the desk's own samples);
   * anyone else gets the same 503 as without it, so the endpoint stays closed to them.
   */
  whileUnsetAccept?: string;
}

/**
 * The common front of our webhooks: closed without a secret (but for `whileUnsetAccept`), 401 on a missing or wrong signature
 * (checked over the raw bytes), 400 on bad JSON. Answers the request itself and returns null when
 * the body must not be used.
 */
export async function readSignedJson(req: IncomingMessage, res: ServerResponse, check: SignedJsonCheck, log: Logger): Promise<{ value: unknown } | null> {
  if (!check.secret) {
    const own = check.whileUnsetAccept;
    const raw = own ? await readRawBody(req) : null;
    if (!own || !raw || !verifyHmacSignature(raw, header(req, check.signatureHeader), own)) {
      sendJson(res, 503, { error: check.unsetMessage });
      return null;
    }
    return parsedBody(raw, res);
  }
  const raw = await readRawBody(req);
  if (!verifyHmacSignature(raw, header(req, check.signatureHeader), check.secret)) {
    log.warn({ path: req.url }, `rejected a webhook with a missing or wrong ${check.signatureHeader}`);
    sendJson(res, 401, { error: check.badSignatureMessage });
    return null;
  }
  return parsedBody(raw, res);
}

function parsedBody(raw: Buffer, res: ServerResponse): { value: unknown } | null {
  const json = parseJson(raw);
  if (!json.ok) {
    sendJson(res, 400, { error: json.error });
    return null;
  }
  return { value: json.value };
}
