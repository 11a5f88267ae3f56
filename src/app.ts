import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SlackAdapter, SLACK_EVENTS_PATH, createSlackAdapter } from './chat/slack/create-slack-app.ts';
import { ConfigError, type Env, slackSettings, teamsSettings } from './config.ts';
import { type TeamsAdapter, TEAMS_MESSAGES_PATH, createTeamsAdapter } from './chat/teams/create-teams-app.ts';
import { MSTEAMS } from './chat/teams/teams-identity.ts';
import { TEAMS_APP_RATE, TEAMS_CONVERSATION_LIMITS } from './chat/teams/teams-limits.ts';
import { PrismaConversationStore } from './store/prisma-conversation-store.ts';
import { buildDirectory } from './desk-config/build-directory.ts';
import type { DeskConfig } from './desk-config/desk-config-schema.ts';
import { loadDeskConfig } from './desk-config/load-desk-config.ts';
import type { Directory } from './domain/directory.ts';
import { type Clock, type DeskStore, systemClock } from './domain/ports.ts';
import { compileRouting } from './domain/routing.ts';
import { commentWebhookHandler } from './http/comment-webhook.ts';
import { metaVerifyHandler, metaWebhookHandler } from './http/meta-webhook.ts';
import { sendJson } from './http/respond.ts';
import { type Routes, createHttpServer } from './http/server.ts';
import { type DeliveryOptions, OutboxDelivery } from './jobs/deliver-outbox.ts';
import { deskJobs } from './jobs/desk-jobs.ts';
import { chatHandlers } from './jobs/outbox-handlers/chat-handlers.ts';
import { type PacingPolicy, channelIntervalPacing, windowPacing } from './domain/pacing-policy.ts';
import type { ChatGateway } from './chat/port.ts';
import { SLACK } from './chat/slack/slack-identity.ts';
import { JobScheduler, type SchedulerOptions } from './jobs/scheduler.ts';
import { PrismaJobLeaseStore } from './store/prisma-job-lease-store.ts';
import type { Logger } from './logger.ts';
import { migrate } from './store/migrate.ts';
import { type Database, openDatabase } from './store/open-database.ts';
import { PrismaDeskStore } from './store/prisma-desk-store.ts';
import { PrismaCrisisStore } from './store/prisma-crisis-store.ts';
import { buildCrisisSettings } from './desk-config/crisis-config-schema.ts';
import type { CrisisStore } from './domain/crisis-store.ts';
import { PrismaKpiStore } from './store/prisma-kpi-store.ts';
import { createNarrativeWriter } from './narrative/openai-narrative.ts';
import type { NarrativeWriter } from './use-cases/build-weekly-digest.ts';
import { PrismaOutboxStore } from './store/prisma-outbox-store.ts';
import { syncDirectory } from './store/sync-directory.ts';
import { PrismaMemberStore } from './store/prisma-member-store.ts';
import { learnRecordedMembers } from './use-cases/learn-recorded-members.ts';
import { learningMembers } from './jobs/delivery-members.ts';
import { classifyDatabaseError, waitForDatabase } from './store/wait-for-database.ts';
import { type IngestHealth, createIngestHealth } from './http/ingest-health.ts';
import { randomBytes } from 'node:crypto';
import { type ConsoleServer, createConsole } from './chat/console/create-console.ts';
import { ConsoleLive } from './chat/console/console-live.ts';
import { inboxSection } from './chat/console/inbox.ts';
import { tryItSection } from './chat/console/try-it.ts';
import { operatorSection } from './chat/console/operator.ts';
import { ConsoleGateway } from './chat/console/console-gateway.ts';
import { PrismaDraftStore } from './store/prisma-draft-store.ts';
import { buildAiDeps } from './ai/ai-deps.ts';
import { priceOf } from './domain/ai-budget.ts';
import { PrismaOperatorReads } from './store/prisma-operator-reads.ts';

export interface DeskOptions {
  env: Env;
  log: Logger;
  /** Use this desk configuration instead of reading DESK_CONFIG. */
  deskConfig?: DeskConfig;
  /** Use an already open database (tests share one across restarts); it is not closed on stop. */
  db?: Database;
  clock?: Clock;
  delivery?: Partial<DeliveryOptions>;
  scheduler?: Partial<SchedulerOptions>;
  /** Replaces the narrative writer (tests). */
  writeNarrative?: NarrativeWriter;
  /** Aborts a start that is still waiting for the database (SIGTERM meanwhile). */
  signal?: AbortSignal;
  /** Backoff while waiting for the database at start (tests shorten it). */
  databaseWait?: { firstDelayMs?: number; maxDelayMs?: number };
}

