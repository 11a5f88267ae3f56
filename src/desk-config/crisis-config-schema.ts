import { z } from 'zod';
import {
  type BurstSpec,
  CRISIS_ROLES,
  type ChecklistStepSpec,
  type CrisisSettings,
  type RosterRole,
  type Scenario,
  rosterMemberIds,
} from '../domain/crisis.ts';

/**
 * The `crisis` section of the desk configuration (`/crisis`): who plays which role in a social-media
 * crisis, who may declare a real one or start a drill, the room, the stakeholder channel, and the
 * scenarios that drills rehearse and a declared crisis follows. Validated here; member references are
 * checked by the desk schema (`checkCrisisReferences`); `buildCrisisSettings` resolves the defaults.
 */

// The same rules as in desk-config-schema.ts (kept here so the two modules do not import each other).
const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use lowercase letters, digits, - and _ (e.g. "support")');
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD (channel details → About)');
const msteamsChannelId = z.string().regex(/^19:[^\s]+@thread\.[a-z0-9.]+$/, 'must be a Microsoft Teams channel id such as 19:abc123@thread.tacv2 (channel ⋯ → Get link to channel)');
const locale = z.enum(['de', 'en']);

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const CLOCK_HINT = 'use a clock duration such as 90s, 45m, 2h or 1h30m (h, m, s in that order)';

/**
 * A clock-time amount (not working time): "90s", "45m", "2h", "1h30m", "1h30m15s"; milliseconds after parsing.
 * An already parsed value (a whole number of seconds in milliseconds) is accepted again, so re-validating
 * a parsed configuration is stable; any other bare number is refused with the hint (is 120 minutes or seconds?).
 */
export const clockDurationSchema = z.preprocess(
  (v) => (typeof v === 'number' ? (Number.isInteger(v) && v > 0 && v % SECOND === 0 ? `${v / SECOND}s` : String(v)) : v),
  z
    .string(CLOCK_HINT)
    .trim()
    .regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, CLOCK_HINT)
    .transform((v) => {
      const part = (unit: string) => Number(new RegExp(`(\\d+)${unit}`).exec(v)?.[1] ?? 0);
      return part('h') * HOUR + part('m') * MINUTE + part('s') * SECOND;
    })
    .refine((ms) => ms > 0, 'a duration must be longer than zero'),
);

/** Milliseconds written the way the configuration takes them ("1h30m", "45s"), for messages. */
export function formatClockDuration(ms: number): string {
  const h = Math.floor(ms / HOUR);
  const m = Math.floor((ms % HOUR) / MINUTE);
  const s = Math.round((ms % MINUTE) / SECOND);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

const text = z.string().trim().min(1, 'must not be blank');

/** One string (used for both languages) or `{ de, en }`; always `{ de, en }` after parsing. */
const LOCALIZED_HINT = 'write one text, or a German and an English one as { de: "…", en: "…" }';
const localizedPart = z
  .string({ error: (issue) => (issue.input === undefined ? `missing; ${LOCALIZED_HINT}` : 'must be text') })
  .trim()
  .min(1, 'must not be blank');
const localizedText = z.preprocess(
  (v) => (typeof v === 'string' ? { de: v, en: v } : v),
  z.strictObject({ de: localizedPart, en: localizedPart }, { error: (issue) => (issue.code === 'invalid_type' ? LOCALIZED_HINT : undefined) }),
);

/** A role on the roster: its primary, then deputies who are paged with them. */
const rosterRoleShape = {
  primary: slug,
  deputies: z.array(slug).default([]),
};
const rosterRoleSchema = z.strictObject(rosterRoleShape);

const rosterSchema = z.strictObject({
  lead: z.strictObject(rosterRoleShape, {
    error: (issue) => (issue.input === undefined ? 'name the crisis lead, e.g. lead: { primary: anna, deputies: [ben] }' : undefined),
  }),
  communications: rosterRoleSchema.optional(),
  legal: rosterRoleSchema.optional(),
  socialMedia: rosterRoleSchema.optional(),
  management: rosterRoleSchema.optional(),
});

const stepSchema = z.strictObject({
  /** A slug, unique within the scenario. */
  id: slug,
  title: localizedText,
  /** Done this long after the start (clock time); at most the scenario's timeLimit. */
  target: clockDurationSchema,
  /** The role expected to do it. */
  role: z.enum(CRISIS_ROLES).optional(),
  /** Approving the holding statement ticks this step (at most one step per scenario). */
  approvesStatement: z.boolean().optional(),
});

const toneSchema = z.strictObject({
  tone: slug,
  /** Relative weight; normalised over all tones. */
  share: z.number().min(0, 'a share must not be negative'),
  phrases: z
    .array(text.max(280, 'a phrase may have at most 280 characters'))
    .min(1, 'give at least one phrase for this tone'),
});

const burstSchema = z
  .strictObject({
    /** How many synthetic comments a drill injects. */
    count: z.number().int('count must be a whole number').min(1, 'count must be at least 1').max(5000, 'count may be at most 5000'),
    /** Spread over this long from the drill's start (clock time); at most the scenario's timeLimit. */
    over: clockDurationSchema,
    sources: z.array(slug).min(1, 'name at least one source, e.g. [facebook, instagram]'),
    /** Language code given to the comments (routing may match on it). */
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'use a language code such as de or en').optional(),
    tones: z.array(toneSchema).min(1, 'name at least one tone'),
  })
  .superRefine((b, ctx) => {
    if (!b.tones.some((t) => t.share > 0)) {
      ctx.addIssue({ code: 'custom', path: ['tones'], message: 'at least one tone needs a share above 0' });
    }
    const dupTone = dup(b.tones.map((t) => t.tone));
    if (dupTone) ctx.addIssue({ code: 'custom', path: ['tones'], message: `tone "${dupTone}" is listed twice` });
    const dupSource = dup(b.sources);
    if (dupSource) ctx.addIssue({ code: 'custom', path: ['sources'], message: `source "${dupSource}" is listed twice` });
  });

