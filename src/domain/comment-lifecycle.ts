/**
 * The comment lifecycle as an explicit table of transitions. Pure: given the comment as stored,
 * the acting member and a command, it says what changes (or why not). Use cases apply the answer
 * with a conditional update, so concurrent clicks resolve to one winner.
 */
export type CommentStatus = 'open' | 'claimed' | 'answered' | 'dismissed' | 'removed';
/** `crisis`: comments that arrive on an affected source while a crisis (or drill) is active. */
export type Priority = 'crisis' | 'high' | 'normal' | 'low';
export type Role = 'agent' | 'lead' | 'admin';

export const CLOSED_STATUSES: readonly CommentStatus[] = ['answered', 'dismissed', 'removed'];

export interface CommentSnapshot {
  id: string;
  teamId: string;
  status: CommentStatus;
  holderId: string | null;
  version: number;
}

export interface ActorContext {
  memberId: string;
  roles: readonly Role[];
  /** True when the actor leads the comment's current team (config `lead`, or a lead role in that team). */
  leadsCommentTeam: boolean;
}

export type LifecycleCommand =
  | { type: 'claim' }
  | { type: 'release' }
  | { type: 'answer' }
  | { type: 'dismiss' }
  | { type: 'route_to_team'; teamId: string }
  | { type: 'route_to_person'; memberId: string };

export type EventType =
  | 'claimed'
  | 'released'
  | 'answered'
  | 'dismissed'
  | 'routed_to_team'
  | 'routed_to_person'
  | 'reassigned';

export interface CommentPatch {
  status: CommentStatus;
  teamId: string;
  holderId: string | null;
  /** Whether claimedAt becomes now (true), is cleared (null) or stays (undefined). */
  claimedNow?: true | null;
  closedNow?: true;
  routedNow?: true;
}

export type Refusal =
  | { code: 'closed'; status: CommentStatus }
  | { code: 'held_by'; holderId: string }
  | { code: 'already_yours' }
  | { code: 'not_claimed' }
  | { code: 'not_allowed'; holderId: string | null }
  | { code: 'same_team'; teamId: string }
  | { code: 'already_holder'; memberId: string };

export type Decision = { ok: true; patch: CommentPatch; event: EventType } | { ok: false; refusal: Refusal };

const refuse = (refusal: Refusal): Decision => ({ ok: false, refusal });

export function isClosed(status: CommentStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

/** The holder, the lead of the comment's team and admins may act on a claimed comment. */
function mayOverride(comment: CommentSnapshot, actor: ActorContext): boolean {
  return comment.holderId === actor.memberId || actor.leadsCommentTeam || actor.roles.includes('admin');
}

export function decide(comment: CommentSnapshot, actor: ActorContext, command: LifecycleCommand): Decision {
  if (isClosed(comment.status)) return refuse({ code: 'closed', status: comment.status });
  const heldByOther = comment.status === 'claimed' && comment.holderId !== null && comment.holderId !== actor.memberId;
  const stay = { status: comment.status, teamId: comment.teamId, holderId: comment.holderId };

  switch (command.type) {
    case 'claim':
      if (comment.status === 'claimed') {
        return comment.holderId === actor.memberId
          ? refuse({ code: 'already_yours' })
          : refuse({ code: 'held_by', holderId: comment.holderId ?? '' });
      }
      return { ok: true, event: 'claimed', patch: { ...stay, status: 'claimed', holderId: actor.memberId, claimedNow: true } };

    case 'release':
      if (comment.status !== 'claimed') return refuse({ code: 'not_claimed' });
      if (!mayOverride(comment, actor)) return refuse({ code: 'not_allowed', holderId: comment.holderId });
      return { ok: true, event: 'released', patch: { ...stay, status: 'open', holderId: null, claimedNow: null } };

    case 'answer':
    case 'dismiss':
      if (heldByOther && !mayOverride(comment, actor)) return refuse({ code: 'held_by', holderId: comment.holderId ?? '' });
      return {
        ok: true,
        event: command.type === 'answer' ? 'answered' : 'dismissed',
        patch: { ...stay, status: command.type === 'answer' ? 'answered' : 'dismissed', closedNow: true },
      };

    case 'route_to_team':
      if (command.teamId === comment.teamId) return refuse({ code: 'same_team', teamId: command.teamId });
      if (heldByOther && !mayOverride(comment, actor)) return refuse({ code: 'held_by', holderId: comment.holderId ?? '' });
      return {
        ok: true,
        event: 'routed_to_team',
        patch: { status: 'open', teamId: command.teamId, holderId: null, claimedNow: null, routedNow: true },
      };

    case 'route_to_person':
      if (comment.status === 'claimed' && comment.holderId === command.memberId) {
        return refuse({ code: 'already_holder', memberId: command.memberId });
      }
      if (heldByOther && !mayOverride(comment, actor)) return refuse({ code: 'held_by', holderId: comment.holderId ?? '' });
      return {
        ok: true,
        event: comment.status === 'claimed' ? 'reassigned' : 'routed_to_person',
        patch: { ...stay, status: 'claimed', holderId: command.memberId, claimedNow: true, routedNow: true },
      };
  }
}
