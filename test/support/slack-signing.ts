/**
 * Sign and build requests the way Slack sends them to our app
 * (Slack docs: "Verifying requests from Slack", interactivity and slash-command payloads).
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { SLACK_STAND_IN_DEFAULTS } from './slack-stand-in.js';

/**
 * Headers Slack adds to every request: `X-Slack-Request-Timestamp` (unix seconds) and
 * `X-Slack-Signature` = `v0=` + hex HMAC-SHA256(signingSecret, `v0:${timestamp}:${rawBody}`).
 */
export function signSlackRequest(
  body: string,
  signingSecret: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': `v0=${signature}`,
  };
}

/** Interactivity body: `application/x-www-form-urlencoded` with a single `payload` field holding the JSON. */
export function blockActionsBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Slash-command body: the fields, form-encoded (spaces as `+`, `/` as `%2F`, like Slack). */
export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export interface PostToSlackEndpointOptions {
  /** Signing timestamp (unix seconds). Default: now. Use an old one to test staleness checks. */
  timestamp?: number;
  /** Default `application/x-www-form-urlencoded`; Events API requests use `application/json`. */
  contentType?: string;
  /** Replace the computed signature (e.g. to test rejection of a bad signature). */
  signature?: string;
  /** Slack's retry headers (`X-Slack-Retry-Num`, `X-Slack-Retry-Reason`) for redelivered events. */
  retryNum?: number;
  retryReason?: string;
  headers?: Record<string, string>;
}

