import { z } from 'zod';
import { digestScheduleSchema, goalsSchema, teamDigestSchema } from './goals-config-schema.ts';
import { checkCrisisReferences, crisisConfigSchema } from './crisis-config-schema.ts';
import { savedRepliesSchema, toneSchema } from './tone-config-schema.ts';
import { unknownKeysMessage } from './unknown-keys.ts';

export { unknownKeysMessage };

/**
 * The desk configuration file (DESK_CONFIG): teams, members and routing rules.
 * Validated once at start; the teams and members are mirrored into the database.
 */
/**
 * An object that names keys it does not know: a typo such as `slackChanel` would otherwise be dropped
 * without a word, and the team would silently lose its channel.
 */
function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined),
  });
}

/** A GUID as Microsoft writes them (Entra object ids, team group ids), any version. */
const uuid = (message = 'must be a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301') =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message);

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use lowercase letters, digits, - and _ (e.g. "support")');

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Berlin' },
);

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'use HH:MM from 00:00 to 24:00, e.g. 08:00');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekday>;

/** `{ mon: [["08:00","18:00"]], sat: [["10:00","14:00"]] }` — days left out are days off. */
export const workingHoursSchema = z.partialRecord(weekday, z.array(z.tuple([hhmm, hhmm])));
/** A working-time amount: "30m", "4h", "1h30m", "1d" (one working day of the team), "2d4h". */
export const durationSchema = z.preprocess(
  // An already parsed duration is written back, so re-validating a parsed configuration is stable.
  (v) => (typeof v === 'object' && v !== null && 'days' in v && 'minutes' in v ? `${v.days}d${v.minutes}m` : v),
  z
    .string()
    .trim()
    .regex(/^(?=\d)(\d+d)?(\d+h)?(\d+m)?$/, 'use a duration such as 30m, 4h, 1h30m or 1d (d = one working day)')
    .transform((v) => {
      const part = (unit: string) => Number(new RegExp(`(\\d+)${unit}`).exec(v)?.[1] ?? 0);
      return { days: part('d'), minutes: part('h') * 60 + part('m') };
    })
    .refine((d) => d.days > 0 || d.minutes > 0, 'a target must be longer than zero'),
);
export type WorkingDuration = z.infer<typeof durationSchema>;

