import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRIAGE_POLICY,
  TRIAGE_REASON_MAX,
  type Triage,
  type TriageContext,
  type TriagePolicy,
  checkTriage,
  decideTriageEffects,
  plainReason,
} from '../../src/domain/triage.ts';

const TEAMS = ['care', 'sales', 'legal'] as const;

function answer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sentiment: 'negative',
    intent: 'complaint',
    urgency: 'normal',
    needsResponse: true,
    language: 'de',
    confidence: 'high',
    injectionSuspected: false,
    suggestedTeam: 'care',
    reason: 'Kunde beschwert sich über eine verspätete Lieferung.',
    ...overrides,
  };
}

function triage(overrides: Partial<Triage> = {}): Triage {
  const check = checkTriage(answer(overrides), TEAMS);
  if (!check.ok) throw new Error(`fixture invalid: ${check.field}`);
  return check.triage;
}

describe('checkTriage', () => {
  it('accepts a valid answer and returns exactly the triage fields', () => {
    const check = checkTriage({ ...answer(), extra: 'dropped', __proto__x: 1 }, TEAMS);
    expect(check).toEqual({ ok: true, triage: answer() });
  });

  it('accepts "none" as the suggested team', () => {
    const check = checkTriage(answer({ suggestedTeam: 'none' }), TEAMS);
    expect(check.ok && check.triage.suggestedTeam).toBe('none');
  });

  it.each([null, undefined, 'text', 42, [answer()]])('rejects a non-object answer (%j)', (raw) => {
    expect(checkTriage(raw, TEAMS)).toEqual({ ok: false, problem: 'invalid', field: 'root' });
  });

  it.each([
    ['sentiment', 'angry'],
    ['intent', 'refund'],
    ['intent', 'CRISIS'],
    ['urgency', 'urgent'],
    ['needsResponse', 'yes'],
    ['confidence', 0.9],
    ['injectionSuspected', 'false'],
    ['reason', null],
    ['language', 7],
    ['language', 'german'],
    ['language', 'deu'],
    ['language', ''],
    ['suggestedTeam', 3],
  ])('rejects %s = %j', (field, value) => {
    expect(checkTriage(answer({ [field]: value }), TEAMS)).toEqual({ ok: false, problem: 'invalid', field });
  });

  it.each(['sentiment', 'intent', 'urgency', 'needsResponse', 'language', 'confidence', 'injectionSuspected', 'suggestedTeam', 'reason'])(
    'rejects an answer without %s',
    (field) => {
      const raw = answer();
      delete raw[field];
      expect(checkTriage(raw, TEAMS)).toMatchObject({ ok: false, problem: 'invalid', field });
    },
  );

  it.each(['marketing', 'Care', 'care ', '', '__proto__', 'constructor'])('rejects the unconfigured team %j', (team) => {
    expect(checkTriage(answer({ suggestedTeam: team }), TEAMS)).toEqual({ ok: false, problem: 'team_not_configured', field: 'suggestedTeam' });
  });

  it('rejects every team when none is configured, but accepts "none"', () => {
    expect(checkTriage(answer({ suggestedTeam: 'care' }), [])).toMatchObject({ ok: false, problem: 'team_not_configured' });
    expect(checkTriage(answer({ suggestedTeam: 'none' }), []).ok).toBe(true);
  });

  it.each([
    ['DE', 'de'],
    ['de-AT', 'de'],
    ['en_GB', 'en'],
    [' fr ', 'fr'],
    ['und', 'und'],
  ])('normalises the language %j to %j', (language, expected) => {
    const check = checkTriage(answer({ language }), TEAMS);
    expect(check.ok && check.triage.language).toBe(expected);
  });

  it('makes the reason one plain line without controls, bidi overrides or links', () => {
    const check = checkTriage(
      answer({ reason: 'Line one\nline two\u0007 \u202eevil\u202c see https://evil.example/x?y=1 or www.spam.example now' }),
      TEAMS,
    );
    expect(check.ok && check.triage.reason).toBe('Line one line two evil see [link] or [link] now');
  });

  it('caps the reason', () => {
    const check = checkTriage(answer({ reason: 'x'.repeat(5000) }), TEAMS);
    const reason = check.ok ? check.triage.reason : '';
    expect(reason).toHaveLength(TRIAGE_REASON_MAX);
    expect(reason.endsWith('…')).toBe(true);
  });

  it('keeps an empty reason empty', () => {
    const check = checkTriage(answer({ reason: '  \n ' }), TEAMS);
    expect(check.ok && check.triage.reason).toBe('');
  });
});

