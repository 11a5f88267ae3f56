import { createHash } from 'node:crypto';
import type { CommentRecord } from '../domain/comment.ts';
import type { Directory } from '../domain/directory.ts';
import { type ReminderAudience, planReminder, reminderAudience } from '../domain/escalation-ladder.ts';
import { type OutboxItem, type ReminderStepRef, platformToReach } from '../domain/outbox-intent.ts';
import type { Clock, DeskStore, ReminderStepWrite } from '../domain/ports.ts';
import { cardTargetsOf } from './card-outbox.ts';

export interface SweepDeps {
  store: DeskStore;
  directory: Directory;
  clock: Clock;
}

export interface SweepOptions {
  /** Due comments read per round. */
  batchSize: number;
  /** Upper bound of rounds in one run (the next run continues). */
  maxRounds: number;
}

export interface SweepResult {
  /** Due comments looked at. */
  examined: number;
  /** Steps sent as their own message. */
  reminded: number;
  /** Steps gathered into morning summaries, and how many summaries. */
  summarized: number;
  summaries: number;
  /** Comments whose next look was moved without a message (not due yet, snoozed, outside working hours). */
  rescheduled: number;
  /** Comments someone changed while the sweep looked at them; the next run takes them again. */
  conflicts: number;
}

const DEFAULT_OPTIONS: SweepOptions = { batchSize: 2000, maxRounds: 20 };

/**
 * The `sla-sweep` job: applies each team's escalation ladder to the comments whose next reminder time
 * has come. Reads only due comments. The steps of a round are written in one statement, each
 * conditional on the comment's version, with its event, its message and the card refreshes, so a step
 * is sent once even when two sweeps race; messages go out through the outbox. Steps that waited
 * through time off become one summary per team when the team's working period starts.
 */
export async function sweepServiceLevels(deps: SweepDeps, options: Partial<SweepOptions> = {}): Promise<SweepResult> {
  const { batchSize, maxRounds } = { ...DEFAULT_OPTIONS, ...options };
  const { store, directory } = deps;
  const now = deps.clock.now();
  const result: SweepResult = { examined: 0, reminded: 0, summarized: 0, summaries: 0, rescheduled: 0, conflicts: 0 };

  for (let round = 0; round < maxRounds; round++) {
    const due = await store.dueForReminder(now, batchSize);
    result.examined += due.length;
    const steps: ReminderStepWrite[] = [];
    const reschedules: { commentId: string; version: number; nextReminderAt: Date | null }[] = [];
    const summaries = new Map<string, ReminderStepRef[]>();

    for (const comment of due) {
      const plan = planReminder(directory.serviceLevel(comment.teamId), comment, now);
      if (!plan.send) {
        reschedules.push({ commentId: comment.id, version: comment.version, nextReminderAt: plan.next });
        continue;
      }
      const { phase, step, ladderStep, delivery } = plan.send;
      const ref: ReminderStepRef = { commentId: comment.id, phase, step, percent: ladderStep.at, notify: ladderStep.notify };
      const audience = reminderAudience(ladderStep, comment, directory);
      if (delivery === 'summary') summaries.set(comment.teamId, [...(summaries.get(comment.teamId) ?? []), ref]);
      const messages = delivery === 'now' ? reminderItems(ref, audience, comment, directory) : [];
      steps.push({
        commentId: comment.id,
        expectedVersion: comment.version,
        phase,
        step,
        nextReminderAt: plan.next,
        // A team with neither channel nor lead has nobody to tell; the step is still recorded.
        eventData: { phase, step, percent: ladderStep.at, notify: ladderStep.notify, delivery: delivery === 'now' && !messages.length ? 'nobody' : delivery, audience },
        messages,
      });
    }

    // Summaries first: a crash after them repeats the same summary (same key, so it is dropped), never loses it.
    const summaryItems = [...summaries].flatMap(([teamId, items]) => summaryItem(teamId, items, directory));
    if (summaryItems.length) await store.enqueue(summaryItems, now);
    const written = await store.recordReminderSteps(steps, now);
    for (const [i, ok] of written.entries()) {
      if (!ok) result.conflicts++;
      else if (steps[i]!.eventData.delivery === 'summary') result.summarized++;
      else result.reminded++;
    }
    result.summaries += summaryItems.length;
    result.rescheduled += await store.rescheduleReminders(reschedules);
    if (due.length < batchSize) break;
  }
  return result;
}

/**
 * The step's messages: a channel message goes into each of the team's channels (a team on two
 * platforms hears it on both); for a team without a channel, to its lead instead (nobody if it has no lead
 * either). A person hears it once, on the team channel's platform if they use it, else on theirs.
 */
function reminderItems(ref: ReminderStepRef, audience: ReminderAudience, comment: CommentRecord, directory: Directory): OutboxItem[] {
  const dedupeKey = `sla.remind:${ref.commentId}:${ref.phase}:${ref.step}`;
  const team = directory.team(comment.teamId);
  const targets = team ? cardTargetsOf(team) : [];
  const toPerson = (to: Extract<ReminderAudience, { to: 'person' }>): OutboxItem[] => {
    const platform = platformToReach(directory.member(to.memberId), targets[0]?.platform);
    return platform ? [{ dedupeKey, channel: null, intent: { kind: 'sla.remind', platform, ...ref, audience: to, channel: null } }] : [];
  };
  if (audience.to === 'person') return toPerson(audience);
  if (targets.length) {
    // The first channel keeps the key it always had, so a step queued before an upgrade is not sent twice.
    return targets.map((target, i) => ({
      dedupeKey: i === 0 ? dedupeKey : `${dedupeKey}:${target.platform}`,
      channel: target.channel,
      intent: { kind: 'sla.remind', platform: target.platform, ...ref, audience, channel: target.channel },
    }));
  }
  const lead = team?.leadId;
  if (!lead) return [];
  return toPerson({ to: 'person', memberId: lead, role: 'lead' });
}

/** The summary of a team's steps: into each of its channels, or to its lead when it has none. */
function summaryItem(teamId: string, items: ReminderStepRef[], directory: Directory): OutboxItem[] {
  const team = directory.team(teamId);
  const targets = team ? cardTargetsOf(team) : [];
  const leadId = team?.leadId ?? null;
  // The same steps make the same key: a repeated run does not post the summary twice.
  const content = items.map((i) => `${i.commentId}:${i.phase}:${i.step}`).sort().join(',');
  const dedupeKey = `sla.summary:${teamId}:${createHash('sha256').update(content).digest('hex').slice(0, 32)}`;
  if (targets.length) {
    return targets.map((target, i) => ({
      dedupeKey: i === 0 ? dedupeKey : `${dedupeKey}:${target.platform}`,
      channel: target.channel,
      intent: { kind: 'sla.summary', platform: target.platform, teamId, channel: target.channel, leadId, items },
    }));
  }
  const platform = leadId ? platformToReach(directory.member(leadId)) : null;
  if (!leadId || !platform) return [];
  return [{ dedupeKey, channel: null, intent: { kind: 'sla.summary', platform, teamId, channel: null, leadId, items } }];
}
