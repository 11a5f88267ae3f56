import type { CrisisRecord } from '../domain/crisis.ts';
import { rosterMemberIds } from '../domain/crisis.ts';
import type { CrisisPostMessage, OutboxItem } from '../domain/notice.ts';

/**
 * The outbox rows of crisis messages. Room posts share one pacing key per crisis (the room's channel id
 * is not known until the room exists), so they go out in order and at the platform's pace.
 */
export function roomKey(crisisId: string): string {
  return `crisis-room:${crisisId}`;
}

export function openRoomItem(crisisId: string, isPrivate: boolean): OutboxItem {
  return { dedupeKey: `crisis.room:${crisisId}`, channel: roomKey(crisisId), intent: { kind: 'crisis.room', crisisId, private: isPrivate } };
}

export function postItem(crisis: Pick<CrisisRecord, 'id' | 'stakeholderChannel'>, message: CrisisPostMessage, to: 'room' | 'stakeholders'): OutboxItem {
  return {
    dedupeKey: `crisis.post:${crisis.id}:${message}:${to}`,
    channel: to === 'room' ? roomKey(crisis.id) : crisis.stakeholderChannel,
    intent: { kind: 'crisis.post', crisisId: crisis.id, message, to },
  };
}

export function pageItems(crisisId: string, roster: CrisisRecord['roster']): OutboxItem[] {
  return rosterMemberIds(roster).map((memberId) => ({
    dedupeKey: `crisis.page:${crisisId}:${memberId}`,
    channel: null,
    intent: { kind: 'crisis.page', crisisId, memberId },
  }));
}

/**
 * Refreshes of posted messages after a change. `cause` names the change (ack:anna, step:inform-legal,
 * end…), so a repeated change queues nothing new; delivery renders the current state anyway.
 */
export function refreshItems(crisisId: string, keys: string[], cause: string): OutboxItem[] {
  return keys.map((key) => ({
    dedupeKey: `crisis.refresh:${crisisId}:${key}:${cause}`,
    channel: null,
    intent: { kind: 'crisis.refresh', crisisId, key },
  }));
}

/** Every message that shows the crisis' state: the board, the statement and each page. */
export function allMessageKeys(roster: CrisisRecord['roster']): string[] {
  return ['board', 'statement', ...rosterMemberIds(roster).map(pageKey)];
}

export function pageKey(memberId: string): string {
  return `page:${memberId}`;
}
