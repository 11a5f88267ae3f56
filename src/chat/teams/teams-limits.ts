/**
 * Microsoft Teams' documented limits for a bot (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit):
 * into one conversation (channel, chat) at most 7 messages a second, 60 per 30 s and 1800 an hour;
 * for the app in one tenant at most 50 requests a second. The outbox keeps within them.
 */
export const TEAMS_CONVERSATION_LIMITS = [
  { posts: 7, perMs: 1000 },
  { posts: 60, perMs: 30_000 },
  { posts: 1800, perMs: 3_600_000 },
] as const;

/** Teams' global limit for one app in one tenant. */
export const TEAMS_APP_RATE = { requests: 50, perMs: 1000 } as const;
