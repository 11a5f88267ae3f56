import type { DeskStore } from '../domain/ports.ts';
import type { OutboxIntent } from '../domain/outbox-intent.ts';
import type { OutboxStore } from '../domain/outbox-store.ts';

type Learn = (memberIds: (string | null | undefined)[]) => Promise<void>;

/**
 * The delivery's stores, so that a card, reminder, page or direct message naming a person another
 * instance recorded (`members: channel`) finds them in this instance's directory: every comment read and
 * every batch of rows handed out first learns the member ids it names (known ids cost nothing).
 */
export function learningMembers(stores: { store: DeskStore; outbox: OutboxStore }, learn: Learn): { store: DeskStore; outbox: OutboxStore } {
  const store = override(stores.store, {
    async getCommentWithCards(id: string) {
      const found = await stores.store.getCommentWithCards(id);
      if (found) await learn([found.comment.holderId, found.comment.closedById, found.comment.routedById]);
      return found;
    },
  });
  const outbox = override(stores.outbox, {
    async claimDue(...args: Parameters<OutboxStore['claimDue']>) {
      const rows = await stores.outbox.claimDue(...args);
      // The rows are claimed now: a failed lookup must not strand them. They render with the names this instance knows.
      await learn(rows.flatMap((r) => membersNamedBy(r.intent))).catch(() => undefined);
      return rows;
    },
  });
  return { store, outbox };
}

function membersNamedBy(intent: OutboxIntent): string[] {
  switch (intent.kind) {
    case 'person.notify':
    case 'crisis.page':
      return [intent.memberId];
    case 'sla.remind':
      return intent.audience.to === 'person' ? [intent.audience.memberId] : [];
    case 'crisis.update':
      return [intent.byId];
    case 'person.ephemeral':
      return 'heldBy' in intent.notice ? [intent.notice.heldBy] : [];
    default:
      return [];
  }
}

/** `target` with some methods replaced; every other call goes to `target` itself. */
function override<T extends object>(target: T, methods: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop in methods) return methods[prop as keyof T];
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}
