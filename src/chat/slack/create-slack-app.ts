import type { DraftReplyDeps } from '../../use-cases/draft-reply.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPModuleFunctions, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../logger.ts';
import type { ActDeps } from '../../use-cases/act-on-comment.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerCardActions } from './listeners/card-actions.ts';
import { DESK_COMMAND, type DeskJobs, deskCommandHandler } from './listeners/desk-command.ts';
import { type CommandHandler, registerCommands } from './listeners/commands.ts';
import { registerSnoozeDialog } from './listeners/snooze-dialog.ts';
import { CRISIS_COMMAND, crisisCommandHandler } from './listeners/crisis-command.ts';
import type { CrisisDeps } from '../../use-cases/crisis-deps.ts';
import type { DigestDeps } from '../../use-cases/build-weekly-digest.ts';
import { KPI_COMMAND, kpiCommandHandler } from './listeners/kpi-command.ts';
import { SlackGateway } from './slack-gateway.ts';
import { SlackPeople } from './slack-people.ts';
import type { MemberDeps } from '../../use-cases/resolve-member.ts';
import { guardSlackRequests } from './guard-slack-request.ts';
import { classifyDatabaseError } from '../../store/wait-for-database.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export type SlackConnection =
  | { mode: 'http'; botToken: string; signingSecret: string }
  | { mode: 'socket'; botToken: string; appToken: string };

export interface SlackAdapter {
  app: App;
  gateway: SlackGateway;
  /** Who is in a channel and who a person is: for teams with `members: channel`. */
  people: SlackPeople;
  /** For HTTP mode: our server hands POST /slack/events to this (our guard, then Bolt, check the signature). */
  requestListener?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Slack door: Bolt receives interactions (over our HTTP server or Socket Mode), the listeners
 * parse them into core commands; the gateway sends the outbox's messages with Bolt's WebClient.
 */
export function createSlackAdapter(options: {
  connection: SlackConnection;
  apiUrl: string;
  deps: ActDeps & { jobs?: DeskJobs; crisis?: CrisisDeps; kpi?: DigestDeps & MemberDeps; draft?: DraftReplyDeps };
  log: Logger;
}): SlackAdapter {
  const { connection, apiUrl, log } = options;
  const logger = boltLogger(log);
  const clientOptions = {
    slackApiUrl: apiUrl,
    // The outbox retries and honours Retry-After; the client must fail fast and tell it.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
  let receiver: HTTPReceiver | undefined;
  let socketReceiver: SocketModeReceiver | undefined;
  let app: App;
  if (connection.mode === 'http') {
    receiver = new HTTPReceiver({
      signingSecret: connection.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: false,
      // Requests reach Bolt only through guardSlackRequests, which has checked the signature (with a
      // tighter timestamp window): checking it again here would cost every click a second HMAC.
      signatureVerification: false,
      logger,
      // A click whose write could not reach the database was not acknowledged: Slack hears so at once,
      // as the webhooks do, instead of Bolt's 404 after its 3 s wait for an ack that never comes.
      processEventErrorHandler: async (args) => {
        const { error, response } = args;
        if (response.headersSent || !databaseUnreachable(error)) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
        log.warn({ path: SLACK_EVENTS_PATH }, 'request refused: database unreachable');
        response.writeHead(503, { 'retry-after': '10' });
        response.end();
        return true;
      },
    });
    app = new App({ token: connection.botToken, receiver, logger, logLevel: LogLevel.INFO, clientOptions, tokenVerificationEnabled: false });
  } else {
    // Our own receiver, so stop() can wait until the socket is really closed (Bolt's does not).
    socketReceiver = new SocketModeReceiver({ appToken: connection.appToken, logger, installerOptions: { clientOptions } });
    app = new App({ token: connection.botToken, receiver: socketReceiver, logger, clientOptions, tokenVerificationEnabled: false });
  }
  app.error(async (error) => {
    // Over HTTP, handed on to the receiver's processEventErrorHandler, which answers the request.
    if (connection.mode === 'http' && databaseUnreachable(error)) throw error;
    log.error({ err: error }, 'Slack listener failed');
  });
  const people = new SlackPeople(app.client, { now: () => options.deps.clock.now().getTime(), log: log.child({ component: 'slack-people' }) });
  // Every use case the listeners call finds people through the same resolver, with Slack's answers.
  const withPeople = <T extends MemberDeps>(d: T): T => ({ ...d, people: [...(d.people ?? []).filter((p) => p.platform !== people.platform), people] });
  const deps = {
    ...withPeople(options.deps),
    crisis: options.deps.crisis && withPeople(options.deps.crisis),
    kpi: options.deps.kpi && withPeople(options.deps.kpi),
    draft: options.deps.draft && withPeople(options.deps.draft),
  };
  registerCardActions(app, deps, log);
  registerSnoozeDialog(app, deps, log);
  const commands: Record<string, CommandHandler> = { [DESK_COMMAND]: deskCommandHandler(deps, log) };
  if (deps.crisis) commands[CRISIS_COMMAND] = crisisCommandHandler(deps.crisis, log);
  if (deps.kpi) commands[KPI_COMMAND] = kpiCommandHandler(deps.kpi, log);
  registerCommands(app, commands, log);

  return {
    app,
    gateway: new SlackGateway(app.client, { drafts: options.deps.draft !== undefined }),
    people,
    requestListener:
      receiver && connection.mode === 'http' ? guardSlackRequests(receiver.requestListener, { signingSecret: connection.signingSecret, log }) : undefined,
    async start() {
      if (socketReceiver) {
        try {
          await app.start();
        } catch (error) {
          const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
          throw new Error(`Socket Mode could not connect (${reason}): check SLACK_APP_TOKEN (xapp-…, scope connections:write)`, { cause: error });
        }
      }
      // Says which workspace we talk to; a bad token shows up here, not at the first card.
      app.client.auth
        .test()
        .then((r) => log.info({ team: r.team, botUser: r.user, mode: connection.mode }, 'connected to Slack'))
        .catch((error: Error) => log.warn({ error: error.message }, 'Slack auth.test failed; cards wait in the outbox until Slack answers'));
    },
    async stop() {
      await socketReceiver?.client.disconnect();
    },
  };
}

/** Bolt wraps errors without a `code` in an UnknownError that keeps the thrown one as `original`. */
function databaseUnreachable(error: unknown): boolean {
  const original = (error as { original?: unknown } | null)?.original ?? error;
  return classifyDatabaseError(original).kind === 'unreachable';
}