const scenarioSchema = z
  .strictObject({
    /** A slug: `/crisis drill <id>`. */
    id: slug,
    title: localizedText,
    /** What happened, told to the room at the start. */
    situation: localizedText,
    /** The crisis ends by itself this long after the start (clock time). */
    timeLimit: clockDurationSchema,
    /** The first draft of the holding statement, approved with a button. */
    holdingStatement: localizedText,
    checklist: z.array(stepSchema).min(1, 'give the checklist at least one step').max(30, 'a checklist may have at most 30 steps'),
    /** Drills only: the synthetic comments; left out, a drill injects none. */
    burst: burstSchema.optional(),
  })
  .superRefine((s, ctx) => {
    // Compare durations only where they parsed (refinements also run after non-aborting issues).
    const parsed = (...path: (string | number)[]) => !ctx.issues.some((i) => path.every((key, k) => i.path?.[k] === key));
    const limit = formatClockDuration(s.timeLimit);
    const limitOk = parsed('timeLimit');
    s.checklist.forEach((step, i) => {
      if (limitOk && parsed('checklist', i, 'target') && step.target > s.timeLimit) {
        ctx.addIssue({
          code: 'custom',
          path: ['checklist', i, 'target'],
          message: `the target ${formatClockDuration(step.target)} is after the scenario's timeLimit (${limit}); shorten it or raise timeLimit`,
        });
      }
    });
    const dupStep = dup(s.checklist.map((step) => step.id));
    if (dupStep) ctx.addIssue({ code: 'custom', path: ['checklist'], message: `step id "${dupStep}" is used twice` });
    const approving = s.checklist.filter((step) => step.approvesStatement).map((step) => `"${step.id}"`);
    if (approving.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['checklist'], message: `only one step may have approvesStatement (found ${approving.join(', ')})` });
    }
    if (s.burst && limitOk && parsed('burst', 'over') && s.burst.over > s.timeLimit) {
      ctx.addIssue({
        code: 'custom',
        path: ['burst', 'over'],
        message: `the burst runs ${formatClockDuration(s.burst.over)}, longer than the scenario's timeLimit (${limit}); shorten it or raise timeLimit`,
      });
    }
  });

export const crisisConfigSchema = z
  .strictObject({
    /** Language of the room's messages. */
    locale: locale.default('en'),
    /** A fixed room (Slack channel id, Teams channel id), or none: every crisis gets a new channel (private if `private`). */
    room: z
      .strictObject({ channel: channelId.optional(), msteamsChannel: msteamsChannelId.optional(), private: z.boolean().default(false) })
      .refine((r) => !((r.channel || r.msteamsChannel) && r.private), {
        message: 'private applies only to rooms the bot creates; leave it out when room.channel is set (make that channel private in Slack)',
        path: ['private'],
      })
      .optional(),
    /** Where status updates of a real crisis also go (Slack channel id). */
    stakeholderChannel: channelId.optional(),
    /** Where status updates of a real crisis started in Microsoft Teams also go (Teams channel id). */
    msteamsStakeholderChannel: msteamsChannelId.optional(),
    /** Who plays which role; `lead` is required. */
    roster: rosterSchema,
    /** Member ids who may declare (and end) a real crisis; default: the lead role's primary and deputies. */
    mayDeclare: z.array(slug).min(1, 'name at least one member, or leave mayDeclare out (the lead role may declare)').optional(),
    /** Member ids who may start (and end) drills; default: everyone on the roster. */
    mayDrill: z.array(slug).min(1, 'name at least one member, or leave mayDrill out (everyone on the roster may drill)').optional(),
    /** The scenario a declared (real) crisis follows; default: the first scenario. */
    declareScenario: slug.optional(),
    /** Sources whose new comments a real crisis flags; default: every source. */
    sources: z.array(slug).min(1, 'name at least one source, or leave sources out (every source)').optional(),
    scenarios: z.array(scenarioSchema).min(1, 'give at least one scenario'),
  })
  .superRefine((c, ctx) => {
    const ids = c.scenarios.map((s) => s.id);
    const dupScenario = dup(ids);
    if (dupScenario) ctx.addIssue({ code: 'custom', path: ['scenarios'], message: `scenario id "${dupScenario}" is used twice` });
    if (c.declareScenario !== undefined && !ids.includes(c.declareScenario)) {
      ctx.addIssue({
        code: 'custom',
        path: ['declareScenario'],
        message: `"${c.declareScenario}" is not one of the scenarios (${ids.join(', ')})`,
      });
    }
  });

