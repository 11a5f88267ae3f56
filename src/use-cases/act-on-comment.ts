import { type CommentPatch, type CommentSnapshot, type CommentStatus, type LifecycleCommand, type Refusal, decide, isClosed } from '../domain/comment-lifecycle.ts';
import { firstResponseOf, rebaseSla } from '../domain/service-level.ts';
import { isUuid } from '../domain/ids.ts';
import type { CardRecord, CommentRecord } from '../domain/comment.ts';
import type { Directory, Locale, MemberInfo } from '../domain/directory.ts';
import { textsFor } from '../domain/i18n.ts';
import { type RichText, untrusted } from '../domain/rich-text.ts';
import { NAME_MAX, excerptText, plainName } from '../domain/untrusted-text.ts';
import { type HeldByNotice, type Notice, type OutboxItem, noticeToSend, platformToReach } from '../domain/outbox-intent.ts';
import { type Clock, type CommentChanges, type DeskStore, HOLDER, NEW_CARD } from '../domain/ports.ts';
import { cardTargetsOf, cardUpdateItem } from './card-outbox.ts';
import { learnRecordedMembers } from './learn-recorded-members.ts';
import { type MemberDeps, resolveMember } from './resolve-member.ts';

export interface ActDeps extends MemberDeps {
  store: DeskStore;
  directory: Directory;
  clock: Clock;
}

export interface ActInput {
  commentId: string;
  /** Who clicked, as the chat platform knows them. */
  platform: string;
  platformUserId: string;
  /** Where to answer the person privately when the action is refused (the channel of the click). */
  replyChannel?: string;
  /** Unique per click (the platform's action timestamp + user); a retried delivery of the same click answers once. */
  requestId: string;
  command: LifecycleCommand;
  /** The language to answer in, where the surface knows the reader's (a page's language switch); default: the member's. */
  locale?: Locale;
}

export type ActResult =
  | { ok: true; commentId: string; event: string }
  | { ok: false; code: Refusal['code'] | 'not_member' | 'unknown_comment' | 'unknown_target' | 'target_not_assignable' | 'busy'; notice: Notice };

/** Optimistic retries: each retry means someone else changed the comment in between; a few suffice. */
const MAX_ATTEMPTS = 8;

/**
 * Runs one lifecycle command (claim, release, answer, dismiss, route) for a person: checks who they
 * are, decides with the lifecycle table, and writes the change, its event and the card updates as one
 * conditional write. When two people race, the loser gets the refusal naming the winner: a claim from the
 * claim statement itself, any other command after re-reading.
 * A refusal is answered privately through the outbox.
 */
