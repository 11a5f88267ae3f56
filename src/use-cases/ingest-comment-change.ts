import { isClosed } from '../domain/comment-lifecycle.ts';
import type { Directory } from '../domain/directory.ts';
import type { IncomingCommentChange } from '../domain/incoming-comment.ts';
import type { Clock, CommentChanges, DeskStore } from '../domain/ports.ts';
import type { RoutingDecision, RoutingInput } from '../domain/routing.ts';
import { newCommentSla } from '../domain/service-level.ts';
import type { CrisisStore } from '../domain/crisis-store.ts';
import { cardTargetsOf, cardUpdateItem } from './card-outbox.ts';

export interface IngestDeps {
  store: DeskStore;
  /** While a real crisis is active, new comments on its sources are flagged and get the crisis priority. */
  crises?: Pick<CrisisStore, 'currentCrisis'>;
  directory: Directory;
  route: (input: RoutingInput) => RoutingDecision;
  clock: Clock;
}

export type IngestOutcome =
  | { outcome: 'created'; commentId: string; teamId: string }
  | { outcome: 'duplicate'; commentId: string }
  | { outcome: 'edited'; commentId: string }
  | { outcome: 'removed'; commentId: string }
  | { outcome: 'ignored'; reason: string };

/**
 * Takes one change from a source into the desk. New comments are routed, stored and get a card;
 * a repeated delivery changes nothing; an edit updates the text on the card; a removal at the
 * source closes the comment. Callers answer the sender only after this resolves.
 */
export async function ingestCommentChange(change: IncomingCommentChange, deps: IngestDeps): Promise<IngestOutcome> {
  const now = deps.clock.now();
  if (change.kind === 'removed') {
    const comment = await deps.store.findCommentBySource(change.source, change.externalId);
    if (!comment) return { outcome: 'ignored', reason: 'removal of an unknown comment' };
    if (isClosed(comment.status)) return { outcome: 'ignored', reason: 'already closed' };
    const done = await updateWithCards(deps, comment.id, { status: 'removed', closedAt: change.at, closedById: null, nextReminderAt: null }, {
      type: 'removed_at_source',
      data: { reason: change.reason },
    });
    return done ? { outcome: 'removed', commentId: comment.id } : { outcome: 'ignored', reason: 'already closed' };
  }

  const incoming = change.comment;
  const decision = deps.route({ source: incoming.source, text: incoming.text, language: incoming.language });
  const crisis = await deps.crises?.currentCrisis();
  // Drills flag only their own synthetic comments; a real crisis flags what arrives on its sources.
  const inCrisis = crisis?.kind === 'real' && (crisis.sources === null || crisis.sources.includes(incoming.source)) ? crisis.id : null;
  const priority = inCrisis ? 'crisis' : decision.priority;
  const team = deps.directory.team(decision.teamId);
  const cards = team ? cardTargetsOf(team) : [];
  const result = await deps.store.insertComment(
    incoming,
    {
      teamId: decision.teamId,
      priority,
      isDrill: false,
      crisisId: inCrisis,
      matchedRules: decision.matchedRules,
      cards,
      sla: newCommentSla(deps.directory.serviceLevel(decision.teamId), priority, now),
    },
    now,
  );
  if (result.created) return { outcome: 'created', commentId: result.commentId, teamId: decision.teamId };

  const existing = await deps.store.getComment(result.commentId);
  if (!existing || existing.text === incoming.text) return { outcome: 'duplicate', commentId: result.commentId };
  await updateWithCards(deps, existing.id, { text: incoming.text, editedAt: now }, { type: 'edited_at_source', data: { previousText: existing.text } });
  return { outcome: 'edited', commentId: existing.id };
}

/** Writes a source-side change and refreshes the comment's active cards; retries if a click got in between. */
async function updateWithCards(
  deps: IngestDeps,
  commentId: string,
  changes: CommentChanges,
  event: { type: string; data: Record<string, unknown> },
): Promise<boolean> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const found = await deps.store.getCommentWithCards(commentId);
    if (!found || (changes.status === 'removed' && isClosed(found.comment.status))) return false;
    const version = found.comment.version + 1;
    const written = await deps.store.writeComment({
      commentId,
      expectedVersion: found.comment.version,
      changes,
      event: { ...event, actorId: null },
      outbox: found.cards.filter((c) => c.active).map((c) => cardUpdateItem(c, version)),
      now: deps.clock.now(),
    });
    if (written) return true;
  }
  return false;
}
