import { narrativeFacts } from '../domain/digest-narrative.ts';
import type { NarrativeFacts } from '../domain/digest-narrative.ts';
import type { Locale } from '../domain/directory.ts';
import { type DigestView, type KpiWeek, evaluateGoals } from '../domain/kpi.ts';
import { previousWeek } from '../domain/kpi-week.ts';
import type { MemberStore } from '../domain/member-store.ts';
import { type FiguresDeps, computeWeeklyFigures } from './compute-weekly-figures.ts';
import { learnRecordedMembers } from './learn-recorded-members.ts';

/** Writes the digest's paragraph: the model's (numbers checked) or the template's. */
export type NarrativeWriter = (facts: NarrativeFacts, locale: Locale) => Promise<{ text: string; source: 'model' | 'template' }>;

export interface DigestDeps extends FiguresDeps {
  writeNarrative: NarrativeWriter;
  /** Members recorded from channels (`members: channel`), so the digest names people another instance recorded. */
  memberStore?: MemberStore;
}

/**
 * A team's digest for a week: its figures, last week's (as posted, else computed), each goal against
 * both, and the narrative paragraph.
 */
export async function buildWeeklyDigest(teamId: string, week: KpiWeek, deps: DigestDeps): Promise<DigestView> {
  const team = deps.directory.team(teamId);
  if (!team) throw new Error(`team ${teamId} is not in the desk configuration`);
  const before = previousWeek(week);
  const [figures, previous] = await Promise.all([
    computeWeeklyFigures(teamId, week, deps),
    deps.kpi.postedDigest(teamId, before.label).then((posted) => posted?.figures ?? computeWeeklyFigures(teamId, before, deps)),
  ]);
  const goals = evaluateGoals(team.goals ?? [], figures, previous);
  // The digest is stored as shown: people recorded by another instance since this one started are named, not numbered.
  await learnRecordedMembers('all', deps);
  const names: Record<string, string> = {};
  for (const m of deps.directory.allMembers()) names[m.id] = m.name;
  for (const t of deps.directory.allTeams()) names[t.id] = t.name;
  const facts = narrativeFacts({ figures, previous, goals, teamName: team.name, names });
  const narrative = await deps.writeNarrative(facts, team.locale);
  return { teamId, teamName: team.name, locale: team.locale, figures, previous, goals, narrative: { text: narrative.text, source: narrative.source }, names };
}
