import { randomUUID } from 'node:crypto';
import type { CrisisKind, CrisisRecord } from '../domain/crisis.ts';
import { mayDeclare, mayDrill } from '../domain/crisis-permissions.ts';
import { type CrisisDeps, type CrisisRefusal, allowedNames } from './crisis-deps.ts';
import { resolveMember } from './resolve-member.ts';
import { openRoomItem, pageItems, postItem } from './crisis-outbox.ts';

export interface StartCrisisInput {
  kind: CrisisKind;
  platform: string;
  platformUserId: string;
  /** Drills: the scenario id (default: the first scenario). */
  scenarioId?: string;
  /** Real crises: what happened, in a sentence. */
  summary?: string;
  /**
   * The chat platform its room, posts and pages go to; default: the platform it was started from. A
   * surface without rooms of its own (a web page) starts crises in the desk's chat.
   */
  roomPlatform?: string;
}

/**
 * `/crisis drill [scenario]` and `/crisis declare [summary]`: checks the right to start it, then stores
 * the crisis with its checklist and queues the room, the pages, the board and the holding statement —
 * and for a real crisis the announcement to the stakeholder channel. A drill's synthetic burst is
 * injected over time by the crisis clock job. At most one crisis is active at a time.
 */
export async function startCrisis(input: StartCrisisInput, deps: CrisisDeps): Promise<{ ok: true; crisis: CrisisRecord } | CrisisRefusal> {
  const settings = deps.settings;
  if (!settings) return { ok: false, code: 'not_configured' };
  const member = await resolveMember({ platform: input.platform, platformUserId: input.platformUserId }, deps);
  if (!member) return { ok: false, code: 'not_member' };
  if (input.kind === 'drill' && !mayDrill(settings, member)) return { ok: false, code: 'may_not_drill', allowed: allowedNames(deps, settings.mayDrill) };
  if (input.kind === 'real' && !mayDeclare(settings, member)) return { ok: false, code: 'may_not_declare', allowed: allowedNames(deps, settings.mayDeclare) };

  const scenarioId = input.kind === 'real' ? settings.declareScenarioId : (input.scenarioId ?? settings.scenarios[0]?.id ?? '');
  const scenario = settings.scenarios.find((s) => s.id === scenarioId);
  if (!scenario) return { ok: false, code: 'unknown_scenario', scenarioId, known: settings.scenarios.map((s) => s.id) };

  const active = await deps.crises.activeCrisis();
  if (active) return { ok: false, code: 'already_active', crisis: active };

  const now = deps.clock.now();
  const id = randomUUID();
  // The room, its posts and the pages are on the platform the crisis was started from (or sent to).
  const platform = input.roomPlatform ?? input.platform;
  const stakeholderChannel = input.kind === 'real' ? (settings.stakeholderChannels[platform] ?? null) : null;
  const target = { id, platform, stakeholderChannel };
  const outbox = [
    openRoomItem(target, settings.privateRoom),
    postItem(target, 'board', 'room'),
    postItem(target, 'statement', 'room'),
    ...pageItems(target, settings.roster),
    ...(stakeholderChannel ? [postItem(target, 'announcement', 'stakeholders')] : []),
  ];
  const started = await deps.crises.startCrisis(
    {
      id,
      kind: input.kind,
      platform,
      // A real crisis has no synthetic comments.
      scenario: input.kind === 'real' ? { ...scenario, burst: null } : scenario,
      roster: settings.roster,
      summary: input.summary?.trim() || null,
      locale: settings.locale,
      startedById: member.id,
      startedAt: now,
      timeLimitAt: new Date(now.getTime() + scenario.timeLimitMs),
      roomChannel: settings.roomChannels[platform] ?? null,
      stakeholderChannel,
      // A drill's comments carry its id anyway; a real crisis flags new comments on its sources.
      sources: input.kind === 'real' ? settings.sources : (scenario.burst?.sources ?? []),
    },
    outbox,
  );
  if (!started.ok) return { ok: false, code: 'already_active', crisis: started.active };
  return { ok: true, crisis: started.crisis };
}
