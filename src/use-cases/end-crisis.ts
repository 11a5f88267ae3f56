import type { CrisisRecord } from '../domain/crisis.ts';
import { buildCrisisReport } from '../domain/crisis-report.ts';
import { mayEnd, mayEndIds } from '../domain/crisis-permissions.ts';
import { type CrisisDeps, type CrisisRefusal, allowedNames } from './crisis-deps.ts';
import { resolveMember } from './resolve-member.ts';
import { allMessageKeys, postItem, refreshItems } from './crisis-outbox.ts';

/**
 * `/crisis end`: ends the active crisis (whoever started it, or may start one of its kind), then writes
 * and posts the report.
 */
export async function endCrisis(input: { platform: string; platformUserId: string }, deps: CrisisDeps): Promise<{ ok: true; crisis: CrisisRecord } | CrisisRefusal> {
  const settings = deps.settings;
  if (!settings) return { ok: false, code: 'not_configured' };
  const member = await resolveMember({ platform: input.platform, platformUserId: input.platformUserId }, deps);
  if (!member) return { ok: false, code: 'not_member' };
  const active = await deps.crises.activeCrisis();
  if (!active) return { ok: false, code: 'no_active' };
  if (!mayEnd(settings, member, active)) return { ok: false, code: 'may_not_end', allowed: allowedNames(deps, mayEndIds(settings, active)) };
  const ended = await deps.crises.endCrisis({ crisisId: active.id, endedById: member.id, reason: 'command', at: deps.clock.now() });
  if (!ended) return { ok: false, code: 'no_active' };
  await finishCrisis(ended, deps);
  return { ok: true, crisis: ended };
}

/**
 * After the end (by command or time limit): computes the report from what happened, stores it with its
 * posts (room, and the stakeholder channel for a real crisis) and the refresh of every message (no more
 * buttons), then closes the drill's leftover practice comments so they stop reminding. Safe to repeat:
 * the report is stored once, and the crisis clock job finishes any crisis that ended without one.
 */
export async function finishCrisis(crisis: CrisisRecord, deps: Pick<CrisisDeps, 'crises'>): Promise<void> {
  const facts = await deps.crises.reportFacts(crisis.id);
  const report = buildCrisisReport({ crisis, ...facts });
  await deps.crises.saveReport(crisis.id, report, [
    postItem(crisis, 'report', 'room'),
    ...(crisis.kind === 'real' && crisis.stakeholderChannel ? [postItem(crisis, 'report', 'stakeholders')] : []),
    ...refreshItems(crisis, allMessageKeys(crisis.roster), 'end'),
  ]);
  if (crisis.kind === 'drill') await deps.crises.closeDrillComments(crisis.id, crisis.endedAt ?? new Date(report.endedAt));
}
