import { reportAiUsage } from '../../use-cases/report-ai-usage.ts';
import { type Env, slackSettings, teamsSettings } from '../../config.ts';
import type { DeskConfig } from '../../desk-config/desk-config-schema.ts';
import { templateNarrative } from '../../domain/digest-narrative.ts';
import type { Directory, MemberInfo, TeamInfo } from '../../domain/directory.ts';
import { weekContaining } from '../../domain/kpi-week.ts';
import type { OperatorReads, RetryTarget } from '../../domain/operator-reads.ts';
import type { Clock } from '../../domain/ports.ts';
import { plainText } from '../../domain/rich-text.ts';
import type { Logger } from '../../logger.ts';
import { type NarrativeWriter, buildWeeklyDigest } from '../../use-cases/build-weekly-digest.ts';
import { runDeskCommand } from '../../use-cases/run-desk-command.ts';
import { digestChartSvg } from '../chart/digest-chart.ts';
import { SLACK } from '../slack/slack-identity.ts';
import { refKey } from '../teams/teams-conversations.ts';
import { MSTEAMS } from '../teams/teams-identity.ts';
import type { ConsoleSession } from './console-auth.ts';
import type { ConsoleUseCaseDeps } from './console-deps.ts';
import { CONSOLE } from './console-identity.ts';
import { type ConsoleRequest, type ConsoleSection, answerAction, ensureConsoleIdentity, sendPage } from './create-console.ts';
import { type ConfigCheck, checkDeskConfigFile, environmentSettings, summarizeDeskConfig } from './operator-config.ts';
import { operatorTexts } from './operator-texts.ts';
import { type ChannelRow, type FailedRow, type FiguresView, type JobRow, type Loaded, type OperatorView, type TeamFigures, channelState, renderOperator } from './render-operator.ts';

export interface OperatorDeps {
  env: Env;
  /** The desk configuration as loaded at start. */
  config: DeskConfig;
  directory: Directory;
  clock: Clock;
  log: Logger;
  deps: ConsoleUseCaseDeps;
  /** Which chat platforms run in this process, and their mode ('http' | 'socket' | 'on' | 'off'). */
  platforms: Record<string, string>;
  /** The outbox and stored conversation references, as the page reads them; failed deliveries back in line. */
  reads: OperatorReads;
  /** Wakes the outbox delivery loop after a retry; absent (no platform connected), the rows wait for it. */
  wakeOutbox?: () => void;
}

const FAILED_SHOWN = 20;
const FIGURES_TEAMS = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The page's figures use the template paragraph: nothing on this page calls the model (it is only for
 * the digest that is posted), so opening it costs no AI budget.
 */
const templateOnly: NarrativeWriter = async (facts, locale) => ({ text: templateNarrative(facts, locale), source: 'template' });

/** Desk admins and team leads may put failed deliveries back in line. */
function mayRetry(member: MemberInfo, directory: Directory): boolean {
  return member.roles.includes('admin') || member.roles.includes('lead') || directory.allTeams().some((t) => t.leadId === member.id);
}

/**
 * The operator's view: the configuration as loaded (and the file checked again), whether the bot can
 * post into each team channel, the outbox with retry, the jobs with "run now", the week's figures, and
 * what AI does in this version. The same use cases as the chat doors: `/desk run` for jobs, the KPI
 * use cases for figures; the one repair of its own is the outbox retry that `npm run outbox:retry` uses.
 */