export interface Desk {
  server: Server;
  url: string;
  db: Database;
  store: DeskStore;
  crises: CrisisStore;
  kpi: PrismaKpiStore;
  directory: Directory;
  delivery: OutboxDelivery | null;
  /** Named jobs: scheduled when RUN_JOBS is on; `jobs.runNow(name)` runs one on demand. */
  jobs: JobScheduler;
  slack: SlackAdapter | null;
  teams: TeamsAdapter | null;
  /** The web console's address (`http://localhost:3000`), or null when CONSOLE_ENABLED is off. */
  consoleUrl: string | null;
  /** Webhook changes skipped since start (shown on /readyz). */
  ingestHealth: IngestHealth;
  stop(): Promise<void>;
}

/**
 * Wires everything together and starts listening. `main.ts` calls it; so do the integration tests.
 * The HTTP server listens first: while the database is still unreachable, /healthz answers 200 and
 * everything else 503, and the start waits (with backoff) instead of failing. It resolves once the
 * desk is fully up; a refused database (wrong password, missing database) rejects at once.
 */
export async function startDesk(options: DeskOptions): Promise<Desk> {
  const { env, log } = options;
  const clock = options.clock ?? systemClock;
  const config = options.deskConfig ?? (await loadDeskConfig(env.DESK_CONFIG));
  if (env.AI_MONTHLY_BUDGET !== undefined && env.OPENAI_API_KEY && !priceOf(env.OPENAI_MODEL, config.ai.prices)) {
    throw new ConfigError(
      `AI_MONTHLY_BUDGET is set, but the desk configuration has no price for OPENAI_MODEL "${env.OPENAI_MODEL}": add it under ai.prices (per 1M tokens, e.g. ${env.OPENAI_MODEL}: { input: 0.15, output: 0.6 }) so the budget can be counted`,
    );
  }
  const directory = buildDirectory(config);
  const route = compileRouting(config.routing, directory.defaults);
  const slackConfig = slackSettings(env);
  const teamsConfig = teamsSettings(env);
  const ingestHealth = createIngestHealth();

  const starting = (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('retry-after', '5');
    sendJson(res, 503, { error: 'the desk is starting and waits for its database; nothing was stored, please retry' });
  };
  const routes: Routes = {
    'GET /healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    'GET /readyz': (_req, res) => sendJson(res, 503, { status: 'starting', database: 'unreachable' }),
    'POST /webhooks/comments': starting,
    'GET /webhooks/meta': starting,
    'POST /webhooks/meta': starting,
  };
  if (slackConfig.mode === 'http') routes[`POST ${SLACK_EVENTS_PATH}`] = starting;
  if (env.CONSOLE_ENABLED) for (const page of ['/', '/try', '/operator']) routes[`GET ${page}`] = starting;
  routes[`POST ${TEAMS_MESSAGES_PATH}`] =
    teamsConfig.mode === 'on'
      ? starting
      : (_req, res) => sendJson(res, 503, { error: 'Microsoft Teams is not configured on this desk: set TEAMS_APP_ID and TEAMS_APP_PASSWORD (see README, "Microsoft Teams: install")' });
  const server = createHttpServer(routes, log);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.PORT, env.HOST, () => resolve());
    });
  } catch (error) {
    throw new Error(`cannot listen on ${env.HOST}:${env.PORT} (${(error as Error).message}); set PORT to a free port`, { cause: error });
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address}:${address.port}`;
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));

  const ownDb = !options.db;
  let db: Database | undefined = options.db;
  let parts: DeskParts;
  try {
    db ??= await openDatabase({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE });
    await waitForDatabase(db, { log, signal: options.signal, ...options.databaseWait });
    const applied = await migrate(db);
    if (applied.length) log.info({ applied }, 'applied database migrations');
    await syncDirectory(db.prisma, directory);
    const memberStore = new PrismaMemberStore(db.prisma);
    // People recorded on first use (members: channel) by this or another instance.
    await learnRecordedMembers('all', { directory, memberStore });
    parts = assemble({ ...options, clock, config, directory, route, slackConfig, teamsConfig, ingestHealth, db, memberStore, url });
  } catch (error) {
    // Nothing half-started stays behind: the caller gets the error and a closed desk.
    await closeServer();
    if (ownDb) await db?.close();
    throw error;
  }
  Object.assign(routes, parts.routes);
  const { slack, teams, delivery, jobs, webConsole } = parts;
  try {
    await slack?.start();
    await teams?.start();
  } catch (error) {
    await closeServer();
    if (ownDb) await db.close();
    throw error;
  }
  delivery?.start();
  if (env.RUN_JOBS) jobs.start();
  if (webConsole) log.info(`Open ${consoleUrl(url, env)} for the desk's own page${env.CONSOLE_PASSWORD ? ' (sign in with CONSOLE_PASSWORD)' : ' (this machine only until CONSOLE_PASSWORD is set)'}`);
  log.info(
    { url, database: db.kind, slack: slackConfig.mode, msteams: teamsConfig.mode, teams: directory.allTeams().length, webhooks: openWebhooks(env) },
    'Community Desk is running',
  );

  return {
    server,
    url,
    db,
    store: parts.store,
    crises: parts.crises,
    kpi: parts.kpi,
    directory,
    delivery,
    jobs,
    slack,
    teams,
    consoleUrl: webConsole ? consoleUrl(url, env) : null,
    ingestHealth,
    async stop() {
      // Stop taking requests, let running ones finish, then drain the delivery loop and close the database.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Keep-alive connections that stay busy get a grace period, then are cut.
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
      // No new clicks or job runs while the outbox drains.
      webConsole?.stop();
      await slack?.stop();
      await teams?.stop();
      await jobs.stop();
      await delivery?.stop();
      if (ownDb) await db.close();
    },
  };
}

