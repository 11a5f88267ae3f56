import type { CrisisRecord } from '../domain/crisis.ts';
import { rosterMemberIds } from '../domain/crisis.ts';
import type { CrisisPostMessage, OutboxItem } from '../domain/outbox-intent.ts';

/**
 * The outbox rows of crisis messages, all on the crisis' platform. Room posts share one pacing key per
 * crisis (the room's channel id is not known until the room exists), so they go out in order and at the
 * platform's pace.
 */
export function roomKey(crisisId: string): string {
  return `crisis-room:${crisisId}`;
}

/** The crisis as its rows need it: its id and the platform its room and pages are on. */
type CrisisRef = Pick<CrisisRecord, 'id' | 'platform'>;

export function openRoomItem(crisis: CrisisRef, isPrivate: boolean): OutboxItem {
  return {
    dedupeKey: `crisis.room:${crisis.id}`,
    channel: roomKey(crisis.id),
    intent: { kind: 'crisis.room', platform: crisis.platform, crisisId: crisis.id, private: isPrivate },
  };
}

export function postItem(crisis: CrisisRef & Pick<CrisisRecord, 'stakeholderChannel'>, message: CrisisPostMessage, to: 'room' | 'stakeholders'): OutboxItem {
  return {
    dedupeKey: `crisis.post:${crisis.id}:${message}:${to}`,
    channel: to === 'room' ? roomKey(crisis.id) : crisis.stakeholderChannel,
    intent: { kind: 'crisis.post', platform: crisis.platform, crisisId: crisis.id, message, to },
  };
}

export function pageItems(crisis: CrisisRef, roster: CrisisRecord['roster']): OutboxItem[] {
  return rosterMemberIds(roster).map((memberId) => ({
    dedupeKey: `crisis.page:${crisis.id}:${memberId}`,
    channel: null,
    intent: { kind: 'crisis.page', platform: crisis.platform, crisisId: crisis.id, memberId },
  }));
}

/**
 * Refreshes of posted messages after a change. `cause` names the change (ack:anna, step:inform-legal,
 * end…), so a repeated change queues nothing new; delivery renders the current state anyway.
 */
export function refreshItems(crisis: CrisisRef, keys: string[], cause: string): OutboxItem[] {
  return keys.map((key) => ({
    dedupeKey: `crisis.refresh:${crisis.id}:${key}:${cause}`,
    channel: null,
    intent: { kind: 'crisis.refresh', platform: crisis.platform, crisisId: crisis.id, key },
  }));
}

/** Every message that shows the crisis' state: the board, the statement and each page. */
export function allMessageKeys(roster: CrisisRecord['roster']): string[] {
  return ['board', 'statement', ...rosterMemberIds(roster).map(pageKey)];
}

export function pageKey(memberId: string): string {
  return `page:${memberId}`;
}
