import type { OutboxItem } from '../domain/outbox-intent.ts';
import { mayWorkOn } from '../domain/crisis-permissions.ts';
import { type CrisisDeps, type CrisisRefusal } from './crisis-deps.ts';
import { resolveMember } from './resolve-member.ts';
import { roomKey } from './crisis-outbox.ts';

/** Longest update text: one section of a chat message holds up to 3,000 characters. */
export const MAX_UPDATE_LENGTH = 2900;

/**
 * `/crisis update <text>`: a status update in the timeline, posted to the room and — for a real crisis —
 * to the stakeholder channel. `requestId` makes a repeated delivery of the same command post once.
 */
export async function postCrisisUpdate(
  input: { text: string; platform: string; platformUserId: string; requestId: string },
  deps: CrisisDeps,
): Promise<{ ok: true; audiences: ('room' | 'stakeholders')[] } | CrisisRefusal> {
  if (!deps.settings) return { ok: false, code: 'not_configured' };
  const member = await resolveMember({ platform: input.platform, platformUserId: input.platformUserId }, deps);
  if (!member) return { ok: false, code: 'not_member' };
  const text = input.text.trim().slice(0, MAX_UPDATE_LENGTH);
  if (!text) return { ok: false, code: 'update_text_missing' };
  const crisis = await deps.crises.activeCrisis();
  if (!crisis) return { ok: false, code: 'no_active' };
  if (!mayWorkOn(member, crisis)) return { ok: false, code: 'not_on_roster' };
  const at = deps.clock.now();
  const audiences: ('room' | 'stakeholders')[] = crisis.kind === 'real' && crisis.stakeholderChannel ? ['room', 'stakeholders'] : ['room'];
  const outbox: OutboxItem[] = audiences.map((to) => ({
    dedupeKey: `crisis.update:${crisis.id}:${input.requestId}:${to}`,
    channel: to === 'room' ? roomKey(crisis.id) : crisis.stakeholderChannel,
    intent: { kind: 'crisis.update', platform: crisis.platform, crisisId: crisis.id, text, byId: member.id, at: at.toISOString(), to },
  }));
  const written = await deps.crises.recordEvent(crisis.id, { type: 'update', actorId: member.id, data: { text }, at }, outbox);
  if (!written) return { ok: false, code: 'crisis_ended', crisis };
  return { ok: true, audiences };
}
