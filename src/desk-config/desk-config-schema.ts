import { z } from 'zod';

/**
 * The desk configuration file (DESK_CONFIG): teams, members and routing rules.
 * Validated once at start; the teams and members are mirrored into the database.
 */
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
export type WorkingHours = z.infer<typeof workingHoursSchema>;

const locale = z.enum(['de', 'en']);
export type Locale = z.infer<typeof locale>;

export const ROLES = ['agent', 'lead', 'admin'] as const;
export const PRIORITIES = ['high', 'normal', 'low'] as const;
export type PriorityName = (typeof PRIORITIES)[number];

const teamSchema = z.object({
  id: slug,
  name: z.string().min(1),
  /** Slack channel id (C…) where the team's cards are posted. */
  slackChannel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD (channel details → About)').optional(),
  /** Member id of the team lead (may release and reassign any claim in the team). */
  lead: slug.optional(),
  locale: locale.default('en'),
  timeZone: timeZone.default('UTC'),
  workingHours: workingHoursSchema.optional(),
});

const memberSchema = z.object({
  id: slug,
  name: z.string().min(1),
  /** Slack user id (U… or W…). */
  slackUserId: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD (profile → ⋮ → Copy member ID)').optional(),
  roles: z.array(z.enum(ROLES)).min(1).default(['agent']),
  teams: z.array(slug).default([]),
  locale: locale.optional(),
  timeZone: timeZone.default('UTC'),
  workingHours: workingHoursSchema.optional(),
});

const ruleSchema = z.object({
  /** A name shown in the event log when the rule matched. */
  name: z.string().min(1).optional(),
  match: z
    .object({
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

export const deskConfigSchema = z
  .object({
    /** Team that gets comments no rule matched. */
    defaultTeam: slug,
    defaultPriority: z.enum(PRIORITIES).default('normal'),
    teams: z.array(teamSchema).min(1, 'name at least one team'),
    members: z.array(memberSchema).default([]),
    routing: z.array(ruleSchema).default([]),
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
    if (!teamIds.has(cfg.defaultTeam)) {
      ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: `"${cfg.defaultTeam}" is not one of the teams (${[...teamIds].join(', ')})` });
    }
    cfg.teams.forEach((t, i) => {
      if (t.lead && !memberIds.has(t.lead)) {
        ctx.addIssue({ code: 'custom', path: ['teams', i, 'lead'], message: `"${t.lead}" is not one of the members` });
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
  });

export type DeskConfig = z.infer<typeof deskConfigSchema>;
export type TeamConfig = DeskConfig['teams'][number];
export type MemberConfig = DeskConfig['members'][number];
export type RoutingRule = DeskConfig['routing'][number];