export type CrisisConfig = z.output<typeof crisisConfigSchema>;

/**
 * Cross-checks against the desk's members, called from the desk schema's `superRefine`: every roster
 * primary and deputy, and every mayDeclare and mayDrill entry, must be a member. `path` is where the
 * section sits (["crisis"]). (That `declareScenario` names a scenario is checked by the section itself.)
 */
export function checkCrisisReferences(
  crisis: CrisisConfig,
  memberIds: Set<string>,
  ctx: Pick<z.RefinementCtx, 'addIssue'>,
  path: (string | number)[],
): void {
  const check = (id: string, at: (string | number)[]) => {
    if (!memberIds.has(id)) ctx.addIssue({ code: 'custom', path: [...path, ...at], message: `"${id}" is not one of the members` });
  };
  for (const role of CRISIS_ROLES) {
    const r = crisis.roster[role];
    if (!r) continue;
    check(r.primary, ['roster', role, 'primary']);
    r.deputies.forEach((id, i) => check(id, ['roster', role, 'deputies', i]));
  }
  crisis.mayDeclare?.forEach((id, i) => check(id, ['mayDeclare', i]));
  crisis.mayDrill?.forEach((id, i) => check(id, ['mayDrill', i]));
}

/** The resolved crisis settings (defaults applied); null when the desk has no `crisis` section. */
export function buildCrisisSettings(crisis: CrisisConfig | undefined): CrisisSettings | null {
  if (!crisis) return null;
  const roster: RosterRole[] = CRISIS_ROLES.flatMap((role) => {
    const r = crisis.roster[role];
    return r ? [{ role, memberIds: unique([r.primary, ...r.deputies]) }] : [];
  });
  const lead = roster.find((r) => r.role === 'lead')?.memberIds ?? [];
  const scenarios = crisis.scenarios.map(buildScenario);
  return {
    roster,
    mayDeclare: crisis.mayDeclare ? unique(crisis.mayDeclare) : lead,
    mayDrill: crisis.mayDrill ? unique(crisis.mayDrill) : rosterMemberIds(roster),
    roomChannels: platformChannels(crisis.room?.channel, crisis.room?.msteamsChannel),
    privateRoom: crisis.room?.private ?? false,
    stakeholderChannels: platformChannels(crisis.stakeholderChannel, crisis.msteamsStakeholderChannel),
    locale: crisis.locale,
    declareScenarioId: crisis.declareScenario ?? scenarios[0]!.id,
    sources: crisis.sources ? unique(crisis.sources) : null,
    scenarios,
  };
}

function buildScenario(s: CrisisConfig['scenarios'][number]): Scenario {
  return {
    id: s.id,
    title: { ...s.title },
    situation: { ...s.situation },
    checklist: s.checklist.map((step): ChecklistStepSpec => {
      const spec: ChecklistStepSpec = { id: step.id, title: { ...step.title }, targetMs: step.target };
      if (step.role) spec.role = step.role;
      if (step.approvesStatement) spec.approvesStatement = true;
      return spec;
    }),
    holdingStatement: { ...s.holdingStatement },
    timeLimitMs: s.timeLimit,
    burst: s.burst ? buildBurst(s.burst) : null,
  };
}

function buildBurst(b: NonNullable<CrisisConfig['scenarios'][number]['burst']>): BurstSpec {
  const spec: BurstSpec = {
    count: b.count,
    durationMs: b.over,
    sources: [...b.sources],
    tones: b.tones.map((t) => ({ tone: t.tone, share: t.share, phrases: [...t.phrases] })),
  };
  if (b.language) spec.language = b.language;
  return spec;
}

function dup(ids: string[]): string | undefined {
  return ids.find((id, i) => ids.indexOf(id) !== i);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** The configuration's per-platform channel keys as platform → channel (the only place that names them). */
function platformChannels(slack: string | undefined, msteams: string | undefined): Record<string, string> {
  return { ...(slack ? { slack } : {}), ...(msteams ? { msteams } : {}) };
}
