import type { CardView } from '../domain/card-view.ts';
import { type RichText, rich, untrusted } from '../domain/rich-text.ts';

/**
 * What a card shows of AI triage, worded once for every chat surface; each renderer lays it out
 * (and escapes it) for its platform. The team name and the model's reason go in as `untrusted`:
 * the model wrote the reason, and names are shown as text wherever they appear.
 */
export interface CardTriageLines {
  /** "🏷️ AI: negative · complaint · urgent", or the not-classified line. */
  labels: RichText;
  /** Not classified: the renderers show the line subtly. */
  subtle: boolean;
  /** The comment tries to instruct the AI. */
  warning: RichText | null;
  /** Routed here by triage (with the model's reason), the dismiss hint. */
  notes: RichText[];
  /** "Suggested team: Legal", or null. */
  suggestion: RichText | null;
  /**
   * The one-click route to the suggested team: the same `team:<id>` value the card's route choice
   * sends. Only while the card can be routed there (its route choice offers that team).
   */
  route: { value: string; label: string } | null;
}

/** The triage lines of a card; null: triage has not run, and the card looks as it always did. */
export function cardTriageLines(view: CardView): CardTriageLines | null {
  const triage = view.triage;
  if (!triage) return null;
  const t = view.texts.triage;
  if (triage.state === 'not_classified') return { labels: t.notClassified, subtle: true, warning: null, notes: [], suggestion: null, route: null };
  const notes: RichText[] = [];
  if (triage.routedByTriage) notes.push(t.routedByTriage(untrusted(triage.reason || '—')));
  // Suggestions are for a card still open; a closed one keeps its labels only.
  if (triage.suggestDismiss && view.actions.includes('dismiss')) notes.push(t.suggestDismiss);
  const team = view.actions.includes('route') ? triage.suggestedTeam : null;
  const value = team ? `team:${team.id}` : '';
  const routeable = !!team && view.routeOptions.teams.some((o) => o.value === value);
  return {
    labels: rich`${t.labelsTitle}: ${triage.labelText}`,
    subtle: false,
    warning: triage.injectionSuspected ? t.injection : null,
    notes,
    suggestion: team ? t.suggested(untrusted(team.name)) : null,
    route: team && routeable ? { value, label: t.routeTo(team.name) } : null,
  };
}
