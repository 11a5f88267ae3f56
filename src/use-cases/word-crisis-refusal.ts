import { crisisTexts } from '../domain/crisis-texts.ts';
import type { Directory, Locale } from '../domain/directory.ts';
import { type RichText, date } from '../domain/rich-text.ts';
import type { CrisisRefusal } from './crisis-deps.ts';

export const CRISIS_COMMAND = '/crisis';

/** A crisis refusal as one sentence for the person, in their language. */
export function wordCrisisRefusal(refusal: CrisisRefusal, locale: Locale, deps: { directory: Directory }): RichText {
  const t = crisisTexts(locale);
  switch (refusal.code) {
    case 'not_configured':
      return t.notConfigured();
    case 'not_member':
      return t.notMember();
    case 'no_active':
      return t.noActive(CRISIS_COMMAND);
    case 'not_on_roster':
      return t.notOnRoster();
    case 'step_unknown':
      return t.stepUnknown();
    case 'update_text_missing':
      return t.updateTextMissing(CRISIS_COMMAND);
    case 'may_not_drill':
      return t.mayNotDrill(refusal.allowed);
    case 'may_not_declare':
      return t.mayNotDeclare(refusal.allowed);
    case 'may_not_end':
      return t.mayNotEnd(refusal.allowed);
    case 'already_active':
      return t.alreadyActive(t.kind(refusal.crisis.kind), refusal.crisis.number, refusal.crisis.scenario.title[locale]);
    case 'crisis_ended':
      return t.crisisEnded(t.kind(refusal.crisis.kind), refusal.crisis.number);
    case 'unknown_scenario':
      return t.unknownScenario(refusal.scenarioId, refusal.known);
    case 'step_already_done':
      return t.stepAlreadyDone(deps.directory.displayName(refusal.byId), refusal.at ? date(refusal.at) : '');
    case 'statement_already_approved':
      return t.statementAlreadyApproved(deps.directory.displayName(refusal.byId), refusal.at ? date(refusal.at) : '');
  }
}
