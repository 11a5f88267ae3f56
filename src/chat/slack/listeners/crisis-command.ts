import { SLACK } from '../slack-identity.ts';
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { CommandHandler } from './commands.ts';
import { z } from 'zod';
import { crisisTexts } from '../../../domain/crisis-texts.ts';
import type { Locale } from '../../../domain/directory.ts';
import type { OutboxItem } from '../../../domain/outbox-intent.ts';
import type { DeskStore } from '../../../domain/ports.ts';
import type { Logger } from '../../../logger.ts';
import { crisisPeople } from '../../../domain/crisis-people.ts';
import { acknowledgeCrisisPage } from '../../../use-cases/acknowledge-crisis-page.ts';
import { approveHoldingStatement } from '../../../use-cases/approve-holding-statement.ts';
import type { CrisisDeps, CrisisRefusal } from '../../../use-cases/crisis-deps.ts';
import { endCrisis } from '../../../use-cases/end-crisis.ts';
import { postCrisisUpdate } from '../../../use-cases/post-crisis-update.ts';
import { startCrisis } from '../../../use-cases/start-crisis.ts';
import { tickCrisisStep } from '../../../use-cases/tick-crisis-step.ts';
import { CrisisActionId } from '../action-ids.ts';
import { escapeMrkdwn, slackDate } from '../render-card.ts';
import { crisisStatusText, reportListText, reportText, scenarioListText } from '../render-crisis.ts';

export const CRISIS_COMMAND = '/crisis';

type Texts = ReturnType<typeof crisisTexts>;

/** The language of the person asking: their own, else the default team's. */
function localeFor(deps: CrisisDeps, slackUserId: string): Locale {
  const member = deps.directory.memberByIdentity(SLACK, slackUserId);
  return deps.directory.localeOf(member?.id, member ? undefined : deps.directory.defaults.teamId);
}

/** A refusal as one sentence for the person. */
export function refusalText(refusal: CrisisRefusal, t: Texts, deps: Pick<CrisisDeps, 'directory'>, locale: Locale): string {
  switch (refusal.code) {
    case 'not_configured':
      return t.notConfigured();
    case 'not_member':
      return t.notMember();
    case 'no_active':
      return t.noActive(CRISIS_COMMAND);
    case 'not_on_roster':
      return t.notOnRoster();
    case 'step_unknown':
      return t.stepUnknown();
    case 'update_text_missing':
      return t.updateTextMissing(CRISIS_COMMAND);
    case 'may_not_drill':
      return t.mayNotDrill(refusal.allowed.map(escapeMrkdwn));
    case 'may_not_declare':
      return t.mayNotDeclare(refusal.allowed.map(escapeMrkdwn));
    case 'may_not_end':
      return t.mayNotEnd(refusal.allowed.map(escapeMrkdwn));
    case 'already_active':
      return t.alreadyActive(t.kind(refusal.crisis.kind), refusal.crisis.number, escapeMrkdwn(refusal.crisis.scenario.title[locale]));
    case 'crisis_ended':
      return t.crisisEnded(t.kind(refusal.crisis.kind), refusal.crisis.number);
    case 'unknown_scenario':
      return t.unknownScenario(escapeMrkdwn(refusal.scenarioId), refusal.known);
    case 'step_already_done':
      return t.stepAlreadyDone(escapeMrkdwn(deps.directory.displayName(refusal.byId)), refusal.at ? slackDate(refusal.at) : '');
    case 'statement_already_approved':
      return t.statementAlreadyApproved(escapeMrkdwn(deps.directory.displayName(refusal.byId)), refusal.at ? slackDate(refusal.at) : '');
  }
}

/**
 * `/crisis drill [scenario] | declare [summary] | status | update <text> | end | scenarios | reports |
 * report <n> | help`, answered only to the person asking, in their language. Starting and ending write
 * to the database before the ack; the room, pages and report follow through the outbox.
 */
