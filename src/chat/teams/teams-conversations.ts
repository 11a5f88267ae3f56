import type { ConversationStore } from '../../domain/conversation-store.ts';
import { MSTEAMS } from './teams-identity.ts';

/**
 * What Teams told the desk about a place it may post to later: the service URL (with its regional
 * path, e.g. `…/amer/<tenant>/`) that every outbound call for it must use, the tenant, and ids.
 */
export interface TeamsReference {
  serviceUrl: string;
  tenantId?: string;
  /** The team (`channelData.team.id`) of a channel, or of a person met in a team. */
  teamId?: string;
  /** The team's Microsoft 365 group id (`channelData.team.aadGroupId`): Graph's id of the team. */
  aadGroupId?: string;
  /** A conversation to post into: a channel id, or a 1:1 chat with a person. */
  conversationId?: string;
  /** A person's Teams user id (`29:…`), needed to open a 1:1 chat or send a targeted message. */
  userId?: string;
  name?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GROUP_KEY = /^space:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Keys of stored references: a channel, a team (any of its channels shares its service URL), a person (by Entra object id). */
export const refKey = {
  channel: (channelId: string) => `channel:${channelId}`,
  team: (teamId: string) => `space:${/^[0-9a-f-]{36}$/i.test(teamId) ? teamId.toLowerCase() : teamId}`,
  person: (aadObjectId: string) => `person:${aadObjectId.toLowerCase()}`,
  /** A 1:1 or group chat, by its conversation id. */
  conversation: (conversationId: string) => `conversation:${conversationId}`,
};

/** Reads and writes Teams references in the platform-neutral conversation store. */
export class TeamsConversations {
  constructor(
    private readonly store: ConversationStore,
    private readonly now: () => Date,
  ) {}

  /** What was last remembered under each key: an activity that tells nothing new costs no lookup (every click calls this). */
  private readonly lastTold = new Map<string, string>();

  async remember(key: string, reference: TeamsReference): Promise<void> {
    const told = JSON.stringify(reference);
    if (this.lastTold.get(key) === told) return;
    await this.rememberNew(key, reference);
    this.lastTold.set(key, told);
  }

  private async rememberNew(key: string, reference: TeamsReference): Promise<void> {
    // A team remembered under its group id (a GUID) too: both records learn the group id, which Graph
    // needs (it does not take the 19:… thread id a team's activities carry).
    const groupId = GROUP_KEY.exec(key)?.[1]?.toLowerCase();
    if (groupId && reference.teamId && reference.teamId.toLowerCase() !== groupId) {
      await this.merge(refKey.team(reference.teamId), { ...reference, aadGroupId: groupId });
      await this.merge(key, { ...reference, aadGroupId: groupId });
      return;
    }
    await this.merge(key, reference);
  }

  private async merge(key: string, reference: TeamsReference): Promise<void> {
    const previous = await this.store.find(MSTEAMS, key);
    // A person's 1:1 chat id, learnt when the bot opened it, survives a later sighting in a channel.
    const merged = { ...(previous ?? {}), ...stripUndefined(reference) };
    if (JSON.stringify(previous) === JSON.stringify(merged)) return;
    await this.store.save(MSTEAMS, key, merged, this.now());
  }

  /**
   * Graph's id of a team (its group id, a GUID) from the id the desk is configured with: a GUID is
   * one already; a thread id (`19:…@thread.tacv2`) is looked up in what Teams told the bot when it was
   * added to the team. Null until then.
   */
  async groupIdOfTeam(teamId: string): Promise<string | null> {
    if (GUID.test(teamId)) return teamId.toLowerCase();
    return (await this.find(refKey.team(teamId)))?.aadGroupId ?? null;
  }

  async find(key: string): Promise<TeamsReference | null> {
    const found = await this.store.find(MSTEAMS, key);
    if (!found || typeof found.serviceUrl !== 'string') return null;
    return found as unknown as TeamsReference;
  }

  /** Where a channel's posts go: its own reference, else its team's (same service URL and tenant). */
  async channel(channelId: string, teamId?: string): Promise<TeamsReference | null> {
    const own = await this.find(refKey.channel(channelId));
    if (own) return { ...own, conversationId: channelId };
    const team = teamId ? await this.find(refKey.team(teamId)) : null;
    return team ? { ...team, conversationId: channelId } : null;
  }
}

function stripUndefined(value: TeamsReference): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
