import type { Directory } from '../../domain/directory.ts';
import { type OutboxIntent, noticeToSend } from '../../domain/outbox-intent.ts';
import type { Handled, OutboxHandler } from '../outbox-handler.ts';
import { type ChatGateways, gatewayFor } from './chat-gateways.ts';

export interface PersonHandlerDeps {
  directory: Directory;
  gateways: ChatGateways;
}

type PersonIntent<K extends string> = Extract<OutboxIntent, { kind: K }>;

/** Direct messages to a member, and private notes to whoever clicked, on the platform chosen when queued. */
export function personHandlers(deps: PersonHandlerDeps): Record<'person.notify' | 'person.ephemeral', OutboxHandler> {
  return {
    'person.notify': (row) => notify(row.intent as PersonIntent<'person.notify'>, deps),
    'person.ephemeral': (row) => ephemeral(row.intent as PersonIntent<'person.ephemeral'>, deps),
  };
}

async function notify(intent: PersonIntent<'person.notify'>, deps: PersonHandlerDeps): Promise<Handled> {
  const member = deps.directory.member(intent.memberId);
  if (!member) return { failed: `member ${intent.memberId} is no longer in the desk configuration` };
  await gatewayFor(deps.gateways, intent.platform).notifyPerson(member, intent.notice);
  return 'sent';
}

async function ephemeral(intent: PersonIntent<'person.ephemeral'>, deps: PersonHandlerDeps): Promise<Handled> {
  await gatewayFor(deps.gateways, intent.platform).notifyEphemeral(intent.channel, intent.platformUserId, noticeToSend(intent.notice, deps.directory));
  return 'sent';
}
