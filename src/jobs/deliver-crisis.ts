import { ChatDeliveryError, type ChatGateway, type ChatTarget } from '../chat/port.ts';
import type { CrisisRecord, CrisisSnapshot } from '../domain/crisis.ts';
import { rosterMemberIds } from '../domain/crisis.ts';
import type { CrisisStore } from '../domain/crisis-store.ts';
import type { CrisisMessageView, CrisisPeople } from '../domain/crisis-view.ts';
import type { Directory, MemberInfo } from '../domain/directory.ts';
import type { OutboxIntent } from '../domain/notice.ts';
import type { Clock } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import type { OutboxRow, OutboxStore } from './outbox-store.ts';

export type CrisisIntent = Extract<OutboxIntent, { kind: `crisis.${string}` }>;

export interface CrisisDeliveryDeps {
  crises: CrisisStore;
  outbox: OutboxStore;
  directory: Directory;
  clock: Clock;
  log: Logger;
  /** The gateway people and rooms are reached on (one platform today). */
  gateway: ChatGateway;
}

/** A room channel name: lowercase, digits and hyphens, unique per crisis (chat platforms allow 80 characters). */
export function roomName(crisis: Pick<CrisisRecord, 'kind' | 'number' | 'startedAt'>): string {
  const day = crisis.startedAt.toISOString().slice(0, 10).replaceAll('-', '');
  return `${crisis.kind === 'drill' ? 'crisis-drill' : 'crisis'}-${crisis.number}-${day}`;
}

/** Every desk member by id, for names and mentions in crisis messages. */
export function crisisPeople(directory: Directory): CrisisPeople {
  return Object.fromEntries(directory.allMembers().map((m) => [m.id, m]));
}

/**
 * Delivers the crisis rows of the outbox. Messages render from the crisis' current state; room posts
 * wait until the room exists, refreshes until their message is posted.
 */
export async function deliverCrisisIntent(row: OutboxRow, intent: CrisisIntent, deps: CrisisDeliveryDeps): Promise<'done' | 'later'> {
  const { crises, outbox, clock, gateway } = deps;
  const snapshot = await crises.snapshot(intent.crisisId);
  if (!snapshot) {
    await outbox.fail(row.id, `crisis ${intent.crisisId} no longer exists`, clock.now());
    return 'done';
  }
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
        if (!(error instanceof ChatDeliveryError) || error.kind !== 'permanent') throw error;
        deps.log.warn({ crisisId: crisis.id, channel, error: error.message }, 'could not invite the crisis roster to the room; they can join from the page');
      }
      break;
    }
    case 'crisis.post': {
      const channel = intent.to === 'room' ? crisis.roomChannel : crisis.stakeholderChannel;
      if (!channel) {
        if (intent.to === 'room') return 'later';
        await outbox.fail(row.id, 'no stakeholder channel is configured (crisis.stakeholderChannel)', now);
        return 'done';
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
      if (!member) {
        await outbox.fail(row.id, `member ${intent.memberId} is no longer in the desk configuration`, now);
        return 'done';
      }
      const posted = await gateway.postCrisisMessage(personTarget(member), { kind: 'page', snapshot, memberId: member.id, people, now });
      await crises.saveMessage(crisis.id, `page:${member.id}`, posted.channel, posted.messageId);
      break;
    }
    case 'crisis.update': {
      const channel = intent.to === 'room' ? crisis.roomChannel : crisis.stakeholderChannel;
      if (!channel) {
        if (intent.to === 'room') return 'later';
        await outbox.fail(row.id, 'no stakeholder channel is configured (crisis.stakeholderChannel)', now);
        return 'done';
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
  await outbox.complete(row.id, clock.now());
  return 'done';
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
