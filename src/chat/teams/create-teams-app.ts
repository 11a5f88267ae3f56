import { type DraftReplyDeps, draftReply } from '../../use-cases/draft-reply.ts';
import { savedReplyIdSchema } from '../../desk-config/tone-config-schema.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App } from '@microsoft/teams.apps';
import { PUBLIC } from '@microsoft/teams.api';
import { z } from 'zod';
import type { Logger } from '../../logger.ts';
import type { ActDeps } from '../../use-cases/act-on-comment.ts';
import { type CardButton, pressCardButton } from '../../use-cases/press-card-button.ts';
import { viewCard } from '../../use-cases/view-card.ts';
import type { CrisisDeps } from '../../use-cases/crisis-deps.ts';
import type { DigestDeps } from '../../use-cases/build-weekly-digest.ts';
import type { MemberDeps } from '../../use-cases/resolve-member.ts';
import { type DeskJobs, runDeskCommand } from '../../use-cases/run-desk-command.ts';
import { runCrisisCommand } from '../../use-cases/run-crisis-command.ts';
import { runKpiCommand } from '../../use-cases/run-kpi-command.ts';
import { pressCrisisButton } from '../../use-cases/press-crisis-button.ts';
import { shareWeeklyDigest } from '../../use-cases/share-weekly-digest.ts';
import { prepareSnooze } from '../../use-cases/prepare-snooze.ts';
import { SNOOZE_CHOICES, snoozeReminders, staleSnoozeMessage } from '../../use-cases/snooze-reminders.ts';
import type { CommandInput } from '../../use-cases/command-asker.ts';
import type { CommandView } from '../../domain/command-view.ts';
import type { ConversationStore } from '../../domain/conversation-store.ts';
import type { Directory } from '../../domain/directory.ts';
import { ROUTE_INPUT_ID, SAVED_REPLY_INPUT_ID, SNOOZE_CHOICE_INPUT_ID, SNOOZE_REASON_INPUT_ID, SNOOZE_TASK, TeamsVerb } from './verbs.ts';
import { TeamsConversations, refKey } from './teams-conversations.ts';
import { type Place, TeamsGateway } from './teams-gateway.ts';
import { TeamsHttpAdapter, TEAMS_MESSAGES_PATH, noteIfDatabaseUnreachable } from './teams-http.ts';
import { MSTEAMS } from './teams-identity.ts';
import { TeamsPeople } from './teams-people.ts';
import { type TokenSource, clientCredentialsTokens } from './teams-token.ts';
import { teamsTokenVerifier } from './verify-teams-token.ts';
import { cardActionResponse, commandMessage, snoozeTaskError, snoozeTaskResponse, teamsRenderers } from './teams-messages.ts';
import { renderTeamsSnoozeDialog } from './render-snooze-dialog.ts';
import { draftActionResponse, renderTeamsDraft, renderTeamsDraftRefusal } from './render-draft.ts';
import { sdkLogger } from './sdk-logger.ts';

export { TEAMS_MESSAGES_PATH };

export interface TeamsSettings {
  appId: string;
  appPassword: string;
  tenantId?: string;
  openIdMetadataUrl: string;
  tokenUrl: string;
  graphUrl: string;
}

export interface TeamsAdapter {
  app: App;
  gateway: TeamsGateway;
  people: TeamsPeople;
  requestListener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The fields of an activity the desk reads; everything else Teams sends is ignored. */
const activityShape = z.object({
  id: z.string().optional(),
  type: z.string(),
  serviceUrl: z.string().url(),
  locale: z.string().optional(),
  from: z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() }),
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional() }),
  channelData: z
    .object({
      team: z.object({ id: z.string(), aadGroupId: z.string().optional(), name: z.string().optional() }).optional(),
      channel: z.object({ id: z.string() }).optional(),
      tenant: z.object({ id: z.string() }).optional(),
    })
    .passthrough()
    .optional(),
  entities: z.array(z.object({ type: z.string(), timezone: z.string().optional() }).passthrough()).optional(),
});
type Activity = z.infer<typeof activityShape>;

/** The card buttons without a choice, by verb. */
const CARD_BUTTONS: Record<string, Exclude<CardButton['action'], 'route'>> = {
  [TeamsVerb.claim]: 'claim',
  [TeamsVerb.release]: 'release',
  [TeamsVerb.answer]: 'answer',
  [TeamsVerb.dismiss]: 'dismiss',
};

const commentData = z.object({ c: z.string().min(1).max(64) }).passthrough();
const crisisData = z.object({ k: z.string().min(1).max(64), s: z.string().min(1).max(64).optional() });
const kpiData = z.object({ t: z.string().min(1).max(64), w: z.string().regex(/^\d{4}-W\d{2}$/) });

