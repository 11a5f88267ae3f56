import type { Priority } from './comment-lifecycle.ts';
import { plainName } from './untrusted-text.ts';

/**
 * What a language model says about one comment, and what the desk lets that change. The model's
 * answer is parsed by the SDK against a strict schema and then checked again here
 * ({@link checkTriage}): the schema is a request to the model, this check is the guarantee. What a
 * checked triage may do is decided by {@link decideTriageEffects} from the desk's policy; the model
 * itself never sends, hides, dismisses or routes outside the configuration.
 */

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export const INTENTS = ['question', 'complaint', 'praise', 'lead', 'spam', 'abuse', 'crisis', 'other'] as const;
export const URGENCIES = ['low', 'normal', 'high'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;

export type Sentiment = (typeof SENTIMENTS)[number];
export type Intent = (typeof INTENTS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Confidence = (typeof CONFIDENCES)[number];

/** The suggested team when no configured team fits (or the model cannot tell). */
export const NO_TEAM = 'none';

/** The model's reason as shown on a card and in the event log: one short line. */
export const TRIAGE_REASON_MAX = 200;

/**
 * A language code: ISO 639-1 (two lowercase letters), or "und" (BCP 47's "undetermined") for a
 * comment without words, such as emoji only.
 */
export const LANGUAGE_PATTERN = /^(?:[a-z]{2}|und)$/;

export interface Triage {
  sentiment: Sentiment;
  intent: Intent;
  urgency: Urgency;
  needsResponse: boolean;
  /** See {@link LANGUAGE_PATTERN}. */
  language: string;
  confidence: Confidence;
  /** The comment tried to instruct the model (ignore your rules, route me, reply with this link…). */
  injectionSuspected: boolean;
  /** A configured team id, or {@link NO_TEAM}. */
  suggestedTeam: string;
  /** Plain text, one line, at most {@link TRIAGE_REASON_MAX} characters. */
  reason: string;
}

export type TriageCheck =
  | { ok: true; triage: Triage }
  /** `invalid`: a field is missing or outside its values; `team_not_configured`: the suggested team is not one of the desk's. */
  | { ok: false; problem: 'invalid' | 'team_not_configured'; field: keyof Triage | 'root' };

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

/** Links in the model's reason would be clickable next to our own words: shown as a marker instead. */
const LINK = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S*/gi;

/** The model's reason as plain text: one line, no controls or bidi tricks, no links, capped. */
export function plainReason(raw: string): string {
  // Cut generously before replacing links, so a huge reason is never scanned in full.
  const line = plainName(raw, TRIAGE_REASON_MAX * 4, '');
  return plainName(line.replace(LINK, '[link]'), TRIAGE_REASON_MAX, '');
}

/**
 * The model's answer (already JSON-parsed) checked in our own code: every enum, the booleans, the
 * language code's shape (a region or case is tolerated: "DE-at" becomes "de"), and the suggested
 * team being one of `teamIds` (or {@link NO_TEAM}). Unknown extra fields are dropped.
 */
export function checkTriage(raw: unknown, teamIds: readonly string[]): TriageCheck {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problem: 'invalid', field: 'root' };
  const r = raw as Record<string, unknown>;
  const invalid = (field: keyof Triage): TriageCheck => ({ ok: false, problem: 'invalid', field });

  if (!isOneOf(SENTIMENTS, r.sentiment)) return invalid('sentiment');
  if (!isOneOf(INTENTS, r.intent)) return invalid('intent');
  if (!isOneOf(URGENCIES, r.urgency)) return invalid('urgency');
  if (typeof r.needsResponse !== 'boolean') return invalid('needsResponse');
  if (!isOneOf(CONFIDENCES, r.confidence)) return invalid('confidence');
  if (typeof r.injectionSuspected !== 'boolean') return invalid('injectionSuspected');
  if (typeof r.reason !== 'string') return invalid('reason');
  if (typeof r.language !== 'string') return invalid('language');
  const language = r.language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (!LANGUAGE_PATTERN.test(language)) return invalid('language');
  if (typeof r.suggestedTeam !== 'string') return invalid('suggestedTeam');
  if (r.suggestedTeam !== NO_TEAM && !teamIds.includes(r.suggestedTeam)) {
    return { ok: false, problem: 'team_not_configured', field: 'suggestedTeam' };
  }

  return {
    ok: true,
    triage: {
      sentiment: r.sentiment,
      intent: r.intent,
      urgency: r.urgency,
      needsResponse: r.needsResponse,
      language,
      confidence: r.confidence,
      injectionSuspected: r.injectionSuspected,
      suggestedTeam: r.suggestedTeam,
      reason: plainReason(r.reason),
    },
  };
}

/** What triage may do on one desk (from the desk configuration). */
export interface TriagePolicy {
  /** Raise a comment's priority to high for crisis, abuse or high urgency (never lowers it). */
  raisePriority: boolean;
  /** Show the suggested team on the card. */
  suggestTeam: boolean;
  /** Move the comment to the suggested team without asking. */
  autoRoute: boolean;
  /** The least confidence an automatic route needs. */
  autoRouteMinConfidence: Exclude<Confidence, 'low'>;
}

/** Labels and suggestions only: nothing changes a comment unless the desk turns it on. */
export const DEFAULT_TRIAGE_POLICY: TriagePolicy = {
  raisePriority: false,
  suggestTeam: true,
  autoRoute: false,
  autoRouteMinConfidence: 'high',
};

export interface TriageContext {
  /** A keyword rule matched this comment: the operator's word wins over the model's route. */
  rulesMatched: boolean;
  policy: TriagePolicy;
  /** The teams configured now (the configuration may have changed since the model was asked). */
  teamIds: readonly string[];
  /** Where the comment is now, and its priority now. */
  currentTeamId: string;
  currentPriority: Priority;
}

/** Why triage did not route a comment by itself, for the event log and the operator. */
export type RouteSkipped =
  | 'auto_route_off'
  | 'no_team'
  | 'team_not_configured'
  | 'same_team'
  | 'rules_matched'
  | 'injection_suspected'
  | 'confidence_too_low';

export interface TriageLabels {
  sentiment: Sentiment;
  intent: Intent;
  urgency: Urgency;
  injectionSuspected: boolean;
}

export interface TriageEffects {
  /** Always shown on the card. */
  labels: TriageLabels;
  /** The new priority, or null to leave it as it is. */
  raisePriorityTo: 'high' | null;
  /** A configured team other than the current one to offer on the card, or null. Null when routed. */
  suggestTeamId: string | null;
  /** A configured team other than the current one to move the comment to now, or null. */
  routeToTeamId: string | null;
  /** Why there is no automatic route (null when routed). */
  routeSkipped: RouteSkipped | null;
  /** Offer Dismiss on the card (spam, abuse). A suggestion: a person decides. */
  suggestDismiss: boolean;
  /** The model's reason, for "routed by triage" in the event log. */
  reason: string;
}

const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, crisis: 3 };

