import type { RichText } from '../domain/rich-text.ts';
import type { CommandAnswer, CommandView } from '../domain/command-view.ts';
import { crisisTexts } from '../domain/crisis-texts.ts';
import { crisisPeople } from '../domain/crisis-people.ts';
import type { Logger } from '../logger.ts';
import { type CommandInput, askerOf, typedCommand } from './command-asker.ts';
import type { CrisisDeps, CrisisRefusal } from './crisis-deps.ts';
import { endCrisis } from './end-crisis.ts';
import { postCrisisUpdate } from './post-crisis-update.ts';
import { startCrisis } from './start-crisis.ts';
import { CRISIS_COMMAND, wordCrisisRefusal } from './word-crisis-refusal.ts';

export { CRISIS_COMMAND } from './word-crisis-refusal.ts';

export interface CrisisCommandDeps extends CrisisDeps {
  log: Logger;
}

const say = (text: RichText): CommandAnswer => ({ kind: 'text', text });

/**
 * `/crisis drill [scenario] | declare [summary] | status | update <text> | end | scenarios | reports |
 * report <n> | help`, answered only to the person asking, in their language. Who may start, update and
 * end is decided by the use cases it calls; starting and ending are written before it answers, the
 * room, pages and report follow through the outbox.
 */
export async function runCrisisCommand(input: CommandInput, deps: CrisisCommandDeps): Promise<CommandView> {
  const { locale } = await askerOf(deps, input);
  const t = crisisTexts(locale);
  const cmd = typedCommand(CRISIS_COMMAND, input);
  const text = input.text.trim();
  const [first = 'help'] = text.split(/\s+/).filter(Boolean);
  const sub = first.toLowerCase();
  // What follows the subcommand keeps its case: scenario ids are matched in lower case, summaries and updates are not.
  const rest = text.slice(first.length).trim();
  const who = { platform: input.platform, platformUserId: input.platformUserId };
  const refused = (refusal: CrisisRefusal) => say(wordCrisisRefusal(refusal, locale, deps));

  switch (sub) {
    case 'help':
      return say(t.help(cmd));
    case 'scenarios':
      if (!deps.settings) return refused({ ok: false, code: 'not_configured' });
      return { kind: 'crisis.scenarios', locale, view: { scenarios: deps.settings.scenarios, declareScenarioId: deps.settings.declareScenarioId } };
    case 'drill':
    case 'declare': {
      const started = await startCrisis(
        sub === 'drill'
          ? { kind: 'drill', ...who, roomPlatform: input.roomPlatform, scenarioId: rest.split(/\s+/)[0]?.toLowerCase() || undefined }
          : { kind: 'real', ...who, roomPlatform: input.roomPlatform, summary: rest },
        deps,
      );
      if (!started.ok) return refused(started);
      const { crisis } = started;
      deps.log.info({ crisisId: crisis.id, kind: crisis.kind, number: crisis.number, by: input.platformUserId }, 'crisis started');
      const title = crisis.scenario.title[locale];
      return say(sub === 'drill' ? t.drillStarted(crisis.number, title) : t.declared(crisis.number, title));
    }
    case 'status': {
      const active = await deps.crises.activeCrisis();
      const snapshot = active && (await deps.crises.snapshot(active.id));
      if (!snapshot) return say(t.noActive(cmd));
      const timeline = await deps.crises.timeline(snapshot.crisis.id, 10);
      return { kind: 'crisis.status', view: { snapshot, timeline, people: crisisPeople(deps.directory), now: deps.clock.now() } };
    }
    case 'update': {
      if (!rest) return say(t.usage(cmd, 'update'));
      const posted = await postCrisisUpdate({ text: rest, ...who, requestId: input.requestId }, deps);
      if (!posted.ok) return refused(posted);
      return say(t.updatePosted(t.list(posted.audiences.map((a) => t.audience[a]))));
    }
    case 'end': {
      const ended = await endCrisis(who, deps);
      if (!ended.ok) return refused(ended);
      deps.log.info({ crisisId: ended.crisis.id, by: input.platformUserId }, 'crisis ended');
      return say(t.ended(t.kind(ended.crisis.kind), ended.crisis.number));
    }
    case 'reports': {
      const reports = await deps.crises.reports(10);
      return reports.length ? { kind: 'crisis.reports', locale, reports, people: crisisPeople(deps.directory) } : say(t.noReports());
    }
    case 'report': {
      const n = Number(rest.replace(/^#/, ''));
      if (!rest || !Number.isInteger(n)) return say(t.usage(cmd, 'report'));
      const crisis = await deps.crises.crisisByNumber(n);
      if (!crisis?.report) return say(t.reportNotFound(rest));
      return { kind: 'crisis.report', locale, report: crisis.report, people: crisisPeople(deps.directory) };
    }
    default:
      deps.log.info({ sub }, `unknown ${CRISIS_COMMAND} subcommand`);
      return say(t.unknownSubcommand(cmd, sub));
  }
}
