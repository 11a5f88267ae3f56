import type { ChatGateway } from '../../chat/port.ts';
import type { CrisisStore } from '../../domain/crisis-store.ts';
import type { Directory } from '../../domain/directory.ts';
import type { KpiStore } from '../../domain/kpi-store.ts';
import type { OutboxStore } from '../../domain/outbox-store.ts';
import type { Clock, DeskStore } from '../../domain/ports.ts';
import type { Logger } from '../../logger.ts';
import type { OutboxHandlers } from '../outbox-handler.ts';
import { cardHandlers } from './card.ts';
import { chatGateways } from './chat-gateways.ts';
import { crisisHandlers } from './crisis.ts';
import { digestHandlers } from './digest.ts';
import { personHandlers } from './person.ts';
import { reminderHandlers } from './reminder.ts';

export interface ChatHandlerDeps {
  outbox: OutboxStore;
  store: DeskStore;
  directory: Directory;
  /** The running chat gateways; each row goes through the one of its platform. */
  gateways: readonly ChatGateway[];
  clock: Clock;
  log: Logger;
  /** Crisis rooms, pages and boards (absent: crisis rows wait). */
  crises?: CrisisStore;
  /** Posted digests (absent: digest rows wait). */
  kpi?: KpiStore;
}

/** Every kind of chat work the desk queues: cards, notes to people, reminders, digests, crisis messages. */
export function chatHandlers(deps: ChatHandlerDeps): OutboxHandlers {
  const shared = { ...deps, gateways: chatGateways(deps.gateways) };
  return {
    ...cardHandlers(shared),
    ...personHandlers(shared),
    ...reminderHandlers(shared),
    ...digestHandlers(shared),
    ...crisisHandlers(shared),
  };
}