const holiday = z
  .string()
  .regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'use YYYY-MM-DD for one date or MM-DD for every year, e.g. 12-25', abort: true })
  .refine((v) => {
    // A date that exists: Feb 29 only in leap years (every year's "02-29" is fine), no "04-31".
    const [y, m, d] = (v.length === 5 ? `2024-${v}` : v).split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'this date does not exist'); 

/** Response-time targets per priority: until the first response (claimed or closed), and until closed. */
const targetPair = z.strictObject({ firstResponse: durationSchema.optional(), resolution: durationSchema.optional() });
const targetsSchema = z.strictObject({ crisis: targetPair.optional(), high: targetPair.optional(), normal: targetPair.optional(), low: targetPair.optional() });
/**
 * The escalation ladder: at `at` percent of the running target, who hears about it.
 * holder = the holder by direct message (the team channel while nobody holds it);
 * channel = the team channel, mentioning the holder or the team; lead = the team lead by direct message.
 */
const ladderSchema = z
  .array(strict({ at: z.number().int().min(1).max(1000), notify: z.enum(['holder', 'channel', 'lead']) }))
  .min(1)
  .refine((steps) => steps.every((s, i) => i === 0 || s.at > steps[i - 1]!.at), 'list the steps in rising order of "at", each percentage once');

/** How the channel reminder calls the team: @here, @channel, or a Slack user group id (S…). */
const teamMention = z.union([z.enum(['here', 'channel', 'none']), z.string().regex(/^S[A-Z0-9]{2,}$/, 'use here, channel, none or a Slack user group id such as S0123ABCD')]);

/** A named job's schedule: a cron expression (node-cron syntax, optional seconds field), evaluated in `timeZone`. */
const jobSchema = z.union([
  z.string().transform((schedule) => ({ schedule, timeZone: 'UTC' })),
  strict({ schedule: z.string(), timeZone: z.string().default('UTC') }),
]);

const locale = z.enum(['de', 'en']);
export type Locale = z.infer<typeof locale>;

export const ROLES = ['agent', 'lead', 'admin'] as const;
export const PRIORITIES = ['crisis', 'high', 'normal', 'low'] as const;
const teamSchema = strict({
  id: slug,
  name: z.string().min(1),
  /** Slack channel id (C…) where the team's cards are posted. */
  slackChannel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD (channel details → About)').optional(),
  /** Microsoft Teams channel id (19:…@thread.tacv2: the channel's ⋯ → Get link to channel, the part after /channel/, URL-decoded). */
  msteamsChannel: z.string().regex(/^19:[^\s]+@thread\.[a-z0-9.]+$/, 'must be a Microsoft Teams channel id such as 19:abc123@thread.tacv2 (channel ⋯ → Get link to channel)').optional(),
  /** The Microsoft Teams team the channel belongs to (its group id, a GUID, or its 19:…@thread id). */
  msteamsTeamId: z.union([uuid(), z.string().regex(/^19:[^\s]+@thread\.[a-z0-9.]+$/)], { error: 'must be the Microsoft Teams team id (a GUID such as 8f0c…, or 19:…@thread.tacv2)' }).optional(),
  /** Where the team's agents come from: `listed` (only `members` below; the default) or `channel` (also everyone in its chat channels, recorded on first use). */
  members: z.enum(['listed', 'channel']).optional(),
  /** Member id of the team lead (may release and reassign any claim in the team). */
  lead: slug.optional(),
  locale: locale.default('en'),
  timeZone: timeZone.default('UTC'),
  /** Left out: the team works around the clock. */
  workingHours: workingHoursSchema.optional(),
  /** Days off on top of the desk's holidays (YYYY-MM-DD, or MM-DD every year). */
  holidays: z.array(holiday).default([]),
  /** Overrides of the desk's targets, per priority. */
  targets: targetsSchema.optional(),
  /** Replaces the desk's escalation ladder for this team. */
  escalation: ladderSchema.optional(),
  /** Who a channel reminder mentions when nobody holds the comment. */
  mention: teamMention.default('here'),
  /** Replaces the desk's goals for this team. */
  goals: goalsSchema.optional(),
  /** Changes when this team's weekly digest goes out (or `enabled: false`); the rest comes from the desk's `digest`. */
  digest: teamDigestSchema.optional(),
  /** The team's house tone for reply drafts; each key it sets replaces the desk's `tone`. */
  tone: toneSchema.optional(),
  /** Saved replies of this team, next to the desk's (same id: the team's wins). */
  savedReplies: savedRepliesSchema.optional(),
});

const memberSchema = strict({
  id: slug,
  name: z.string().min(1),
  /** Slack user id (U… or W…). */
  slackUserId: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD (profile → ⋮ → Copy member ID)').optional(),
  /** Microsoft Entra object id of the person (`aadObjectId` on Teams activities; Entra admin center → Users → Object ID). */
  msteamsUserId: uuid('must be a Microsoft Entra object id (a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301; Entra admin center → Users → Object ID)').optional(),
  roles: z.array(z.enum(ROLES)).min(1).default(['agent']),
  teams: z.array(slug).default([]),
  locale: locale.optional(),
  timeZone: timeZone.default('UTC'),
  workingHours: workingHoursSchema.optional(),
});

const ruleSchema = strict({
  /** A name shown in the event log when the rule matched. */
  name: z.string().min(1).optional(),
  match: strict({
      sources: z.array(z.string().min(1)).min(1).optional(),
      /** Whole words or phrases, case-insensitive; any one matches. */
      keywords: z.array(z.string().trim().min(1, 'a keyword must not be blank')).min(1).optional(),
      languages: z.array(z.string().min(2)).min(1).optional(),
    })
    .refine((m) => m.sources || m.keywords || m.languages, 'a rule needs at least one of sources, keywords, languages'),
  /** Team that gets matching comments (the first matching rule with a team wins). */
  team: slug.optional(),
  /** Priority for matching comments (the highest of all matching rules wins). */
  priority: z.enum(PRIORITIES).optional(),
});

const price = z.number({ error: 'a price per 1M tokens, e.g. 0.15' }).nonnegative('prices cannot be negative');
const aiSchema = z
  .object({
    /** The currency of the prices and of AI_MONTHLY_BUDGET (shown, not converted). */
    currency: z.string().trim().min(1).max(8).default('EUR'),
    /** Per model: price per 1M input, output and cached input tokens. */
    prices: z.record(z.string().trim().min(1), z.object({ input: price, output: price, cachedInput: price.optional() }).strict()).default({}),
    triage: z
      .object({
        /** Show the team the model suggests on the card (labels are always shown). */
        suggestTeam: z.boolean().default(true),
        /** Raise a comment to high priority for crisis, abuse or high urgency (never lowers; its due times follow). */
        raisePriority: z.boolean().default(false),
        /** Move a comment to the suggested team by itself: only a configured team, only when no routing rule matched, never when the comment tries to instruct the model. */
        autoRoute: z.boolean().default(false),
        /** The least confidence an automatic route needs. */
        autoRouteMinConfidence: z.enum(['medium', 'high']).default('high'),
      })
      .strict()
      .default({ suggestTeam: true, raisePriority: false, autoRoute: false, autoRouteMinConfidence: 'high' }),
    /** The cap on output tokens per call. */
    maxOutputTokens: z.number().int().min(50).max(4000).default(400),
  })
  .strict();

export const deskConfigSchema = strict({
    /** Team that gets comments no rule matched. */
    defaultTeam: slug,
    defaultPriority: z.enum(PRIORITIES).default('normal'),
    teams: z.array(teamSchema).min(1, 'name at least one team'),
    members: z.array(memberSchema).default([]),
    routing: z.array(ruleSchema).default([]),
    /** Response-time targets per priority, in working time; teams may override them. */
    targets: targetsSchema.default({}),
    /** Reminder and escalation steps, in percent of the running target. */
    escalation: ladderSchema.default([
      { at: 75, notify: 'holder' },
      { at: 100, notify: 'channel' },
      { at: 150, notify: 'lead' },
    ]),
    /** Days off for every team (YYYY-MM-DD, or MM-DD every year). */
    holidays: z.array(holiday).default([]),
    /** What the team promises, measured every week in the digest (teams may replace them). */
    goals: goalsSchema.default([]),
    /** When the weekly digest goes out, in each team's time zone (default Monday 09:00). */
    digest: digestScheduleSchema.default({ weekday: 'mon', time: '09:00', enabled: true }),
    /** Named jobs and their cron schedules; `npm run job -- <name>` runs one on demand. */
    jobs: z.record(slug, jobSchema).default({}),
    /** Crisis drills and real crises (`/crisis`): roster, who may declare and drill, room, scenarios. Left out: no `/crisis`. */
    crisis: crisisConfigSchema.optional(),
    /** The house tone of reply drafts for every team (teams may replace single keys). */
    tone: toneSchema.optional(),
    /** Saved replies every team can use, per language and address form, with {author} and {agent}. */
    savedReplies: savedRepliesSchema.optional(),
    /** AI triage and drafts (with OPENAI_API_KEY): the price table the budget counts with, and what triage may do. */
    ai: aiSchema.default({ currency: 'EUR', prices: {}, triage: { suggestTeam: true, raisePriority: false, autoRoute: false, autoRouteMinConfidence: 'high' }, maxOutputTokens: 400 }),
  })
  .superRefine((cfg, ctx) => {
    const teamIds = new Set(cfg.teams.map((t) => t.id));
    const memberIds = new Set(cfg.members.map((m) => m.id));
    const dup = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
    const dupTeam = dup(cfg.teams.map((t) => t.id));
    if (dupTeam) ctx.addIssue({ code: 'custom', path: ['teams'], message: `team id "${dupTeam}" is used twice` });
    const dupMember = dup(cfg.members.map((m) => m.id));
    if (dupMember) ctx.addIssue({ code: 'custom', path: ['members'], message: `member id "${dupMember}" is used twice` });
    const slackIds = cfg.members.flatMap((m) => (m.slackUserId ? [m.slackUserId] : []));
    const dupSlack = dup(slackIds);
    if (dupSlack) ctx.addIssue({ code: 'custom', path: ['members'], message: `Slack user ${dupSlack} belongs to two members` });
    const dupTeamsUser = dup(cfg.members.flatMap((m) => (m.msteamsUserId ? [m.msteamsUserId.toLowerCase()] : [])));
    if (dupTeamsUser) ctx.addIssue({ code: 'custom', path: ['members'], message: `Microsoft Teams user ${dupTeamsUser} belongs to two members` });
    cfg.teams.forEach((t, i) => {
      if (t.msteamsChannel && !t.msteamsTeamId) {
        ctx.addIssue({ code: 'custom', path: ['teams', i, 'msteamsTeamId'], message: 'set msteamsTeamId (the team the channel belongs to) next to msteamsChannel' });
      }
      if (t.members === 'channel' && !t.slackChannel && !t.msteamsChannel) {
        ctx.addIssue({ code: 'custom', path: ['teams', i, 'members'], message: 'members: channel takes the team’s people from its chat channel: set slackChannel or msteamsChannel, or use members: listed' });
      }
    });
    if (!teamIds.has(cfg.defaultTeam)) {
      ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: `"${cfg.defaultTeam}" is not one of the teams (${[...teamIds].join(', ')})` });
    }
    cfg.teams.forEach((t, i) => {
      if (t.lead && !memberIds.has(t.lead)) {
        ctx.addIssue({ code: 'custom', path: ['teams', i, 'lead'], message: `"${t.lead}" is not one of the members` });
      }
    });
    cfg.teams.forEach((t, i) => {
      if (!t.workingHours) return;
      const periods = Object.entries(t.workingHours).flatMap(([day, list]) => (list ?? []).map((p, j) => ({ day, j, p })));
      if (!periods.length) {
        ctx.addIssue({ code: 'custom', path: ['teams', i, 'workingHours'], message: 'name at least one working period, or leave workingHours out for a team that works around the clock' });
      }
      for (const { day, j, p } of periods) {
        if (p[0] >= p[1]) ctx.addIssue({ code: 'custom', path: ['teams', i, 'workingHours', day, j], message: `a period must end after it starts (${p[0]}–${p[1]})` });
      }
    });
    cfg.members.forEach((m, i) =>
      m.teams.forEach((t, j) => {
        if (!teamIds.has(t)) ctx.addIssue({ code: 'custom', path: ['members', i, 'teams', j], message: `"${t}" is not one of the teams` });
      }),
    );
    cfg.routing.forEach((r, i) => {
      if (r.team && !teamIds.has(r.team)) {
        ctx.addIssue({ code: 'custom', path: ['routing', i, 'team'], message: `"${r.team}" is not one of the teams` });
      }
      if (!r.team && !r.priority) {
        ctx.addIssue({ code: 'custom', path: ['routing', i], message: 'a rule needs a team, a priority, or both' });
      }
    });
    if (cfg.crisis) checkCrisisReferences(cfg.crisis, memberIds, ctx, ['crisis']);
  });

export type DeskConfig = z.infer<typeof deskConfigSchema>;
export type TeamConfig = DeskConfig['teams'][number];
export type { CrisisConfig } from './crisis-config-schema.ts';
