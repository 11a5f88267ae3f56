import type { ChatTarget } from '../../chat/port.ts';
import type { CrisisRecord, CrisisSnapshot } from '../../domain/crisis.ts';
import { rosterMemberIds } from '../../domain/crisis.ts';
import { crisisPeople } from '../../domain/crisis-people.ts';
import type { CrisisStore } from '../../domain/crisis-store.ts';
import type { CrisisMessageView, CrisisPeople } from '../../domain/crisis-view.ts';
import { DeliveryError } from '../../domain/delivery-error.ts';
import type { Directory, MemberInfo } from '../../domain/directory.ts';
import type { OutboxIntent } from '../../domain/outbox-intent.ts';
import type { OutboxStore } from '../../domain/outbox-store.ts';
import type { Clock } from '../../domain/ports.ts';
import type { Logger } from '../../logger.ts';
import type { Handled, OutboxHandler } from '../outbox-handler.ts';
import { type ChatGateways, gatewayFor } from './chat-gateways.ts';

export type CrisisIntent = Extract<OutboxIntent, { kind: `crisis.${string}` }>;

export interface CrisisHandlerDeps {
  /** Crisis rooms, pages and boards (absent: crisis rows wait). */
  crises?: CrisisStore;
  outbox: OutboxStore;
  directory: Directory;
  gateways: ChatGateways;
  clock: Clock;
  log: Logger;
}

/** A room channel name: lowercase, digits and hyphens, unique per crisis, well within the 80 characters chat platforms allow. */
export function roomName(crisis: Pick<CrisisRecord, 'kind' | 'number' | 'startedAt'>): string {
  const day = crisis.startedAt.toISOString().slice(0, 10).replaceAll('-', '');
  return `${crisis.kind === 'drill' ? 'crisis-drill' : 'crisis'}-${crisis.number}-${day}`;
}

/**
 * Delivers the crisis rows of the outbox. Messages render from the crisis' current state; room posts
 * wait until the room exists, refreshes until their message is posted.
 */
export function crisisHandlers(deps: CrisisHandlerDeps): Record<CrisisIntent['kind'], OutboxHandler> {
  const handler: OutboxHandler = (row) => deliverCrisisIntent(row.intent as CrisisIntent, deps);
  return { 'crisis.room': handler, 'crisis.post': handler, 'crisis.page': handler, 'crisis.update': handler, 'crisis.refresh': handler };
}

async function deliverCrisisIntent(intent: CrisisIntent, deps: CrisisHandlerDeps): Promise<Handled> {
  const { crises, outbox, clock } = deps;
  if (!crises) throw new DeliveryError('crisis storage is not connected', 'retry');
  const snapshot = await crises.snapshot(intent.crisisId);
  if (!snapshot) return { failed: `crisis ${intent.crisisId} no longer exists` };
  const gateway = gatewayFor(deps.gateways, intent.platform);
  const crisis = snapshot.crisis;
  const people = crisisPeople(deps.directory);
  const now = clock.now();
  switch (intent.kind) {
    case 'crisis.room': {
      let channel = crisis.roomChannel;
      if (!channel) {
        channel = (await gateway.createRoom(roomName(crisis), intent.private)).channel;
        await crises.setRoom(crisis.id, channel);
      } else {
        await gateway.joinRoom(channel);
      }
      const members = rosterMemberIds(crisis.roster).flatMap((id) => deps.directory.member(id) ?? []);
      try {
        await gateway.inviteToRoom(channel, members);
      } catch (error) {
        // The room works without the invitations (people are paged with a link); an outage is retried.
        if (!(error instanceof DeliveryError) || error.kind !== 'permanent') throw error;
        deps.log.warn({ crisisId: crisis.id, channel, error: error.message }, 'could not invite the crisis roster to the room; they can join from the page');
      }
      break;
    }
    case 'crisis.post': {
      const channel = intent.to === 'room' ? crisis.roomChannel : crisis.stakeholderChannel;
      if (!channel) {
        if (intent.to === 'room') return 'later';
        return { failed: 'no stakeholder channel is configured (crisis.stakeholderChannel)' };
      }
      const view = messageView(intent.message, snapshot, people, now);
      if (!view) {
        // The report is written right after the end; its post waits for it.
        return 'later';
      }
      const posted = await gateway.postCrisisMessage({ kind: 'channel', channel }, view);
      if (intent.to === 'room' && (intent.message === 'board' || intent.message === 'statement')) {
        await crises.saveMessage(crisis.id, intent.message, posted.channel, posted.messageId);
      }
      break;
    }
    case 'crisis.page': {
      const member = deps.directory.member(intent.memberId);
      if (!member) return { failed: `member ${intent.memberId} is no longer in the desk configuration` };
      const posted = await gateway.postCrisisMessage(personTarget(member), { kind: 'page', snapshot, memberId: member.id, people, now });
      await crises.saveMessage(crisis.id, `page:${member.id}`, posted.channel, posted.messageId);
      break;
    }
    case 'crisis.update': {
      const channel = intent.to === 'room' ? crisis.roomChannel : crisis.stakeholderChannel;
      if (!channel) {
        if (intent.to === 'room') return 'later';
        return { failed: 'no stakeholder channel is configured (crisis.stakeholderChannel)' };
      }
      const update = { text: intent.text, byId: intent.byId, at: new Date(intent.at) };
      await gateway.postCrisisMessage({ kind: 'channel', channel }, { kind: 'update', snapshot, update, audience: intent.to, people, now });
      break;
    }
    case 'crisis.refresh': {
      const message = await crises.message(crisis.id, intent.key);
      if (!message) {
        if (await outbox.hasPendingCrisisPost(crisis.id)) return 'later';
        break;
      }
      const view = refreshView(intent.key, snapshot, people, now);
      if (view) await gateway.updateCrisisMessage(message.channel, message.messageId, view);
      break;
    }
  }
  return 'sent';
}

function personTarget(member: MemberInfo): ChatTarget {
  return { kind: 'person', member };
}

function messageView(message: 'board' | 'statement' | 'announcement' | 'report', snapshot: CrisisSnapshot, people: CrisisPeople, now: Date): CrisisMessageView | null {
  switch (message) {
    case 'report':
      return snapshot.crisis.report ? { kind: 'report', report: snapshot.crisis.report, locale: snapshot.crisis.locale, people, now } : null;
    default:
      return { kind: message, snapshot, people, now };
  }
}

function refreshView(key: string, snapshot: CrisisSnapshot, people: CrisisPeople, now: Date): CrisisMessageView | null {
  if (key === 'board' || key === 'statement') return { kind: key, snapshot, people, now };
  if (key.startsWith('page:')) return { kind: 'page', snapshot, memberId: key.slice(5), people, now };
  return null;
}
