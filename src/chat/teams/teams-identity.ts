import type { ChatIdentity } from '../../domain/directory.ts';

/** The adapter's platform id (Teams' own channel id in Bot Framework activities): in identities, channels, cards and outbox rows. */
export const MSTEAMS = 'msteams';

/** A person's Microsoft Entra object id (lowercase), if they use Teams. */
export function teamsUserIdOf(person: { identities?: readonly ChatIdentity[] } | undefined): string | undefined {
  return person?.identities?.find((i) => i.platform === MSTEAMS)?.userId;
}
