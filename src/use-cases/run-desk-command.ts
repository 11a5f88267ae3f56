import { type RichText, code } from '../domain/rich-text.ts';
import type { CommandAnswer, CommandView } from '../domain/command-view.ts';
import { mayRunJobs } from '../domain/desk-permissions.ts';
import { textsFor } from '../domain/i18n.ts';
import type { JobRunner } from '../domain/job-runner.ts';
import type { Logger } from '../logger.ts';
import type { ActDeps } from './act-on-comment.ts';
import { type CommandInput, askerOf, typedCommand } from './command-asker.ts';
import { summarizeOpenWork } from './summarize-open-work.ts';
import type { AiCallStore } from '../domain/draft-store.ts';
import { reportAiUsage } from './report-ai-usage.ts';

export const DESK_COMMAND = '/desk';

/** What `/desk jobs` and `/desk run` need of the scheduler. */
export type DeskJobs = JobRunner;

export interface DeskCommandDeps extends ActDeps {
  /** Absent where no jobs run (then `jobs` and `run` are unknown subcommands). */
  jobs?: DeskJobs;
  /** The AI calls of the month and the budget, for `/desk ai`; absent: AI is off. */
  ai?: DeskAiDeps;
  log: Logger;
}

export interface DeskAiDeps {
  aiCalls: AiCallStore;
  monthlyBudget: number | null;
  currency: string;
  /** Triage runs (a key, AI_TRIAGE on). */
  triage: boolean;
  /** The zone the budget month is counted in. */
  timeZone: string;
}

const say = (text: RichText): CommandAnswer => ({ kind: 'text', text });

/**
 * `/desk [help|status|jobs|run <job>]`, answered only to the person asking, in their language. Open
 * work and job runs are the team's business: people not on the desk get help and no more. A job run
 * may take longer than a platform waits for an answer, so its result comes later.
 */
export async function runDeskCommand(input: CommandInput, deps: DeskCommandDeps): Promise<CommandView> {
  const { member, locale } = await askerOf(deps, input);
  const t = textsFor(locale);
  const cmd = typedCommand(DESK_COMMAND, input);
  const [sub = 'help', arg] = input.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (sub === 'help') return say(t.deskHelp(cmd));
  if (!member) return say(t.notMember);
  if (sub === 'ai') return say(await reportAiUsage(deps, locale));
  if (sub === 'status') {
    const summary = await summarizeOpenWork(deps, locale);
    return summary.empty ? say(t.deskStatusEmpty) : { kind: 'desk.status', locale, rows: summary.rows };
  }
  const jobs = deps.jobs;
  if (sub === 'jobs' && jobs) {
    const last = new Map((await jobs.lastRuns()).map((l) => [l.name, l]));
    return {
      kind: 'desk.jobs',
      locale,
      jobs: jobs.describe().map((j) => ({
        name: j.name,
        schedule: j.schedule,
        timeZone: j.timeZone,
        ...(j.idle ? { idle: j.idle } : {}),
        lastFinishedAt: last.get(j.name)?.lastFinishedAt ?? null,
        lastError: last.get(j.name)?.lastError ?? null,
      })),
    };
  }
  if (sub === 'run' && jobs) {
    if (!mayRunJobs(member)) return say(t.deskRunAdminsOnly);
    const known = jobs.describe().map((j) => j.name);
    if (!arg || !known.includes(arg)) return say(t.deskRunUsage(cmd, known));
    return {
      kind: 'later',
      answer: async () => {
        try {
          const outcome = await jobs.runNow(arg);
          deps.log.info({ job: arg, by: member.id, ran: outcome.ran }, `job run from ${DESK_COMMAND}`);
          return say(outcome.ran ? t.deskRunDone(arg, Math.round(outcome.ms), code(JSON.stringify(outcome.result) ?? 'null')) : t.deskRunBusy(arg));
        } catch (error) {
          deps.log.error({ err: error, job: arg }, `job run from ${DESK_COMMAND} failed`);
          return say((error as Error).message);
        }
      },
    };
  }
  deps.log.info({ sub }, `unknown ${DESK_COMMAND} subcommand`);
  return say(t.unknownSubcommand(sub, cmd));
}
