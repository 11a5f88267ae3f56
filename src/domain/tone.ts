/**
 * A team's house tone and its saved replies, as configured (`tone:` and `savedReplies:` in the desk
 * configuration). Neutral data: the draft prompt, the saved-reply select and the draft check read it.
 */

/** How a German reply addresses the reader: the polite "Sie" or the familiar "du". */
export type AddressForm = 'sie' | 'du';

/** The languages saved replies and drafts are written in. */
export type ReplyLanguage = 'de' | 'en';

export const ADDRESS_FORMS: readonly AddressForm[] = ['sie', 'du'];

/** The variables a saved reply may use; anything else in braces is a configuration error. */
export const SAVED_REPLY_VARIABLES = ['author', 'agent'] as const;
export type SavedReplyVariable = (typeof SAVED_REPLY_VARIABLES)[number];

export interface ToneGuide {
  /** A few sentences on how the team writes (given to the model as is). */
  guide?: string;
  /** Draft replies by themselves for urgent or negative comments (after triage). */
  autoDrafts?: boolean;
  /** The address form of German replies; left out: no address check. */
  address?: AddressForm;
  /** A closing line, e.g. "Viele Grüße, Ihr Service-Team". */
  signature?: string;
  /** Words and phrases a reply must not contain (whole words, any case). */
  avoid: readonly string[];
  /**
   * Hosts a reply may link to: "example.com" allows example.com and www.example.com;
   * "*.example.com" also every subdomain. Empty: no links at all.
   */
  links: readonly string[];
}

export interface SavedReply {
  /** Unique among the replies a team sees (a team's reply replaces the desk's reply of the same id). */
  id: string;
  title: string;
  language: ReplyLanguage;
  /** Required for German replies; English replies usually leave it out. */
  address?: AddressForm;
  /** The reply, with `{author}` and `{agent}` where the names go. */
  text: string;
}

export const EMPTY_TONE: ToneGuide = { avoid: [], links: [] };

/** `{author}`, `{agent}`, `{whatever}`: the names in braces a saved reply's text uses, in order. */
export function savedReplyVariables(text: string): string[] {
  return [...text.matchAll(/\{([^{}\s]{1,40})\}/g)].map((m) => m[1]!);
}
