import { z } from 'zod';
import { type Goal, GOAL_METRICS, type GoalMetric } from '../domain/kpi.ts';

const METRICS = Object.keys(GOAL_METRICS) as [GoalMetric, ...GoalMetric[]];

/** "1h", "45m", "1h30m" (durations), "90%" or 0.9 (shares), 20 (counts). */
function parseTarget(metric: GoalMetric, raw: unknown): number | string {
  const kind = GOAL_METRICS[metric];
  if (kind === 'duration') {
    // An already parsed value (ms, when a parsed configuration is validated again); a bare small number is a mistake.
    if (typeof raw === 'number') return raw >= 1000 ? raw : `use a duration such as 45m, 1h or 1h30m for ${metric} (a bare number is not a duration)`;
    const text = String(raw).trim();
    const m = /^(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (!m || text === '') return `use a duration such as 45m, 1h or 1h30m for ${metric}`;
    const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
    return ms > 0 ? ms : `the target of ${metric} must be longer than zero`;
  }
  if (kind === 'share') {
    const text = String(raw).trim();
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    const value = percent ? Number(percent[1]) / 100 : typeof raw === 'number' ? raw : Number.NaN;
    return value >= 0 && value <= 1 ? value : `use a share such as 90% (or 0.9) for ${metric}`;
  }
  const text = String(raw).trim();
  const count = typeof raw === 'number' ? raw : text === '' ? Number.NaN : Number(text);
  return Number.isInteger(count) && count >= 0 ? count : `use a whole number of comments for ${metric}`;
}

/**
 * One goal: `{ metric: firstResponseMedian, comparison: "<=", target: 1h }`. Metrics and their units:
 * durations (firstResponseMedian, firstResponseP90 — working time; firstResponseMedianClock — clock
 * time), shares (withinTargetShare, responseRate: "90%"), counts (backlogEnd, overdueNow, answered,
 * escalations).
 */
export const goalSchema = z
  .strictObject({
    metric: z.enum(METRICS, { message: `use one of ${METRICS.join(', ')}` }),
    comparison: z.enum(['<=', '<', '>=', '>'], { message: 'use <=, <, >= or >' }),
    target: z.union([z.string(), z.number()]),
  })
  .transform((g, ctx): Goal => {
    const target = parseTarget(g.metric, g.target);
    if (typeof target === 'string') {
      ctx.addIssue({ code: 'custom', path: ['target'], message: target });
      return z.NEVER;
    }
    return { metric: g.metric, comparison: g.comparison, target };
  });

export const goalsSchema = z.array(goalSchema).max(20, 'name at most 20 goals');

/** When the weekly digest goes out, in each team's own time zone. */
export const digestScheduleSchema = z.strictObject({
  weekday: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).default('mon'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 09:00').default('09:00'),
  /** false: no digest for this team (or desk). */
  enabled: z.boolean().default(true),
});
/** A team's changes to the desk's digest schedule; what it leaves out comes from the desk. */
export const teamDigestSchema = z.strictObject({
  weekday: digestScheduleSchema.shape.weekday.unwrap().optional(),
  time: digestScheduleSchema.shape.time.unwrap().optional(),
  enabled: z.boolean().optional(),
});