describe('plainReason', () => {
  it('is idempotent', () => {
    const once = plainReason('a\u200bb  https://x.example c');
    expect(plainReason(once)).toBe(once);
    expect(once).toBe('ab [link] c');
  });
});

describe('decideTriageEffects', () => {
  const AUTO: TriagePolicy = { raisePriority: true, suggestTeam: true, autoRoute: true, autoRouteMinConfidence: 'high' };

  function context(overrides: Partial<TriageContext> = {}): TriageContext {
    return { rulesMatched: false, policy: AUTO, teamIds: TEAMS, currentTeamId: 'sales', currentPriority: 'normal', ...overrides };
  }

  it('has a conservative default policy: labels and suggestions, nothing automatic', () => {
    expect(DEFAULT_TRIAGE_POLICY).toEqual({ raisePriority: false, suggestTeam: true, autoRoute: false, autoRouteMinConfidence: 'high' });
    const effects = decideTriageEffects(triage({ intent: 'crisis', urgency: 'high' }), context({ policy: DEFAULT_TRIAGE_POLICY }));
    expect(effects).toEqual({
      labels: { sentiment: 'negative', intent: 'crisis', urgency: 'high', injectionSuspected: false },
      raisePriorityTo: null,
      suggestTeamId: 'care',
      routeToTeamId: null,
      routeSkipped: 'auto_route_off',
      suggestDismiss: false,
      reason: 'Kunde beschwert sich über eine verspätete Lieferung.',
    });
  });

  describe('labels', () => {
    it('always shows sentiment, intent, urgency and a suspected injection, whatever else happens', () => {
      const t = triage({ sentiment: 'positive', intent: 'praise', urgency: 'low', injectionSuspected: true, suggestedTeam: 'none' });
      const policy: TriagePolicy = { raisePriority: false, suggestTeam: false, autoRoute: false, autoRouteMinConfidence: 'high' };
      expect(decideTriageEffects(t, context({ policy, rulesMatched: true })).labels).toEqual({
        sentiment: 'positive',
        intent: 'praise',
        urgency: 'low',
        injectionSuspected: true,
      });
    });
  });

  describe('automatic routing', () => {
    it('routes to a configured other team with autoRoute and enough confidence, and then suggests nothing', () => {
      const effects = decideTriageEffects(triage(), context());
      expect(effects).toMatchObject({ routeToTeamId: 'care', routeSkipped: null, suggestTeamId: null });
    });

    it('accepts medium confidence when the policy allows it', () => {
      const policy = { ...AUTO, autoRouteMinConfidence: 'medium' as const };
      expect(decideTriageEffects(triage({ confidence: 'medium' }), context({ policy })).routeToTeamId).toBe('care');
      expect(decideTriageEffects(triage({ confidence: 'high' }), context({ policy })).routeToTeamId).toBe('care');
    });

    it.each([
      ['medium', 'high'],
      ['low', 'high'],
      ['low', 'medium'],
    ] as const)('does not route with %s confidence when %s is required, but still suggests', (confidence, min) => {
      const effects = decideTriageEffects(triage({ confidence }), context({ policy: { ...AUTO, autoRouteMinConfidence: min } }));
      expect(effects).toMatchObject({ routeToTeamId: null, routeSkipped: 'confidence_too_low', suggestTeamId: 'care' });
    });

    it('does not route without autoRoute', () => {
      const effects = decideTriageEffects(triage(), context({ policy: { ...AUTO, autoRoute: false } }));
      expect(effects).toMatchObject({ routeToTeamId: null, routeSkipped: 'auto_route_off', suggestTeamId: 'care' });
    });

    it('does not route when a keyword rule matched: the operator wins; the team is still suggested', () => {
      const effects = decideTriageEffects(triage(), context({ rulesMatched: true }));
      expect(effects).toMatchObject({ routeToTeamId: null, routeSkipped: 'rules_matched', suggestTeamId: 'care' });
    });

    it('does not route when injection is suspected', () => {
      const effects = decideTriageEffects(triage({ injectionSuspected: true }), context());
      expect(effects).toMatchObject({ routeToTeamId: null, routeSkipped: 'injection_suspected', suggestTeamId: 'care' });
    });

    it('does not route to "none"', () => {
      const effects = decideTriageEffects(triage({ suggestedTeam: 'none' }), context());
      expect(effects).toMatchObject({ routeToTeamId: null, routeSkipped: 'no_team', suggestTeamId: null });
    });

    it('does not route or suggest the team the comment is already in', () => {
      const effects = decideTriageEffects(triage({ suggestedTeam: 'sales' }), context());
      expect(effects).toMatchObject({ routeToTeamId: null, routeSkipped: 'same_team', suggestTeamId: null });
    });

    it('neither routes to nor suggests a team that is no longer configured', () => {
      const effects = decideTriageEffects(triage({ suggestedTeam: 'legal' }), context({ teamIds: ['care', 'sales'] }));
      expect(effects).toMatchObject({ routeToTeamId: null, routeSkipped: 'team_not_configured', suggestTeamId: null });
    });
  });

  describe('team suggestion', () => {
    it('suggests nothing when the policy turns suggestions off', () => {
      const policy = { ...AUTO, autoRoute: false, suggestTeam: false };
      expect(decideTriageEffects(triage(), context({ policy })).suggestTeamId).toBeNull();
    });

    it('suggests a team that is not configured never, even with auto routing off', () => {
      const policy = { ...AUTO, autoRoute: false };
      expect(decideTriageEffects(triage(), context({ policy, teamIds: ['sales'] })).suggestTeamId).toBeNull();
    });
  });

  describe('priority', () => {
    it.each([
      ['crisis intent', { intent: 'crisis' }],
      ['abuse intent', { intent: 'abuse' }],
      ['high urgency', { urgency: 'high', intent: 'question' }],
    ] as const)('raises normal to high for %s', (_, overrides) => {
      expect(decideTriageEffects(triage(overrides), context()).raisePriorityTo).toBe('high');
    });

    it('raises low to high', () => {
      expect(decideTriageEffects(triage({ urgency: 'high' }), context({ currentPriority: 'low' })).raisePriorityTo).toBe('high');
    });

    it('raises with medium confidence', () => {
      expect(decideTriageEffects(triage({ urgency: 'high', confidence: 'medium' }), context()).raisePriorityTo).toBe('high');
    });

    it.each(['high', 'crisis'] as const)('never lowers (or touches) a %s priority', (currentPriority) => {
      expect(decideTriageEffects(triage({ intent: 'crisis', urgency: 'high' }), context({ currentPriority })).raisePriorityTo).toBeNull();
    });

    it('does not raise for an ordinary complaint', () => {
      expect(decideTriageEffects(triage({ intent: 'complaint', urgency: 'normal' }), context()).raisePriorityTo).toBeNull();
    });

    it('does not raise without raisePriority', () => {
      const policy = { ...AUTO, raisePriority: false };
      expect(decideTriageEffects(triage({ intent: 'crisis' }), context({ policy })).raisePriorityTo).toBeNull();
    });

    it('does not raise when injection is suspected', () => {
      expect(decideTriageEffects(triage({ intent: 'crisis', injectionSuspected: true }), context()).raisePriorityTo).toBeNull();
    });

    it('does not raise with low confidence', () => {
      expect(decideTriageEffects(triage({ intent: 'crisis', confidence: 'low' }), context()).raisePriorityTo).toBeNull();
    });

    it('raises even when a keyword rule matched (raising never overrules the operator)', () => {
      expect(decideTriageEffects(triage({ intent: 'abuse' }), context({ rulesMatched: true })).raisePriorityTo).toBe('high');
    });
  });

  describe('dismiss suggestion', () => {
    it.each(['spam', 'abuse'] as const)('suggests Dismiss for %s', (intent) => {
      expect(decideTriageEffects(triage({ intent }), context()).suggestDismiss).toBe(true);
    });

    it.each(['question', 'complaint', 'praise', 'lead', 'crisis', 'other'] as const)('does not suggest Dismiss for %s', (intent) => {
      expect(decideTriageEffects(triage({ intent }), context()).suggestDismiss).toBe(false);
    });
  });

  it('passes the checked reason on for the event log', () => {
    const t = triage({ reason: 'Route to care: delivery problem' });
    expect(decideTriageEffects(t, context()).reason).toBe('Route to care: delivery problem');
  });
});
