import { randomUUID } from 'node:crypto';
import type { ChatGateway, ChatTarget, DigestChart } from '../port.ts';
import type { CardView } from '../../domain/card-view.ts';
import type { CrisisMessageView } from '../../domain/crisis-view.ts';
import type { DigestView } from '../../domain/kpi.ts';
import type { MemberInfo } from '../../domain/directory.ts';
import type { Notice } from '../../domain/outbox-intent.ts';
import type { ReminderView, SummaryView } from '../../domain/reminder-view.ts';
import { CONSOLE } from './console-identity.ts';

/**
 * The console's side of the outbox. Its pages show everything from the database as it is when they are
 * read (and live as the event log moves), so a message "sent" to the console has nothing left to do:
 * each call is done once its row is delivered. Rows land here when something happens on the console's
 * platform with no chat to go to: a crisis started from the console on a desk without a chat platform
 * (its board is shown on the Try it page), a note to a person whose only door is the console.
 */
export class ConsoleGateway implements ChatGateway {
  readonly platform = CONSOLE;

  async postCard(_channel: string, card: CardView): Promise<{ messageId: string }> {
    return { messageId: `console:${card.commentId}` };
  }
  async findCard(_channel: string, commentId: string): Promise<{ messageId: string } | null> {
    return { messageId: `console:${commentId}` };
  }
  async updateCard(): Promise<void> {}
  async notifyPerson(_member: MemberInfo, _notice: Notice): Promise<void> {}
  async notifyEphemeral(): Promise<void> {}
  async postReminder(_to: ChatTarget, _view: ReminderView): Promise<void> {}
  async postSummary(_to: ChatTarget, _view: SummaryView): Promise<void> {}
  async createRoom(name: string): Promise<{ channel: string }> {
    return { channel: `console:${name}` };
  }
  async joinRoom(): Promise<void> {}
  async inviteToRoom(): Promise<void> {}
  async postCrisisMessage(to: ChatTarget, _view: CrisisMessageView): Promise<{ channel: string; messageId: string }> {
    return { channel: to.kind === 'channel' ? to.channel : `console:${to.member.id}`, messageId: randomUUID() };
  }
  async updateCrisisMessage(_channel: string, _messageId: string, _view: CrisisMessageView): Promise<void> {}
  async postDigest(_channel: string, _view: DigestView, _chart: DigestChart | null): Promise<void> {}
}
