import type { Locale } from './directory.ts';
import type { DraftFailureReason } from './reply-drafter.ts';
import type { AddressForm, ReplyLanguage } from './tone.ts';

/**
 * The words of the reply-draft answers, in German and English (the team talks to itself in "du",
 * like i18n.ts). Plain strings: team names come from the configuration; no stranger's words here.
 */

/** Why no model wrote the draft: none configured, the month's budget, or how the call failed. */
export type NoModelReason = 'no_ai' | 'budget' | 'budget_automatic' | DraftFailureReason;

const texts = {
  en: {
    why: {
      no_ai: 'AI drafts are not set up on this desk',
      budget: "this month's AI budget is used up",
      budget_automatic: "80 % of this month's AI budget is used, so automatic drafts are off (the button still works)",
      timeout: 'the model did not answer in time',
      refusal: 'the model declined to write one',
      truncated: "the model's answer was cut off",
      invalid: "the model's answer was not usable",
      rate_limited: 'the model is busy right now (rate limit); try again in a minute',
      error: 'the model could not be reached',
    } satisfies Record<NoModelReason, string>,
    language: { de: 'German', en: 'English' } satisfies Record<ReplyLanguage, string>,
    address: { sie: '“Sie”', du: '“du”' } satisfies Record<AddressForm, string>,
    savedInstead: (why: string) => `No AI draft (${why}): this is the closest saved reply instead.`,
    noDraft: (why: string, team: string, language: string) => `No draft possible: ${why}, and team ${team} has no saved reply in ${language} that fits this comment.`,
    unknownSavedReply: 'That saved reply is not in the team\'s configuration (any more). Pick another one.',
    preparedAutomatically: 'Prepared automatically when triage read this comment (urgent or negative). Press Draft reply again for a new one.',
  },
  de: {
    why: {
      no_ai: 'KI-Entwürfe sind in diesem Desk nicht eingerichtet',
      budget: 'das KI-Budget dieses Monats ist aufgebraucht',
      budget_automatic: '80 % des KI-Budgets dieses Monats sind verbraucht, automatische Entwürfe sind deshalb aus (der Button geht weiter)',
      timeout: 'das Modell hat nicht rechtzeitig geantwortet',
      refusal: 'das Modell hat den Entwurf abgelehnt',
      truncated: 'die Antwort des Modells wurde abgeschnitten',
      invalid: 'die Antwort des Modells war nicht brauchbar',
      rate_limited: 'das Modell ist gerade ausgelastet (Rate-Limit); versuch es in einer Minute noch mal',
      error: 'das Modell war nicht erreichbar',
    } satisfies Record<NoModelReason, string>,
    language: { de: 'Deutsch', en: 'Englisch' } satisfies Record<ReplyLanguage, string>,
    address: { sie: '„Sie“', du: '„du“' } satisfies Record<AddressForm, string>,
    savedInstead: (why: string) => `Kein KI-Entwurf (${why}): hier stattdessen die passendste gespeicherte Antwort.`,
    noDraft: (why: string, team: string, language: string) => `Kein Entwurf möglich: ${why}, und das Team ${team} hat keine gespeicherte Antwort auf ${language}, die zu diesem Kommentar passt.`,
    unknownSavedReply: 'Diese gespeicherte Antwort steht (nicht mehr) in der Konfiguration des Teams. Bitte eine andere wählen.',
    preparedAutomatically: 'Automatisch vorbereitet, als die KI-Einordnung diesen Kommentar las (dringend oder negativ). Für einen neuen Entwurf erneut „Antwort entwerfen“ drücken.',
  },
};

export type DraftTexts = (typeof texts)['en'];

export function draftTextsFor(locale: Locale): DraftTexts {
  return texts[locale];
}

/** "German (“Sie”)", "Englisch": the saved replies a draft could have come from. */
export function replyKind(locale: Locale, language: ReplyLanguage, address: AddressForm | null): string {
  const t = texts[locale];
  return address ? `${t.language[language]} (${t.address[address]})` : t.language[language];
}