/** POSTs a signed request like Slack does and returns the status and response text. */
export async function postToSlackEndpoint(
  url: string,
  body: string,
  signingSecret: string,
  opts: PostToSlackEndpointOptions = {},
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {
    'Content-Type': opts.contentType ?? 'application/x-www-form-urlencoded',
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(body, signingSecret, opts.timestamp),
  };
  if (opts.signature !== undefined) headers['X-Slack-Signature'] = opts.signature;
  if (opts.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = opts.retryReason;
  Object.assign(headers, opts.headers);
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

// ---------------------------------------------------------------------------------------
// Payload builders
// ---------------------------------------------------------------------------------------

export interface BlockActionsPayloadOptions {
  userId: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  channelId: string;
  /** Default: `directmessage` for D… channels, else `general`. */
  channelName?: string;
  /** ts of the message that holds the button/select. */
  messageTs: string;
  actionId: string;
  /** Button value. Ignored when `selectedOptionValue` is given. */
  value?: string;
  /** When given, the action is a `static_select` with this selected option (else a `button`). */
  selectedOptionValue?: string;
  /** Label of the button or of the selected option. */
  text?: string;
  blockId?: string;
  responseUrl?: string;
  apiAppId?: string;
  /** Legacy verification token (Bolt ignores it when verifying signatures). */
  token?: string;
  threadTs?: string;
  isEphemeral?: boolean;
  /**
   * The message the action came from, merged over a generated one (e.g. a message from
   * `standIn.messages()`): `{ text, blocks, ... }`. Default blocks: one `actions` block holding
   * the clicked element.
   */
  message?: Record<string, unknown>;
}

/**
 * A `block_actions` payload as Slack sends it for a button click or static_select choice on a
 * message (container type `message`). Wrap it with {@link blockActionsBody} to post it.
 */
export function makeBlockActionsPayload(opts: BlockActionsPayloadOptions): Record<string, unknown> {
  const teamId = opts.teamId ?? SLACK_STAND_IN_DEFAULTS.teamId;
  const userName = opts.userName ?? `user-${opts.userId.toLowerCase()}`;
  const blockId = opts.blockId ?? 'actions';
  const isSelect = opts.selectedOptionValue !== undefined;
  const label = { type: 'plain_text', text: opts.text ?? (isSelect ? opts.selectedOptionValue : 'Button'), emoji: true };

  const element: Record<string, unknown> = isSelect
    ? {
        type: 'static_select',
        action_id: opts.actionId,
        options: [{ text: label, value: opts.selectedOptionValue }],
      }
    : { type: 'button', action_id: opts.actionId, text: label, ...(opts.value === undefined ? {} : { value: opts.value }) };

  const action: Record<string, unknown> = isSelect
    ? {
        type: 'static_select',
        action_id: opts.actionId,
        block_id: blockId,
        selected_option: { text: label, value: opts.selectedOptionValue },
        action_ts: slackTsNow(),
      }
    : {
        action_id: opts.actionId,
        block_id: blockId,
        text: label,
        ...(opts.value === undefined ? {} : { value: opts.value }),
        type: 'button',
        action_ts: slackTsNow(),
      };

  const container: Record<string, unknown> = {
    type: 'message',
    message_ts: opts.messageTs,
    ...(opts.threadTs === undefined ? {} : { thread_ts: opts.threadTs }),
    channel_id: opts.channelId,
    is_ephemeral: opts.isEphemeral ?? false,
  };

  const message: Record<string, unknown> = {
    type: 'message',
    user: SLACK_STAND_IN_DEFAULTS.botUserId,
    bot_id: SLACK_STAND_IN_DEFAULTS.botId,
    app_id: opts.apiAppId ?? SLACK_STAND_IN_DEFAULTS.appId,
    text: '',
    ...(opts.threadTs === undefined ? {} : { thread_ts: opts.threadTs }),
    blocks: [{ type: 'actions', block_id: blockId, elements: [element] }],
    team: teamId,
    ...opts.message,
    ts: opts.messageTs,
  };

  return {
    type: 'block_actions',
    user: { id: opts.userId, username: userName, name: userName, team_id: teamId },
    api_app_id: opts.apiAppId ?? SLACK_STAND_IN_DEFAULTS.appId,
    token: opts.token ?? 'verification_token',
    container,
    trigger_id: triggerId(),
    team: { id: teamId, domain: opts.teamDomain ?? SLACK_STAND_IN_DEFAULTS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: opts.channelId, name: opts.channelName ?? defaultChannelName(opts.channelId) },
    message,
    state: { values: {} },
    response_url: opts.responseUrl ?? `https://hooks.slack.com/actions/${teamId}/${randomDigits(12)}/${randomBytes(12).toString('hex')}`,
    actions: [action],
  };
}

export interface SlashCommandFieldsOptions {
  command: string;
  text?: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  responseUrl?: string;
  token?: string;
}

/** The form fields Slack sends for a slash command, in Slack's order. Encode with {@link slashCommandBody}. */
export function makeSlashCommandFields(opts: SlashCommandFieldsOptions): Record<string, string> {
  const teamId = opts.teamId ?? SLACK_STAND_IN_DEFAULTS.teamId;
  return {
    token: opts.token ?? 'verification_token',
    team_id: teamId,
    team_domain: opts.teamDomain ?? SLACK_STAND_IN_DEFAULTS.teamDomain,
    channel_id: opts.channelId,
    channel_name: opts.channelName ?? defaultChannelName(opts.channelId),
    user_id: opts.userId,
    user_name: opts.userName ?? `user-${opts.userId.toLowerCase()}`,
    command: opts.command,
    text: opts.text ?? '',
    api_app_id: opts.apiAppId ?? SLACK_STAND_IN_DEFAULTS.appId,
    is_enterprise_install: 'false',
    response_url: opts.responseUrl ?? `https://hooks.slack.com/commands/${teamId}/${randomDigits(12)}/${randomBytes(12).toString('hex')}`,
    trigger_id: triggerId(),
  };
}

function defaultChannelName(channelId: string): string {
  return channelId.startsWith('D') ? 'directmessage' : 'general';
}

/** Like Slack's `action_ts`: unix seconds with 6 decimals. */
function slackTsNow(): string {
  return (Date.now() / 1000).toFixed(6);
}

/** Same shape as Slack's trigger ids, e.g. `398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c`. */
function triggerId(): string {
  return `${randomDigits(12)}.${randomDigits(11)}.${randomBytes(16).toString('hex')}`;
}

function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
}