export async function actOnComment(input: ActInput, deps: ActDeps): Promise<ActResult> {
  const { store, directory, clock } = deps;
  const member = await resolveMember({ platform: input.platform, platformUserId: input.platformUserId, channel: input.replyChannel }, deps);
  const refuse = async (code: Exclude<ActResult, { ok: true }>['code'], text: RichText): Promise<ActResult> => {
    const notice: Notice = { text };
    const item = privateAnswer(input, notice);
    if (item) await store.enqueue([item], clock.now());
    return { ok: false, code, notice };
  };

  if (!member) return refuse('not_member', textsFor(directory.localeOf(undefined, directory.defaults.teamId)).notMember);
  const locale = input.locale ?? directory.localeOf(member.id);
  const t = textsFor(locale);
  if (!isUuid(input.commentId)) return refuse('unknown_comment', t.unknownComment);
  if (input.command.type === 'claim') {
    const answered = await claimIfOpen(input, member, locale, deps);
    if (answered) return answered;
  }

  // People recorded on another instance may hold the comment or be its target: their names are needed.
  if (input.command.type === 'route_to_person') await learnRecordedMembers([input.command.memberId], deps);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const found = await store.getCommentWithCards(input.commentId);
    if (!found) return refuse('unknown_comment', t.unknownComment);
    const { comment, cards } = found;
    await learnRecordedMembers([comment.holderId], deps);

    const target = checkTarget(input.command, directory);
    if (target) return refuse(target, target === 'unknown_target' ? t.unknownTarget : t.targetNotAssignable(targetName(input.command, directory)));

    const decision = decide(comment, directory.actorFor(member, comment.teamId), input.command);
    if (!decision.ok) return refuse(decision.refusal.code, refusalText(decision.refusal, directory, t));

    const now = clock.now();
    const { patch } = decision;
    const changes: CommentChanges = { status: patch.status, teamId: patch.teamId, holderId: patch.holderId };
    if (patch.claimedNow === true) changes.claimedAt = now;
    if (patch.claimedNow === null) changes.claimedAt = null;
    if (patch.closedNow) {
      changes.closedAt = now;
      changes.closedById = member.id;
    }
    if (patch.routedNow) {
      changes.routedAt = now;
      changes.routedById = member.id;
    }
    Object.assign(changes, serviceLevelChanges(comment, patch, directory, now));

    const activeCards = cards.filter((c) => c.active);
    const nextVersion = comment.version + 1;
    const outbox: OutboxItem[] = [];
    let deactivateCardIds: string[] | undefined;
    let newCards: { platform: string; channel: string; teamId: string }[] | undefined;

    if (patch.teamId !== comment.teamId) {
      changes.routedFrom = comment.teamId;
      const team = directory.team(patch.teamId);
      const targets = team ? cardTargetsOf(team) : [];
      // Two teams may share a channel: then the card stays where it is and shows the new team.
      const stays = (c: CardRecord) => targets.some((t) => t.platform === c.platform && t.channel === c.channel);
      deactivateCardIds = activeCards.filter((c) => !stays(c)).map((c) => c.id);
      // The store creates a card in each of the target's channels, or revives the one it had earlier for this comment.
      newCards = targets.map((t) => ({ ...t, teamId: patch.teamId }));
      for (const target of targets) {
        if (activeCards.some((c) => c.platform === target.platform && c.channel === target.channel)) continue;
        outbox.push({
          dedupeKey: `card.post:${comment.id}:${target.platform}:${target.channel}:v${nextVersion}`,
          channel: target.channel,
          intent: { kind: 'card.post', platform: target.platform, commentId: comment.id, cardId: NEW_CARD },
        });
      }
    }
    for (const card of activeCards) outbox.push(cardUpdateItem(card, nextVersion));

    if (input.command.type === 'route_to_person' && input.command.memberId !== member.id) {
      const tt = textsFor(directory.localeOf(input.command.memberId));
      outbox.push({
        dedupeKey: `notify:${comment.id}:v${nextVersion}`,
        channel: null,
        intent: {
          kind: 'person.notify',
          // Where the router acted, if the person is there too.
          platform: platformToReach(directory.member(input.command.memberId), input.platform) ?? input.platform,
          memberId: input.command.memberId,
          notice: { text: tt.routedToYou(member.name, untrusted(plainName(comment.authorName, NAME_MAX)), untrusted(excerptText(comment.text, 120))), permalink: comment.permalink ?? undefined },
        },
      });
    }

    const written = await store.writeComment({
      commentId: comment.id,
      expectedVersion: comment.version,
      changes,
      event: { type: decision.event, actorId: member.id, data: { ...eventData(input.command, comment), via: input.platform } },
      deactivateCardIds,
      newCards,
      outbox,
      now,
    });
    if (written) return { ok: true, event: decision.event, commentId: comment.id };
  }
  // Only reachable when others change this comment faster than we can read it; say so plainly.
  return refuse('busy', t.busy);
}

/**
 * The common cases of a click, in one write without reading first: claiming an open comment, and
 * being told who was faster. The lifecycle table's answer to a claim depends only on the comment's
 * status and holder, which the store's claim statement sees: it claims what is still open, and for a
 * comment someone else holds it queues the refusal naming them. Anything else (already yours,
 * closed, unknown) answers null: the full path reads the comment and explains.
 */
async function claimIfOpen(input: ActInput, member: MemberInfo, locale: Locale, deps: ActDeps): Promise<ActResult | null> {
  const actor = (leadsCommentTeam: boolean) => ({ memberId: member.id, roles: member.roles, leadsCommentTeam });
  const open: CommentSnapshot = { id: input.commentId, teamId: '', status: 'open', holderId: null, version: 0 };
  const decision = decide(open, actor(false), { type: 'claim' });
  if (!decision.ok) return null;
  // The store's claim sets exactly this patch; a change to the table for open comments must show here.
  if (decision.patch.status !== 'claimed' || decision.patch.holderId !== member.id || decision.event !== 'claimed') return null;
  // Likewise the refusal: the statement knows the holder but not the comment's team, so the table must
  // refuse whether or not the clicker leads it.
  const held: CommentSnapshot = { ...open, status: 'claimed', holderId: HOLDER };
  const refusesHeld = [false, true].every((leads) => {
    const d = decide(held, actor(leads), { type: 'claim' });
    return !d.ok && d.refusal.code === 'held_by' && d.refusal.holderId === HOLDER;
  });
  const notice: HeldByNotice = { heldBy: HOLDER, locale };
  const refusal = refusesHeld ? privateAnswer(input, notice) : undefined;
  const claim = await deps.store.claimIfOpen({ commentId: input.commentId, memberId: member.id, now: deps.clock.now(), via: input.platform, refusal });
  if (claim.outcome === 'claimed') return { ok: true, event: 'claimed', commentId: input.commentId };
  if (claim.outcome === 'held_by' && refusesHeld) {
    return { ok: false, code: 'held_by', notice: noticeToSend({ ...notice, heldBy: claim.holderId }, deps.directory) };
  }
  return null;
}