export function operatorSection(deps: OperatorDeps): ConsoleSection {
  const { env, config, directory, clock, log, reads, platforms } = deps;
  /** The result of "check the file again", shown once on the page the check returns to. */
  const checks = new WeakMap<ConsoleSession, ConfigCheck>();

  const settle = async <T>(part: string, read: () => Promise<T>): Promise<Loaded<T>> => {
    try {
      return { ok: true, value: await read() };
    } catch (error) {
      log.warn({ err: error, part }, 'operator page: a part could not be read');
      return { ok: false };
    }
  };

  const missingSettings = (platform: string): string[] => {
    if (platform === SLACK) {
      const slack = slackSettings(env);
      return slack.mode === 'off' ? slack.missing : [];
    }
    if (platform === MSTEAMS) {
      const teams = teamsSettings(env);
      return teams.mode === 'off' ? teams.missing : [];
    }
    return [];
  };

  const channelRows = async (): Promise<ChannelRow[]> => {
    const teams = directory.allTeams();
    const channels = teams.flatMap((t) => t.channels ?? []);
    const teamsRefs = channels.filter((ch) => ch.platform === MSTEAMS).flatMap((ch) => [refKey.channel(ch.channel), ...(ch.space ? [refKey.team(ch.space)] : [])]);
    const [deliveries, stored] = await Promise.all([reads.channelDeliveries(channels.map((ch) => ch.channel)), reads.storedConversations(MSTEAMS, teamsRefs)]);
    const byChannel = new Map(deliveries.map((d) => [d.channel, d]));
    const known = new Set(stored);
    return teams.flatMap((team): ChannelRow[] => {
      if (!team.channels?.length) return [{ teamId: team.id, teamName: team.name, channel: null, state: { kind: 'no_channel' }, deliveries: null }];
      return team.channels.map((ch) => {
        const d = byChannel.get(ch.channel) ?? null;
        // Teams posts into a channel through the address Teams gave the bot for it, or for its team.
        const referenceStored = known.has(refKey.channel(ch.channel)) || (ch.space !== undefined && known.has(refKey.team(ch.space)));
        const state = channelState({ mode: platforms[ch.platform], missing: missingSettings(ch.platform), needsReference: ch.platform === MSTEAMS, referenceStored, deliveries: d });
        return { teamId: team.id, teamName: team.name, channel: ch, state, deliveries: d };
      });
    });
  };

  const teamOfChannel = (platform: string | null, channel: string | null): TeamInfo | undefined => {
    if (!channel) return undefined;
    if (platform) return directory.teamByChannel(platform, channel);
    return directory.allTeams().find((t) => (t.channels ?? []).some((c) => c.channel === channel));
  };

  const outbox = async (now: Date) => {
    const [totals, failed] = await Promise.all([reads.outboxTotals(new Date(now.getTime() - DAY_MS)), reads.failedDeliveries(FAILED_SHOWN)]);
    return { totals, failed: failed.map((f): FailedRow => ({ ...f, teamName: teamOfChannel(f.platform, f.channel)?.name ?? null })) };
  };

  const jobRows = async () => {
    const jobs = deps.deps.jobs;
    const leases = new Map((await jobs.lastRuns()).map((l) => [l.name, l]));
    const rows: JobRow[] = jobs.describe().map((j) => ({ ...j, lease: leases.get(j.name) ?? null }));
    return { runsHere: env.RUN_JOBS, rows };
  };

  const figures = async (c: ConsoleRequest, now: Date): Promise<FiguresView> => {
    const all = directory.allTeams();
    const shown = all.slice(0, FIGURES_TEAMS);
    const kpiDeps = { ...deps.deps.kpi, writeNarrative: templateOnly };
    const teams = await Promise.all(
      shown.map(
        async (team): Promise<TeamFigures> => ({
          teamId: team.id,
          teamName: team.name,
          digest: await settle(`figures of ${team.id}`, () => buildWeeklyDigest(team.id, weekContaining(now, team.timeZone), kpiDeps)),
        }),
      ),
    );
    const asked = c.url.searchParams.get('team');
    const chartTeam =
      teams.find((t) => t.teamId === asked && t.digest.ok) ?? teams.find((t) => t.teamId === directory.defaults.teamId && t.digest.ok) ?? teams.find((t) => t.digest.ok);
    let chartSvg: string | null = null;
    if (chartTeam?.digest.ok) {
      try {
        chartSvg = digestChartSvg({ ...chartTeam.digest.value, locale: c.locale });
      } catch (error) {
        log.warn({ err: error, team: chartTeam.teamId }, 'operator page: the chart could not be drawn');
      }
    }
    return { teams, more: all.length - shown.length, chartTeamId: chartTeam?.teamId ?? null, chartSvg };
  };

  const actors = (): MemberInfo[] =>
    directory
      .allMembers()
      .filter((m) => mayRetry(m, directory))
      .sort((a, b) => a.name.localeCompare(b.name));

  const page = async (c: ConsoleRequest) => {
    const now = clock.now();
    const check = checks.get(c.session) ?? null;
    checks.delete(c.session);
    const [channels, outboxPart, jobs, figuresPart] = await Promise.all([
      settle('channels', channelRows),
      settle('outbox', () => outbox(now)),
      settle('jobs', jobRows),
      settle('figures', () => figures(c, now)),
    ]);
    const view: OperatorView = {
      now,
      env: environmentSettings(env),
      deskConfigPath: env.DESK_CONFIG,
      desk: summarizeDeskConfig(config),
      check,
      channels,
      outbox: outboxPart,
      jobs,
      figures: figuresPart,
      ai: { keySet: env.OPENAI_API_KEY !== undefined, model: env.OPENAI_MODEL, usage: await reportAiUsage({ ai: deps.deps.ai, clock: deps.clock }, c.locale).catch(() => null) },
      actors: actors(),
    };
    sendPage(c, { title: operatorTexts(c.locale).title, nav: 'operator', body: renderOperator(view, { locale: c.locale, timeZone: c.timeZone, csrf: c.session.csrf, member: c.member }) });
  };

  const checkConfig = async (c: ConsoleRequest) => {
    const k = operatorTexts(c.locale).check;
    const check = await checkDeskConfigFile(env.DESK_CONFIG, config, clock.now());
    log.info({ path: check.path, valid: check.valid }, 'desk configuration file checked from the console (nothing applied)');
    if (!c.wantsJson) checks.set(c.session, check);
    if (check.valid) {
      const s = check.summary;
      const message = `${k.valid(s.teams.length, s.members, s.routingRules, s.jobs.length, s.crisisScenarios?.length ?? 0)} ${check.sameAsRunning ? k.same : k.changed}`;
      return answerAction(c, { ok: true, message, extra: { valid: true, path: check.path, sameAsRunning: check.sameAsRunning } });
    }
    answerAction(c, { ok: false, status: 422, message: k.invalid(check.problems.length), extra: { valid: false, path: check.path, problems: check.problems } });
  };

  const retry = async (c: ConsoleRequest) => {
    const o = operatorTexts(c.locale).outbox;
    if (!c.member) return answerAction(c, { ok: false, status: 403, message: o.needMember });
    if (!mayRetry(c.member, directory)) return answerAction(c, { ok: false, status: 403, message: o.notAllowed });
    const id = c.form.get('id')?.trim() ?? '';
    let target: RetryTarget;
    if (c.form.get('all') === '1') target = 'all';
    else if (/^[1-9]\d{0,18}$/.test(id)) target = { id: BigInt(id) };
    else return answerAction(c, { ok: false, status: 400, message: o.badTarget });
    const count = await reads.retryFailed(target, clock.now());
    log.info({ member: c.member.id, target: target === 'all' ? 'all' : id, count }, 'failed outbox rows put back in line from the console');
    if (count) deps.wakeOutbox?.();
    if (target === 'all') return answerAction(c, { ok: true, message: o.retried(count), extra: { retried: count } });
    answerAction(c, count ? { ok: true, message: o.retriedOne(id), extra: { retried: count } } : { ok: false, status: 409, message: o.notFailed(id), extra: { retried: 0 } });
  };

  const runJob = async (c: ConsoleRequest) => {
    const j = operatorTexts(c.locale).jobs;
    const jobs = deps.deps.jobs;
    const name = c.form.get('name')?.trim() ?? '';
    const known = jobs.describe().map((x) => x.name);
    if (!known.includes(name)) return answerAction(c, { ok: false, status: 400, message: j.unknownJob(name, known.join(', ')) });
    if (!c.member) return answerAction(c, { ok: false, status: 403, message: j.needMember });
    // The same as `/desk run <job>` in chat: its permission (desk admins), its words, its log line.
    ensureConsoleIdentity(directory, c.member);
    const view = await runDeskCommand({ platform: CONSOLE, platformUserId: c.member.id, text: `run ${name}`, requestId: c.requestId }, deps.deps);
    const answer = view.kind === 'later' ? await view.answer() : view;
    const message = answer.kind === 'text' ? plainText(answer.text) : '';
    answerAction(c, view.kind === 'later' ? { ok: true, message } : { ok: false, status: 403, message });
  };

  return {
    routes: {
      'GET /operator': page,
      'POST /console/operator/check-config': checkConfig,
      'POST /console/operator/retry': retry,
      'POST /console/operator/run-job': runJob,
    },
  };
}