/** The console's address as a person types it: localhost for a desk listening on every interface or loopback. */
function consoleUrl(url: string, env: Env): string {
  const u = new URL(url);
  if (env.HOST === '0.0.0.0' || env.HOST === '::' || u.hostname === '127.0.0.1') u.hostname = 'localhost';
  return u.origin;
}

/** Which webhooks take deliveries: each needs its secret, and answers 503 until it is set. */
function openWebhooks(env: Env): Record<string, string> {
  return {
    'POST /webhooks/comments': env.INGEST_SECRET ? 'open' : 'closed (set INGEST_SECRET)',
    'POST /webhooks/meta': env.META_APP_SECRET ? 'open' : 'closed (set META_APP_SECRET)',
    'GET /webhooks/meta': env.META_VERIFY_TOKEN ? 'open' : 'closed (set META_VERIFY_TOKEN)',
  };
}

interface DeskParts {
  store: PrismaDeskStore;
  crises: PrismaCrisisStore;
  kpi: PrismaKpiStore;
  jobs: JobScheduler;
  slack: SlackAdapter | null;
  teams: TeamsAdapter | null;
  delivery: OutboxDelivery | null;
  webConsole: ConsoleServer | null;
  routes: Routes;
}

/** Everything that needs the database, built once it answers. */
function assemble(
  options: DeskOptions & {
    clock: Clock;
    config: DeskConfig;
    directory: Directory;
    route: ReturnType<typeof compileRouting>;
    slackConfig: ReturnType<typeof slackSettings>;
    teamsConfig: ReturnType<typeof teamsSettings>;
    ingestHealth: IngestHealth;
    db: Database;
    memberStore: PrismaMemberStore;
    url: string;
  },
): DeskParts {
  const { env, log, clock, config, directory, route, slackConfig, teamsConfig, ingestHealth, db, memberStore } = options;
  let delivery: OutboxDelivery | null = null;
  // New outbox rows wake the delivery loop instead of waiting for its next poll.
  const store = new PrismaDeskStore(db.prisma, () => delivery?.wake());
  const crises = new PrismaCrisisStore(db.prisma, () => delivery?.wake());
  const crisisSettings = buildCrisisSettings(config.crisis);
  const kpi = new PrismaKpiStore(db.prisma, () => delivery?.wake());
  const writeNarrative: NarrativeWriter =
    options.writeNarrative ??
    createNarrativeWriter(
      { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, timeoutMs: env.OPENAI_TIMEOUT_MS },
      log.child({ component: 'narrative' }),
    );
  const digestDeps = { kpi, directory, clock, writeNarrative, memberStore };

  const drafts = new PrismaDraftStore(db.prisma);
  // Triage (with OPENAI_API_KEY, unless AI_TRIAGE=false) and reply drafts (the model with a key, saved replies without).
  const { triage, draft } = buildAiDeps({ env, config, directory, store, drafts, memberStore, clock, route, log });
  const jobs = new JobScheduler(
    deskJobs({ store, crises, directory, route, clock, kpi, writeNarrative, memberStore, triage }),
    config.jobs,
    new PrismaJobLeaseStore(db.prisma),
    log.child({ component: 'jobs' }),
    options.scheduler,
  );

  const ai = { aiCalls: triage.aiCalls, monthlyBudget: triage.monthlyBudget, currency: config.ai.currency, triage: triage.classify !== null, timeZone: triage.timeZone };
  // The Draft reply button only where a draft can come: from the model, or from saved replies.
  const draftsAvailable = draft.drafter !== null || directory.allTeams().some((t) => (t.savedReplies?.length ?? 0) > 0);
  const chatDeps = { store, directory, clock, memberStore, jobs, ai, draft: draftsAvailable ? draft : undefined, crisis: { crises, directory, settings: crisisSettings, clock, memberStore }, kpi: digestDeps };
  let slack: SlackAdapter | null = null;
  if (slackConfig.mode === 'off') {
    log.warn(
      { missing: slackConfig.missing },
      `Slack is not connected: set ${slackConfig.missing.join(' and ')} to post cards. Webhooks (once their secrets are set) store comments; cards wait in the outbox.`,
    );
  } else {
    const connection =
      slackConfig.mode === 'http'
        ? { mode: 'http' as const, botToken: slackConfig.botToken, signingSecret: slackConfig.signingSecret }
        : { mode: 'socket' as const, botToken: slackConfig.botToken, appToken: slackConfig.appToken };
    slack = createSlackAdapter({
      connection,
      apiUrl: env.SLACK_API_URL,
      deps: chatDeps,
      log,
    });
  }

  let teams: TeamsAdapter | null = null;
  if (teamsConfig.mode === 'on') {
    teams = createTeamsAdapter({ settings: teamsConfig, conversationStore: new PrismaConversationStore(db.prisma), directory, deps: chatDeps, log: log.child({ component: 'teams' }) });
  } else if (directory.allTeams().some((t) => t.channels?.some((c) => c.platform === MSTEAMS))) {
    log.warn('Microsoft Teams is not connected: set TEAMS_APP_ID and TEAMS_APP_PASSWORD to post cards into the configured Teams channels; they wait in the outbox');
  }

  // The console's gateway (when it runs) takes what is addressed to the console itself: its pages read the database.
  const chatGateways: ChatGateway[] = [...(slack ? [slack.gateway] : []), ...(teams ? [teams.gateway] : [])];
  const gateways: ChatGateway[] = [...chatGateways, ...(env.CONSOLE_ENABLED ? [new ConsoleGateway()] : [])];
  if (gateways.length) {
    // Rows from before every row named its platform were all Slack's.
    const learning = learningMembers({ store, outbox: new PrismaOutboxStore(db.prisma, { legacyPlatform: SLACK }) }, (ids) =>
      learnRecordedMembers(ids, { directory, memberStore }),
    );
    const outboxLog = log.child({ component: 'outbox' });
    const pacing: Record<string, PacingPolicy> = {};
    if (slack) pacing[SLACK] = channelIntervalPacing(env.SLACK_CHANNEL_POST_INTERVAL_MS);
    // Teams' documented limits for a bot per conversation: 7 messages a second, 60 per 30 s, 1800 an hour.
    if (teams) pacing[MSTEAMS] = windowPacing(TEAMS_CONVERSATION_LIMITS);
    delivery = new OutboxDelivery(
      {
        outbox: learning.outbox,
        handlers: chatHandlers({ ...learning, crises, kpi, directory, gateways, clock, log: outboxLog }),
        pacing,
        // Teams' global limit for an app: 50 requests per second per tenant (a desk serves one tenant).
        platformRates: teams ? { [MSTEAMS]: TEAMS_APP_RATE } : {},
        clock,
        log: outboxLog,
      },
      { pollMs: env.OUTBOX_POLL_MS, ...options.delivery },
    );
    warnAboutUnservedChannels(directory, gateways.map((g) => g.platform), log);
  }

  const ingestDeps = { store, crises, directory, route, clock };
  // Samples from the console's "Try it" go through the signed webhook: with INGEST_SECRET, or with a
  // secret only this process knows while it is unset (the webhook stays closed to everyone else).
  const sampleSecret = env.INGEST_SECRET ?? randomBytes(32).toString('hex');
  let webConsole: ConsoleServer | null = null;
  if (env.CONSOLE_ENABLED) {
    const consoleLog = log.child({ component: 'console' });
    const live = new ConsoleLive(store, { pollMs: env.CONSOLE_LIVE_POLL_MS, log: consoleLog });
    const useCaseDeps = { ...chatDeps, log: consoleLog };
    webConsole = createConsole({
      password: env.CONSOLE_PASSWORD,
      directory,
      log: consoleLog,
      sections: [
        { ...inboxSection({ deps: useCaseDeps, reads: store, live }), stop: () => live.stop() },
        tryItSection({
          deps: useCaseDeps,
          directory,
          clock,
          log: consoleLog,
          ingestSecret: sampleSecret,
          selfUrl: () => options.url,
          wakeLive: () => live.wake(),
          roomPlatform: chatGateways[0]?.platform,
        }),
        operatorSection({
          env,
          config,
          directory,
          clock,
          log: consoleLog,
          deps: useCaseDeps,
          platforms: { slack: slackConfig.mode, msteams: teamsConfig.mode },
          reads: new PrismaOperatorReads(db.prisma),
          wakeOutbox: () => delivery?.wake(),
        }),
      ],
    });
  }
  const routes: Routes = {
    'GET /readyz': async (_req, res) => {
      const webhooks = { skippedChanges: ingestHealth.skippedChanges, lastSkipped: ingestHealth.lastSkipped };
      try {
        const outbox = await db.prisma.outbox.groupBy({ by: ['status'], where: { status: { in: ['pending', 'failed'] } }, _count: true });
        const count = (s: string) => outbox.find((o) => o.status === s)?._count ?? 0;
        sendJson(res, 200, { status: 'ready', database: db.kind, slack: slackConfig.mode, msteams: teamsConfig.mode, outbox: { pending: count('pending'), failed: count('failed') }, webhooks });
      } catch (error) {
        // The detail (hosts, file paths, driver text) is for the log, not for whoever asks.
        const trouble = classifyDatabaseError(error);
        log.warn({ err: error }, `readiness check failed: ${trouble.reason}`);
        sendJson(res, 503, { status: 'unavailable', database: db.kind, error: trouble.reason, webhooks });
      }
    },
    'POST /webhooks/comments': commentWebhookHandler(env.INGEST_SECRET, ingestDeps, log, { sampleSecret }),
    'GET /webhooks/meta': metaVerifyHandler(env.META_VERIFY_TOKEN),
    'POST /webhooks/meta': metaWebhookHandler(env.META_APP_SECRET, ingestDeps, log, ingestHealth),
  };
  if (slack?.requestListener) routes[`POST ${SLACK_EVENTS_PATH}`] = slack.requestListener;
  if (teams) routes[`POST ${TEAMS_MESSAGES_PATH}`] = teams.requestListener;
  if (!env.INGEST_SECRET) log.warn('INGEST_SECRET is not set: POST /webhooks/comments answers 503 until it is');
  if (!env.META_APP_SECRET) log.warn('META_APP_SECRET is not set: POST /webhooks/meta answers 503 until it is');
  if (webConsole) Object.assign(routes, webConsole.routes);
  return { store, crises, kpi, jobs, slack, teams, delivery, webConsole, routes };
}

/**
 * Channels on a platform no running adapter serves (a Microsoft Teams channel before this version has
 * a Teams adapter): their cards are stored and wait in the outbox, retried, until one does. Said once
 * at start, so an operator knows why they do not appear.
 */
function warnAboutUnservedChannels(directory: Directory, platforms: readonly string[], log: Logger): void {
  const unserved = directory.allTeams().flatMap((t) => (t.channels ?? []).filter((c) => !platforms.includes(c.platform)).map((c) => `${t.id}: ${c.platform} ${c.channel}`));
  if (unserved.length) {
    log.warn({ channels: unserved }, `no adapter for these team channels runs in this version (${platforms.join(', ')} only): their cards wait in the outbox until one does`);
  }
}