/**
 * The Teams door, on the Teams SDK: its App routes activities (messages, `adaptiveCard/action`,
 * `task/fetch`/`task/submit`, installs) to the listeners below, which parse, call the same use cases as
 * Slack, and render. Our server hands it POST /api/messages after checking the Bot Framework token.
 * The gateway sends the outbox's messages through the Bot Connector at each conversation's service URL.
 */
export function createTeamsAdapter(options: {
  settings: TeamsSettings;
  conversationStore: ConversationStore;
  directory: Directory;
  deps: ActDeps & { jobs?: DeskJobs; crisis?: CrisisDeps; kpi?: DigestDeps & MemberDeps; draft?: DraftReplyDeps };
  log: Logger;
}): TeamsAdapter {
  const { settings, log } = options;
  // Reply drafts set up: cards get a Draft reply button.
  const drafts = options.deps.draft !== undefined;
  const now = () => options.deps.clock.now().getTime();
  const tokens = clientCredentialsTokens({ tokenUrl: settings.tokenUrl, clientId: settings.appId, clientSecret: settings.appPassword, now });
  const conversations = new TeamsConversations(options.conversationStore, () => options.deps.clock.now());
  const directory = options.directory;
  const spaceOfChannel = (channel: string) =>
    directory
      .allTeams()
      .flatMap((t) => t.channels ?? [])
      .find((c) => c.platform === MSTEAMS && c.channel === channel)?.space;
  const gateway = new TeamsGateway({
    appId: settings.appId,
    tenantId: settings.tenantId,
    tokens,
    conversations,
    render: teamsRenderers(directory, { drafts }),
    graphUrl: settings.graphUrl,
    teamOfChannel: spaceOfChannel,
    teamsOfMember: (member) => member.teamIds.flatMap((id) => (directory.team(id)?.channels ?? []).filter((c) => c.platform === MSTEAMS && c.space).map((c) => c.space!)),
    roomTeamId: () => {
      const teams = directory.allTeams();
      const preferred = [directory.team(directory.defaults.teamId), ...teams].filter((t) => t !== undefined);
      return preferred.flatMap((t) => t.channels ?? []).find((c) => c.platform === MSTEAMS && c.space)?.space;
    },
    log: log.child({ component: 'teams-gateway' }),
  });
  const people = new TeamsPeople({ now });
  const zoneOfChannel = (channel: string | undefined) =>
    (channel ? directory.teamByChannel(MSTEAMS, channel)?.timeZone : undefined) ?? directory.team(directory.defaults.teamId)?.timeZone ?? 'UTC';
  const withPeople = <T extends MemberDeps>(d: T): T => ({ ...d, people: [...(d.people ?? []).filter((p) => p.platform !== MSTEAMS), people] });
  const deps = {
    ...withPeople(options.deps),
    crisis: options.deps.crisis && withPeople(options.deps.crisis),
    kpi: options.deps.kpi && withPeople(options.deps.kpi),
    draft: options.deps.draft && withPeople(options.deps.draft),
  };

  const adapter = new TeamsHttpAdapter();
  const app = createTeamsSdkApp({ appId: settings.appId, tenantId: settings.tenantId, tokens, adapter, log });

  /** Who did something, where: the desk's view of an activity, and the place's address kept for later. */
  async function observe(activity: Activity): Promise<{ userId: string; channel?: string; place: Place }> {
    const userId = (activity.from.aadObjectId ?? activity.from.id).toLowerCase();
    const channel = channelOf(activity);
    const tenantId = activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
    const timeZone = activity.entities?.find((e) => e.type === 'clientInfo')?.timezone;
    people.observe({ userId, channel, name: activity.from.name, locale: activity.locale, timeZone });
    const teamId = activity.channelData?.team?.id;
    if (activity.from.aadObjectId) {
      await conversations.remember(refKey.person(activity.from.aadObjectId), {
        serviceUrl: activity.serviceUrl,
        tenantId,
        userId: activity.from.id,
        name: activity.from.name,
        ...(activity.conversation.conversationType === 'personal' ? { conversationId: activity.conversation.id } : {}),
      });
    }
    if (activity.conversation.conversationType === 'personal' || activity.conversation.conversationType === 'groupChat') {
      await conversations.remember(refKey.conversation(activity.conversation.id), { serviceUrl: activity.serviceUrl, tenantId, conversationId: activity.conversation.id });
    }
    if (teamId) await rememberTeam(activity, teamId, tenantId, channel);
    return {
      userId,
      channel,
      place: {
        serviceUrl: activity.serviceUrl,
        conversationId: activity.conversation.id.split(';')[0]!,
        personal: activity.conversation.conversationType === 'personal',
        userId: activity.from.id,
        aadObjectId: userId,
        tenantId,
        name: activity.from.name,
      },
    };
  }

  async function rememberTeam(activity: Activity, teamId: string, tenantId: string | undefined, channel: string | undefined): Promise<void> {
    const groupId = activity.channelData?.team?.aadGroupId?.toLowerCase();
    const team = { serviceUrl: activity.serviceUrl, tenantId, teamId, aadGroupId: groupId, name: activity.channelData?.team?.name };
    await conversations.remember(refKey.team(teamId), team);
    // Operators may configure the team by its group id (a GUID, in the channel's link) instead of its thread id.
    if (groupId) await conversations.remember(refKey.team(groupId), team);
    if (channel) await conversations.remember(refKey.channel(channel), { ...team, conversationId: channel });
  }

  /** Runs a listener; a database outage marks the request (answered 503 for Teams to retry) instead of a 500. */
  const guarded =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        noteIfDatabaseUnreachable(error);
        log.error({ err: error, listener: name }, 'Teams listener failed');
        throw error;
      }
    };

  app.on(
    'conversationUpdate',
    guarded('conversationUpdate', async (ctx) => {
      const parsed = activityShape.safeParse(ctx.activity);
      if (!parsed.success) return void log.warn({ error: parsed.error.issues[0]?.message }, 'ignored a malformed conversationUpdate');
      await observe(parsed.data);
      const added = (ctx.activity as { membersAdded?: { id: string }[] }).membersAdded ?? [];
      if (added.some((m) => m.id === ctx.activity.recipient?.id)) {
        log.info({ conversation: parsed.data.conversation.id, team: parsed.data.channelData?.team?.id, type: parsed.data.conversation.conversationType }, 'the Teams app was added');
      }
    }),
  );
  app.on(
    'installationUpdate',
    guarded('installationUpdate', async (ctx) => {
      const parsed = activityShape.safeParse(ctx.activity);
      if (parsed.success) await observe(parsed.data);
    }),
  );

  app.on(
    'message',
    guarded('message', async (ctx) => {
      const parsed = activityShape.safeParse(ctx.activity);
      if (!parsed.success) return void log.warn({ error: parsed.error.issues[0]?.message }, 'ignored a malformed Teams message');
      const { userId, channel, place } = await observe(parsed.data);
      const text = typeof ctx.activity.text === 'string' ? ctx.activity.text : '';
      const command = parseCommand(text);
      const input: CommandInput = {
        platform: MSTEAMS,
        platformUserId: userId,
        text: command.text,
        requestId: parsed.data.id ?? `${userId}:${Date.now()}`,
        channelId: channel,
        // Teams users type the words after mentioning the bot (or pick them from its command menu).
        commandPrefix: '',
      };
      const view = await runCommand(command.name, input);
      if (view.kind !== 'later') return void (await gateway.answerPrivately(place, commandMessage(view)));
      // Work that may outlast Teams' wait for the request (a job run, a week's figures) answers when done.
      void view
        .answer()
        .then((answer) => gateway.answerPrivately(place, commandMessage(answer)))
        .catch((error: unknown) => log.warn({ err: error, command: command.name }, 'could not answer a Teams command'));
    }),
  );

  async function runCommand(name: 'desk' | 'crisis' | 'kpi', input: CommandInput): Promise<CommandView> {
    if (name === 'crisis' && deps.crisis) return runCrisisCommand(input, { ...deps.crisis, log });
    if (name === 'kpi' && deps.kpi) return runKpiCommand(input, { ...deps.kpi, log });
    return runDeskCommand(name === 'desk' ? input : { ...input, text: 'help' }, { ...deps, log });
  }

  app.on(
    'card.action',
    guarded('card.action', async (ctx) => {
      const parsed = activityShape.safeParse(ctx.activity);
      const action = (ctx.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
      if (!parsed.success || typeof action?.verb !== 'string') {
        log.warn('ignored a malformed Teams card action');
        return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'malformed card action' } } as never;
      }
      const { userId, channel, place } = await observe(parsed.data);
      const requestId = `${userId}:${parsed.data.id ?? ''}`;
      // Private answers go where the click was: the channel (as a targeted message), or the 1:1 chat itself.
      const replyChannel = channel ?? (place.personal ? place.conversationId : undefined);
      const data = action.data;
      const verb = action.verb;
      const crisisVerbs: Record<string, 'ack' | 'approve' | 'step'> = { [TeamsVerb.crisisAck]: 'ack', [TeamsVerb.crisisApprove]: 'approve', [TeamsVerb.crisisStep]: 'step' };
      if (crisisVerbs[verb] && deps.crisis) {
        const value = crisisData.safeParse(data);
        if (!value.success) return badData();
        await pressCrisisButton(
          { action: crisisVerbs[verb], crisisId: value.data.k, stepId: value.data.s, platform: MSTEAMS, platformUserId: userId, replyChannel, requestId },
          { ...deps.crisis, store: deps.store, log },
        );
        return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '✓' } as never;
      }
      if (verb === TeamsVerb.kpiPost && deps.kpi) {
        const value = kpiData.safeParse(data);
        if (!value.success) return badData();
        await shareWeeklyDigest({ teamId: value.data.t, week: value.data.w, platform: MSTEAMS, platformUserId: userId, replyChannel, requestId }, { ...deps.kpi, store: deps.store, log });
        return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '✓' } as never;
      }
      const value = commentData.safeParse(data);
      if (!value.success) return badData();
      const commentId = value.data.c;
      const clicked = typeof ctx.activity.replyToId === 'string' ? ctx.activity.replyToId : undefined;
      if ((verb === TeamsVerb.draft || verb === TeamsVerb.saved) && deps.draft) {
        // Use saved reply: the chosen reply's id from the card's choice (no model call).
        const saved = verb === TeamsVerb.saved ? savedReplyIdSchema.safeParse(value.data[SAVED_REPLY_INPUT_ID]) : null;
        if (saved && !saved.success) return badData('choose a saved reply first');
        // The card's language (its channel's team's), so the draft's labels and problem texts match the card.
        const locale = (channel ? directory.teamByChannel(MSTEAMS, channel)?.locale : undefined) ?? directory.localeOf(undefined, directory.defaults.teamId);
        const result = await draftReply(
          { commentId, platform: MSTEAMS, platformUserId: userId, ...(replyChannel ? { channel: replyChannel } : {}), locale, ...(saved ? { savedReplyId: saved.data } : {}) },
          deps.draft,
        );
        log.info({ action: verb, commentId, user: userId, savedReplyId: saved?.data, ok: result.ok, ...(result.ok ? { origin: result.draft.origin, needsEditing: result.draft.needsEditing } : { refused: result.code }) }, 'reply draft');
        return draftActionResponse(result.ok ? renderTeamsDraft(result.draft, locale) : renderTeamsDraftRefusal(result.message, commentId, locale)) as never;
      }
      if (verb === TeamsVerb.draftBack) {
        const view = await viewCard({ commentId, platform: MSTEAMS, channel: replyChannel, messageId: clicked }, deps);
        return cardActionResponse(view, null, view ? zoneOfChannel(channel) : undefined, { drafts }) as never;
      }
      const input = { commentId, platform: MSTEAMS, platformUserId: userId, replyChannel, requestId };
      let button: CardButton;
      if (verb === TeamsVerb.route) {
        const target = routeTarget((data as Record<string, unknown>)[ROUTE_INPUT_ID]);
        if (!target) return badData('choose a team or a person first');
        button = { action: 'route', target };
      } else {
        const action = CARD_BUTTONS[verb];
        if (!action) return badData(`unknown action ${verb.slice(0, 40)}`);
        button = { action };
      }
      const result = await pressCardButton({ ...input, button }, deps);
      log.info({ action: verb, commentId, user: userId, ok: result.ok, ...(result.ok ? {} : { refused: result.code }) }, 'card action');
      const view = await viewCard({ commentId, platform: MSTEAMS, channel: replyChannel, messageId: clicked }, deps);
      return cardActionResponse(view, result.ok ? null : result.notice.text, view ? zoneOfChannel(channel) : undefined, { drafts }) as never;
    }),
  );

  app.on(
    'dialog.open',
    guarded('dialog.open', async (ctx) => {
      const parsed = activityShape.safeParse(ctx.activity);
      const data = commentData.safeParse((ctx.activity.value as { data?: unknown } | undefined)?.data);
      const who = { platform: MSTEAMS, platformUserId: parsed.success ? (parsed.data.from.aadObjectId ?? parsed.data.from.id).toLowerCase() : '' };
      if (!parsed.success || !data.success || (data.data as { desk?: unknown }).desk !== SNOOZE_TASK) return snoozeTaskError(await staleSnoozeMessage(deps, who)) as never;
      const { userId } = await observe(parsed.data);
      const view = await prepareSnooze({ commentId: data.data.c, platform: MSTEAMS, platformUserId: userId }, deps);
      return snoozeTaskResponse(view) as never;
    }),
  );

  app.on(
    'dialog.submit',
    guarded('dialog.submit', async (ctx) => {
      const parsed = activityShape.safeParse(ctx.activity);
      if (!parsed.success) return snoozeTaskError(await staleSnoozeMessage(deps, { platform: MSTEAMS, platformUserId: '' })) as never;
      const { userId } = await observe(parsed.data);
      const raw = (ctx.activity.value as { data?: Record<string, unknown> } | undefined)?.data ?? {};
      const data = commentData.safeParse(raw);
      if (!data.success || raw.desk !== SNOOZE_TASK) return snoozeTaskError(await staleSnoozeMessage(deps, { platform: MSTEAMS, platformUserId: userId })) as never;
      const choice = (SNOOZE_CHOICES as readonly string[]).includes(String(raw[SNOOZE_CHOICE_INPUT_ID])) ? (raw[SNOOZE_CHOICE_INPUT_ID] as (typeof SNOOZE_CHOICES)[number]) : '1h';
      const reason = typeof raw[SNOOZE_REASON_INPUT_ID] === 'string' ? (raw[SNOOZE_REASON_INPUT_ID] as string) : '';
      const result = await snoozeReminders({ commentId: data.data.c, platform: MSTEAMS, platformUserId: userId, choice, reason }, deps);
      if (!result.ok) {
        // The form again, as filled in, with the reason it was refused above the field.
        const view = await prepareSnooze({ commentId: data.data.c, platform: MSTEAMS, platformUserId: userId }, deps);
        return renderTeamsSnoozeDialog(view, { choice, reason, error: { field: result.field, message: result.message } }) as never;
      }
      log.info({ commentId: data.data.c, user: userId, until: result.until.toISOString() }, 'reminders snoozed');
      return undefined as never;
    }),
  );

  app.event('error', ({ error }) => {
    noteIfDatabaseUnreachable(error);
  });

  const verify = teamsTokenVerifier({ appId: settings.appId, openIdMetadataUrl: settings.openIdMetadataUrl, now });
  return {
    app,
    gateway,
    people,
    requestListener: adapter.requestListener(verify, log.child({ component: 'teams' })),
    async start() {
      await app.initialize();
    },
    async stop() {},
  };
}