/** Intents that deserve attention sooner whatever the model says about urgency. */
const PRESSING_INTENTS: readonly Intent[] = ['crisis', 'abuse'];
/** Intents for which Dismiss is offered. */
const DISMISSABLE_INTENTS: readonly Intent[] = ['spam', 'abuse'];

/**
 * What a checked triage does to a comment under the desk's policy. Only a configured team other
 * than the current one is ever suggested or routed to. An automatic route also needs `autoRoute`,
 * enough confidence, no matching keyword rule and no suspected injection. A priority is raised (to
 * high, never lowered) only with `raisePriority`, at least medium confidence and no suspected
 * injection: a comment that tries to steer the model does not get to steer the queue.
 */
export function decideTriageEffects(triage: Triage, context: TriageContext): TriageEffects {
  const { policy, teamIds, currentTeamId, currentPriority, rulesMatched } = context;
  const team = triage.suggestedTeam;
  const configured = team !== NO_TEAM && teamIds.includes(team);
  const elsewhere = configured && team !== currentTeamId;

  const routeSkipped: RouteSkipped | null = !policy.autoRoute
    ? 'auto_route_off'
    : team === NO_TEAM
      ? 'no_team'
      : !configured
        ? 'team_not_configured'
        : !elsewhere
          ? 'same_team'
          : rulesMatched
            ? 'rules_matched'
            : triage.injectionSuspected
              ? 'injection_suspected'
              : CONFIDENCE_RANK[triage.confidence] < CONFIDENCE_RANK[policy.autoRouteMinConfidence]
                ? 'confidence_too_low'
                : null;
  const routeToTeamId = routeSkipped === null ? team : null;

  const pressing = PRESSING_INTENTS.includes(triage.intent) || triage.urgency === 'high';
  const raise =
    policy.raisePriority &&
    pressing &&
    !triage.injectionSuspected &&
    triage.confidence !== 'low' &&
    PRIORITY_RANK[currentPriority] < PRIORITY_RANK.high;

  return {
    labels: { sentiment: triage.sentiment, intent: triage.intent, urgency: triage.urgency, injectionSuspected: triage.injectionSuspected },
    raisePriorityTo: raise ? 'high' : null,
    suggestTeamId: policy.suggestTeam && elsewhere && routeToTeamId === null ? team : null,
    routeToTeamId,
    routeSkipped,
    suggestDismiss: DISMISSABLE_INTENTS.includes(triage.intent),
    reason: triage.reason,
  };
}
