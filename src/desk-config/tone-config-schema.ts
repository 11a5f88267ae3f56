import { z } from 'zod';
import { unknownKeysMessage } from './unknown-keys.ts';
import { type AddressForm, SAVED_REPLY_VARIABLES, type SavedReply, type ToneGuide, savedReplyVariables } from '../domain/tone.ts';

/**
 * `tone:` (desk-wide default and per team) and `savedReplies:` (desk-wide and per team) of the desk
 * configuration. Both optional: a desk without them drafts without a tone guide and offers no saved replies.
 * No transforms, so validating a parsed configuration again gives the same result.
 */

/** An object that names keys it does not know (a typo such as `adress` would otherwise be dropped). */
function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined),
  });
}

const address = z.enum(['sie', 'du'] satisfies AddressForm[], { error: 'use sie or du' });

/** A host name, lowercase, optionally "*." for its subdomains: "example.com", "*.example.com". */
const host = z
  .string()
  .trim()
  .refine((h) => !/[/:@\s]/.test(h), 'write the host only, without https:// or a path, e.g. example.com')
  .refine((h) => /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(h), 'use a lowercase host name such as example.com or *.example.com');

const phrase = z.string().trim().min(1, 'a word to avoid must not be blank');

export const toneSchema = strict({
  /** A few sentences on how the team writes. */
  guide: z.string().trim().min(1, 'must not be blank').max(2000, 'keep the guide under 2000 characters (a few sentences)').optional(),
  /** German replies say "Sie" or "du". */
  address: address.optional(),
  /** A closing line for replies. */
  signature: z.string().trim().min(1, 'must not be blank').max(200).optional(),
  /** Words and phrases a reply must not contain (whole words, any case). */
  avoid: z.array(phrase).optional(),
  /** Hosts a reply may link to (example.com also allows www.example.com; *.example.com allows its subdomains). */
  links: z.array(host).optional(),
  /** Draft a reply by itself for urgent or negative comments once triage has read them (until 80 % of the AI budget). */
  autoDrafts: z.boolean().optional(),
});
export type ToneConfig = z.infer<typeof toneSchema>;

/** A saved reply's id; the cards' saved-reply choices send it back as it is. */
export const savedReplyIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use lowercase letters, digits, - and _ (e.g. "thanks-praise")');

export const savedReplySchema = strict({
  id: savedReplyIdSchema,
  title: z.string().trim().min(1, 'must not be blank').max(100),
  language: z.enum(['de', 'en'], { error: 'use de or en' }),
  address: address.optional(),
  /** The reply; `{author}` and `{agent}` are replaced by the names. */
  text: z.string().trim().min(1, 'must not be blank').max(8000),
})
  .superRefine((r, ctx) => {
    if (r.language === 'de' && !r.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'a German saved reply needs address: sie or address: du' });
    }
    const known: readonly string[] = SAVED_REPLY_VARIABLES;
    const unknown = [...new Set(savedReplyVariables(r.text).filter((v) => !known.includes(v)))];
    if (unknown.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `unknown variable ${unknown.map((v) => `{${v}}`).join(', ')} (known: ${known.map((v) => `{${v}}`).join(', ')})`,
      });
    }
  });
export type SavedReplyConfig = z.infer<typeof savedReplySchema>;

export const savedRepliesSchema = z.array(savedReplySchema).superRefine((list, ctx) => {
  const ids = list.map((r) => r.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) ctx.addIssue({ code: 'custom', message: `saved reply id "${dup}" is used twice` });
});

/** The team's tone: each key the team sets replaces the desk's (lists too); what it leaves out comes from the desk. */
export function buildTone(desk: ToneConfig | undefined, team: ToneConfig | undefined): ToneGuide | undefined {
  if (!desk && !team) return undefined;
  const merged = { ...desk, ...team };
  return {
    ...(merged.guide ? { guide: merged.guide } : {}),
    ...(merged.address ? { address: merged.address } : {}),
    ...(merged.signature ? { signature: merged.signature } : {}),
    avoid: merged.avoid ?? [],
    links: merged.links ?? [],
    ...(merged.autoDrafts ? { autoDrafts: true } : {}),
  };
}

/** The desk's saved replies and the team's; a team's reply replaces the desk's reply of the same id. */
export function buildSavedReplies(desk: readonly SavedReplyConfig[] | undefined, team: readonly SavedReplyConfig[] | undefined): SavedReply[] {
  const byId = new Map<string, SavedReply>();
  for (const r of [...(desk ?? []), ...(team ?? [])]) {
    byId.set(r.id, { id: r.id, title: r.title, language: r.language, ...(r.address ? { address: r.address } : {}), text: r.text });
  }
  return [...byId.values()];
}