export function crisisCommandHandler(deps: CrisisDeps & { store: DeskStore }, log: Logger): CommandHandler {
  return async ({ command, ack }) => {
    const locale = localeFor(deps, command.user_id);
    const t = crisisTexts(locale);
    const text = command.text.trim();
    const [first = 'help'] = text.split(/\s+/).filter(Boolean);
    const sub = first.toLowerCase();
    const rest = text.slice(first.length).trim();
    const who = { platform: 'slack', platformUserId: command.user_id };
    const reply = (answer: string) => ack({ response_type: 'ephemeral', text: answer });
    const refused = (refusal: CrisisRefusal) => reply(refusalText(refusal, t, deps, locale));

    switch (sub) {
      case 'help':
        return reply(t.help(CRISIS_COMMAND));
      case 'scenarios':
        if (!deps.settings) return refused({ ok: false, code: 'not_configured' });
        return reply(scenarioListText({ scenarios: deps.settings.scenarios, declareScenarioId: deps.settings.declareScenarioId }, locale));
      case 'drill':
      case 'declare': {
        const started = await startCrisis(
          sub === 'drill' ? { kind: 'drill', ...who, scenarioId: rest.split(/\s+/)[0]?.toLowerCase() || undefined } : { kind: 'real', ...who, summary: rest },
          deps,
        );
        if (!started.ok) return refused(started);
        log.info({ crisisId: started.crisis.id, kind: started.crisis.kind, number: started.crisis.number, by: command.user_id }, 'crisis started');
        const title = started.crisis.scenario.title[locale];
        return reply(sub === 'drill' ? t.drillStarted(started.crisis.number, escapeMrkdwn(title)) : t.declared(started.crisis.number, escapeMrkdwn(title)));
      }
      case 'status': {
        const active = await deps.crises.activeCrisis();
        const snapshot = active && (await deps.crises.snapshot(active.id));
        if (!snapshot) return reply(t.noActive(CRISIS_COMMAND));
        const timeline = await deps.crises.timeline(snapshot.crisis.id, 10);
        return reply(crisisStatusText({ snapshot, timeline, people: crisisPeople(deps.directory), now: deps.clock.now() }));
      }
      case 'update': {
        if (!rest) return reply(t.usage(CRISIS_COMMAND, 'update'));
        const posted = await postCrisisUpdate({ text: rest, ...who, requestId: command.trigger_id }, deps);
        if (!posted.ok) return refused(posted);
        return reply(t.updatePosted(t.list(posted.audiences.map((a) => t.audience[a]))));
      }
      case 'end': {
        const ended = await endCrisis(who, deps);
        if (!ended.ok) return refused(ended);
        log.info({ crisisId: ended.crisis.id, by: command.user_id }, 'crisis ended');
        return reply(t.ended(t.kind(ended.crisis.kind), ended.crisis.number));
      }
      case 'reports': {
        const reports = await deps.crises.reports(10);
        return reply(reports.length ? reportListText(reports, locale, crisisPeople(deps.directory)) : t.noReports());
      }
      case 'report': {
        const n = Number(rest.replace(/^#/, ''));
        if (!rest || !Number.isInteger(n)) return reply(t.usage(CRISIS_COMMAND, 'report'));
        const crisis = await deps.crises.crisisByNumber(n);
        if (!crisis?.report) return reply(t.reportNotFound(rest));
        return reply(reportText(crisis.report, locale, crisisPeople(deps.directory)));
      }
      default:
        log.info({ sub }, 'unknown /crisis subcommand');
        return reply(t.unknownSubcommand(CRISIS_COMMAND, sub));
    }
  };
}

const crisisButton = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), action_ts: z.string(), value: z.string().optional() })).min(1),
});
const crisisButtonValue = z.object({ k: z.string().min(1).max(64), s: z.string().min(1).max(64).optional() });

export const CRISIS_ACTION_IDS = new Set<string>(Object.values(CrisisActionId));

/**
 * Acknowledge, Done and Approve buttons (dispatched from the one `desk.*` listener in card-actions.ts).
 * The change is written before the ack; the page and board refresh through the outbox, and a refusal
 * reaches the person privately, also through the outbox.
 */
export async function handleCrisisAction(
  args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
  deps: CrisisDeps & { store: DeskStore },
  log: Logger,
): Promise<void> {
  const { ack, body } = args;
  const parsed = crisisButton.safeParse(body);
  let value: z.infer<typeof crisisButtonValue> | null = null;
  if (parsed.success) {
    try {
      value = crisisButtonValue.parse(JSON.parse(parsed.data.actions[0]!.value ?? ''));
    } catch {
      value = null;
    }
  }
  if (!parsed.success || !value) {
    log.warn({ action: body.actions[0]?.action_id }, 'ignored a malformed crisis button');
    await ack();
    return;
  }
  const { user, channel, container, actions } = parsed.data;
  const action = actions[0]!;
  const who = { platform: 'slack', platformUserId: user.id, crisisId: value.k };
  const result =
    action.action_id === CrisisActionId.ack
      ? await acknowledgeCrisisPage(who, deps)
      : action.action_id === CrisisActionId.approve
        ? await approveHoldingStatement(who, deps)
        : value.s
          ? await tickCrisisStep({ ...who, stepId: value.s }, deps)
          : ({ ok: false, code: 'step_unknown' } as const);
  const replyChannel = channel?.id ?? container?.channel_id;
  if (!result.ok && replyChannel) {
    const locale = localeFor(deps, user.id);
    const item: OutboxItem = {
      dedupeKey: `ephemeral:slack:${user.id}:${action.action_ts}`,
      channel: replyChannel,
      intent: { kind: 'person.ephemeral', platform: 'slack', platformUserId: user.id, channel: replyChannel, notice: { text: refusalText(result, crisisTexts(locale), deps, locale) } },
    };
    await deps.store.enqueue([item], deps.clock.now());
  }
  await ack();
  log.info({ action: action.action_id, crisisId: value.k, user: user.id, ok: result.ok, ...(result.ok ? {} : { refused: result.code }) }, 'crisis button');
}
