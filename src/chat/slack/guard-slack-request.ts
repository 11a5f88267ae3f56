import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { header, readRawBody, sendJson } from '../../http/respond.ts';
import type { Logger } from '../../logger.ts';

/** How far X-Slack-Request-Timestamp may be from our clock, either way (Slack's guidance: 5 minutes). */
export const SLACK_TIMESTAMP_TOLERANCE_S = 5 * 60;
/** Slack's interactivity payloads are far smaller; Bolt's own default limit is 20 MB. */
const SLACK_BODY_LIMIT = 1024 * 1024;

export interface SlackRequestGuardOptions {
  signingSecret: string;
  log: Logger;
  /** Wall-clock milliseconds (freshness is about real time, not the desk's domain clock). */
  nowMs?: () => number;
}

type Verdict = { ok: true } | { ok: false; status: number; error: string };

/**
 * The front of POST /slack/events, before Bolt (which is told not to check signatures again): checks
 * the signature with a timestamp window in both directions (Bolt's own check accepts timestamps up to
 * a day in the future) and refuses a body Bolt would trip over. Bolt reads the parsed body's properties in code nobody awaits, so a correctly signed
 * `payload=null` used to end the process; here any body that is not a JSON object is a 400.
 * A request that passes is handed to Bolt with its bytes already read (`rawBody`, which Bolt reuses).
 */
export function guardSlackRequests(next: RequestListener, options: SlackRequestGuardOptions) {
  const nowMs = options.nowMs ?? Date.now;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readRawBody(req, SLACK_BODY_LIMIT);
    const text = raw.toString('utf8');
    const form = contentTypeOf(req) === 'application/x-www-form-urlencoded' ? new URLSearchParams(text) : null;
    // Slack's SSL check is unsigned: answered here, so nothing else such a body carries reaches Bolt.
    if (form?.get('ssl_check') === '1') {
      res.writeHead(200);
      res.end();
      return;
    }
    const signed = verifySignature(req, text, options.signingSecret, nowMs());
    const verdict = signed.ok ? checkBody(form, text) : signed;
    if (!verdict.ok) {
      options.log.warn({ path: req.url, status: verdict.status, reason: verdict.error }, 'refused a request to the Slack endpoint');
      sendJson(res, verdict.status, { error: verdict.error });
      return;
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    await next(req, res);
  };
}

function contentTypeOf(req: IncomingMessage): string {
  return (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function verifySignature(req: IncomingMessage, body: string, secret: string, nowMs: number): Verdict {
  const timestamp = header(req, 'x-slack-request-timestamp') ?? '';
  const signature = header(req, 'x-slack-signature') ?? '';
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, status: 401, error: 'X-Slack-Request-Timestamp is missing or not a Unix time in seconds' };
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_TIMESTAMP_TOLERANCE_S) {
    return {
      ok: false,
      status: 401,
      error: "X-Slack-Request-Timestamp is more than 5 minutes away from this server's clock: a replayed request, or this server's clock is wrong (check NTP)",
    };
  }
  const match = /^v0=([0-9a-f]{64})$/.exec(signature);
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest();
  if (!match?.[1] || !timingSafeEqual(Buffer.from(match[1], 'hex'), expected)) {
    return { ok: false, status: 401, error: 'X-Slack-Signature is missing or wrong: check SLACK_SIGNING_SECRET (your Slack app → Basic Information → Signing Secret)' };
  }
  return { ok: true };
}

/** Slash commands are plain form fields; interactivity carries JSON in `payload`; events are a JSON body. */
function checkBody(form: URLSearchParams | null, text: string): Verdict {
  let value: unknown;
  if (form) {
    const payload = form.get('payload');
    if (payload === null) return { ok: true };
    try {
      value = JSON.parse(payload);
    } catch {
      return { ok: false, status: 400, error: 'the payload field is not valid JSON' };
    }
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, status: 400, error: 'the body is not valid JSON' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, error: `${form ? 'the payload field' : 'the body'} must be a JSON object` };
  }
  return { ok: true };
}
