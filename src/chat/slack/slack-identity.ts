import type { ChatIdentity } from '../../domain/directory.ts';

/** The adapter's platform id: in identities, channels, cards and outbox rows. */
export const SLACK = 'slack';

/** A person's Slack user id (U…/W…), if they use Slack. */
export function slackUserIdOf(person: { identities?: readonly ChatIdentity[] } | undefined): string | undefined {
  return person?.identities?.find((i) => i.platform === SLACK)?.userId;
}

/** A person's Slack user id if it is one Slack accepts in a `<@…>` mention. */
export function mentionableSlackUserIdOf(person: { identities?: readonly ChatIdentity[] } | undefined): string | undefined {
  const id = slackUserIdOf(person);
  return id && /^[A-Z0-9]+$/i.test(id) ? id : undefined;
}

