/**
 * Addresses a chat platform gave the desk for conversations it may start itself (proactive posts):
 * kept in the database so they outlive a restart and are shared by every instance. The reference is
 * the adapter's own shape; the core only stores it.
 */
export interface ConversationStore {
  /** Saves (or replaces) the reference under `key`; answers whether it changed. */
  save(platform: string, key: string, reference: Record<string, unknown>, at: Date): Promise<boolean>;
  find(platform: string, key: string): Promise<Record<string, unknown> | null>;
}