/**
 * The Teams SDK's App as the desk runs it: on our HTTP adapter, with our token source, every setting
 * explicit so CLIENT_SECRET, TENANT_ID, SERVICE_URL, CLOUD or DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS
 * in the environment cannot change what it does, logging through our logger.
 */
export function createTeamsSdkApp(options: { appId: string; tenantId?: string; tokens: TokenSource; adapter: TeamsHttpAdapter; log: Logger }): App {
  return new App({
    clientId: options.appId,
    clientSecret: '',
    tenantId: options.tenantId ?? '',
    token: (scope) => options.tokens.token(Array.isArray(scope) ? scope[0]! : scope),
    cloud: PUBLIC,
    serviceUrl: 'https://smba.trafficmanager.net/teams',
    httpServerAdapter: options.adapter,
    messagingEndpoint: TEAMS_MESSAGES_PATH,
    dangerouslyAllowUnauthenticatedRequests: false,
    logger: sdkLogger(options.log),
    activity: { mentions: { stripText: true } },
  });
}

/** Where an activity came from in a team: its channel id (a click's conversation id carries `;messageid=…`). */
function channelOf(activity: Activity): string | undefined {
  if (activity.conversation.conversationType !== 'channel') return undefined;
  return activity.channelData?.channel?.id ?? activity.conversation.id.split(';')[0];
}

/** `crisis drill`, `/kpi last`, `desk status`: the command word and the rest; anything else is `desk help`. */
export function parseCommand(text: string): { name: 'desk' | 'crisis' | 'kpi'; text: string } {
  const plain = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim();
  const match = /^\/?(desk|crisis|krise|kpi)\b\s*([\s\S]*)$/i.exec(plain);
  if (!match) return { name: 'desk', text: plain ? 'help' : 'help' };
  const word = match[1]!.toLowerCase();
  return { name: word === 'krise' ? 'crisis' : (word as 'desk' | 'crisis' | 'kpi'), text: match[2]!.trim() };
}

function routeTarget(value: unknown): { kind: 'team'; teamId: string } | { kind: 'person'; memberId: string } | null {
  if (typeof value !== 'string') return null;
  if (value.startsWith('team:') && value.length > 5) return { kind: 'team', teamId: value.slice(5) };
  if (value.startsWith('member:') && value.length > 7) return { kind: 'person', memberId: value.slice(7) };
  return null;
}

function badData(message = 'the card’s data is not one the desk sent') {
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } } as never;
}