/** The private answer to the click, in the channel it came from (none without one). Once per click. */
export function privateAnswer(
  input: Pick<ActInput, 'platform' | 'platformUserId' | 'replyChannel' | 'requestId'>,
  notice: Notice | HeldByNotice,
): OutboxItem | undefined {
  if (!input.replyChannel) return undefined;
  return {
    dedupeKey: `ephemeral:${input.platform}:${input.requestId}`,
    channel: input.replyChannel,
    intent: { kind: 'person.ephemeral', platform: input.platform, platformUserId: input.platformUserId, channel: input.replyChannel, notice },
  };
}

/**
 * Response-time bookkeeping of a change: the first claim or close ends the first-response target;
 * a close ends all reminders; a move to another team keeps the working time spent and re-computes the
 * due times on the new team's clock. Reminders are re-planned by the next sweep (nextReminderAt = now).
 */
function serviceLevelChanges(
  comment: CommentRecord,
  patch: CommentPatch,
  directory: Directory,
  now: Date,
): CommentChanges {
  const changes: CommentChanges = {};
  if (!firstResponseOf(comment) && (patch.claimedNow === true || patch.closedNow)) {
    changes.firstResponseAt = now;
    changes.nextReminderAt = now;
  } else if (!comment.firstResponseAt && comment.claimedAt) {
    // The first claim came through the lean claim statement: keep its time before the claim changes.
    changes.firstResponseAt = comment.claimedAt;
  }
  if (patch.teamId !== comment.teamId) {
    Object.assign(changes, rebaseSla(directory.serviceLevel(comment.teamId), directory.serviceLevel(patch.teamId), comment, now));
  }
  if (isClosed(patch.status)) changes.nextReminderAt = null;
  return changes;
}

function eventData(command: LifecycleCommand, comment: CommentRecord): Record<string, unknown> {
  const data: Record<string, unknown> = { from: { status: comment.status, teamId: comment.teamId, holderId: comment.holderId } };
  if (command.type === 'route_to_team') data.toTeamId = command.teamId;
  if (command.type === 'route_to_person') data.toMemberId = command.memberId;
  return data;
}

function checkTarget(command: LifecycleCommand, directory: Directory): 'unknown_target' | 'target_not_assignable' | null {
  if (command.type === 'route_to_team') return directory.team(command.teamId) ? null : 'unknown_target';
  if (command.type === 'route_to_person') {
    const m = directory.member(command.memberId);
    if (!m) return 'unknown_target';
    return m.roles.includes('agent') || m.roles.includes('lead') ? null : 'target_not_assignable';
  }
  return null;
}

function targetName(command: LifecycleCommand, directory: Directory): string {
  return command.type === 'route_to_person' ? directory.displayName(command.memberId) : '';
}

function refusalText(refusal: Refusal, directory: Directory, t: ReturnType<typeof textsFor>): RichText {
  const statusLabel = (s: CommentStatus) => t.status[s];
  switch (refusal.code) {
    case 'closed':
      return t.closed(statusLabel(refusal.status));
    case 'held_by':
      return t.heldBy(directory.displayName(refusal.holderId));
    case 'already_yours':
      return t.alreadyYours;
    case 'not_claimed':
      return t.notClaimed;
    case 'not_allowed':
      return t.notAllowed(directory.displayName(refusal.holderId));
    case 'same_team':
      return t.sameTeam(directory.team(refusal.teamId)?.name ?? refusal.teamId);
    case 'already_holder':
      return t.alreadyHolder(directory.displayName(refusal.memberId));
  }
}
