import type { ConversationStore } from '../domain/conversation-store.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

/**
 * Conversation references in `chat_conversation`. A small cache in front: a reference changes rarely
 * (a new install, a moved service URL), and every proactive post asks for one.
 */
export class PrismaConversationStore implements ConversationStore {
  private readonly cache = new Map<string, string>();

  constructor(private readonly prisma: PrismaClient) {}

  async save(platform: string, key: string, reference: Record<string, unknown>, at: Date): Promise<boolean> {
    const json = JSON.stringify(reference);
    const cacheKey = `${platform}\u0000${key}`;
    if (this.cache.get(cacheKey) === json) return false;
    const value = reference as Prisma.InputJsonObject;
    await this.prisma.chatConversation.upsert({
      where: { platform_key: { platform, key } },
      create: { platform, key, reference: value, updatedAt: at },
      update: { reference: value, updatedAt: at },
    });
    this.cache.set(cacheKey, json);
    return true;
  }

  async find(platform: string, key: string): Promise<Record<string, unknown> | null> {
    const cacheKey = `${platform}\u0000${key}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return JSON.parse(cached) as Record<string, unknown>;
    const row = await this.prisma.chatConversation.findUnique({ where: { platform_key: { platform, key } } });
    if (!row || typeof row.reference !== 'object' || row.reference === null || Array.isArray(row.reference)) return null;
    this.cache.set(cacheKey, JSON.stringify(row.reference));
    return row.reference as Record<string, unknown>;
  }
}
