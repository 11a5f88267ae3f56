import type { ChatTarget } from '../../chat/port.ts';
import { isClosed } from '../../domain/comment-lifecycle.ts';
import type { Directory } from '../../domain/directory.ts';
import type { OutboxIntent } from '../../domain/outbox-intent.ts';
import type { Clock, DeskStore } from '../../domain/ports.ts';
import { buildReminderView, buildSummaryView } from '../../domain/reminder-view.ts';
import type { Handled, OutboxHandler } from '../outbox-handler.ts';
import { type ChatGateways, gatewayFor } from './chat-gateways.ts';

export interface ReminderHandlerDeps {
  store: DeskStore;
  directory: Directory;
  gateways: ChatGateways;
  clock: Clock;
}

type Intent<K extends string> = Extract<OutboxIntent, { kind: K }>;

/** Reminders and morning summaries render from the comments' current state; closed comments drop out. */
export function reminderHandlers(deps: ReminderHandlerDeps): Record<'sla.remind' | 'sla.summary', OutboxHandler> {
  return {
    'sla.remind': (row) => remind(row.intent as Intent<'sla.remind'>, deps),
    'sla.summary': (row) => summarize(row.intent as Intent<'sla.summary'>, deps),
  };
}

async function remind(intent: Intent<'sla.remind'>, deps: ReminderHandlerDeps): Promise<Handled> {
  const { store, directory, clock } = deps;
  const found = await store.getCommentWithCards(intent.commentId);
  // Handled in the meantime (or gone): nobody needs the reminder any more.
  if (!found || isClosed(found.comment.status)) return 'sent';
  const to = target(intent.audience.to === 'person' ? { memberId: intent.audience.memberId } : { channel: intent.channel }, directory);
  if (!to) return { failed: `nobody to remind: ${JSON.stringify(intent.audience)} is not in the desk configuration` };
  await gatewayFor(deps.gateways, intent.platform).postReminder(to, buildReminderView(intent, found, directory, clock.now()));
  return 'sent';
}

async function summarize(intent: Intent<'sla.summary'>, deps: ReminderHandlerDeps): Promise<Handled> {
  const { store, directory, clock } = deps;
  // Read together, so the store's batch queue makes it one query.
  const reads = await Promise.all(intent.items.map(async (step) => ({ step, found: await store.getCommentWithCards(step.commentId) })));
  const items = reads.flatMap(({ step, found }) => (found && !isClosed(found.comment.status) ? [{ step, found }] : []));
  const to = target(intent.channel ? { channel: intent.channel } : { memberId: intent.leadId ?? '' }, directory);
  if (items.length && to) await gatewayFor(deps.gateways, intent.platform).postSummary(to, buildSummaryView(intent.teamId, items, directory, clock.now()));
  return 'sent';
}

function target(to: { channel: string | null } | { memberId: string }, directory: Directory): ChatTarget | null {
  if ('channel' in to) return to.channel ? { kind: 'channel', channel: to.channel } : null;
  const member = directory.member(to.memberId);
  return member ? { kind: 'person', member } : null;
}
