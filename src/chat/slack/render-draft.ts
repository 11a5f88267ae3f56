import type { Locale } from '../../domain/directory.ts';
import { textsFor } from '../../domain/i18n.ts';
import type { RichText } from '../../domain/rich-text.ts';
import { excerptText, plainName } from '../../domain/untrusted-text.ts';
import type { DraftView } from '../../use-cases/draft-reply.ts';
import { FALLBACK_MAX, SECTION_TEXT_MAX, cut, escapeMrkdwn, mrkdwnText, pack } from './block-kit.ts';
import { mrkdwn } from './mrkdwn.ts';
import type { SlackBlock, SlackMessage } from './render-card.ts';

/** Blocks in one message (Block Kit's limit); the draft's own sections give way to the labels first. */
const BLOCKS_MAX = 50;
/** A saved reply's title in the origin line. */
const TITLE_MAX = 80;
/** The draft in the notification text. */
const FALLBACK_EXCERPT_MAX = 200;

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text: cut(text, SECTION_TEXT_MAX) } });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(text, SECTION_TEXT_MAX) }] });

/**
 * A reply draft for the person who asked (an ephemeral message): a title, "needs editing" with what
 * to fix, the draft on its own (nothing else in its sections, so it copies cleanly), the facts to check,
 * and where it came from. The draft, the problems and facts come from the model or a saved reply and
 * may quote the commenter: all of it is shown as text, never as markup.
 */
export function renderDraft(draft: DraftView, locale: Locale): SlackMessage {
  const t = textsFor(locale).draft;
  const blocks: SlackBlock[] = [context(`*${escapeMrkdwn(t.title)}*`)];
  if (draft.needsEditing) {
    const problems = draft.problems.map((p) => `• ${mrkdwnText(p.text)}${p.found.length ? ` (${p.found.map((f) => `“${mrkdwnText(plainName(f, TITLE_MAX))}”`).join(', ')})` : ''}`);
    blocks.push(section([`*${escapeMrkdwn(t.needsEditing)}*`, ...problems].join('\n')));
  }
  const tail: SlackBlock[] = [];
  if (draft.factsToCheck.length) tail.push(section([`*${escapeMrkdwn(t.factsToCheck)}*`, ...draft.factsToCheck.map((f) => `• ${mrkdwnText(f)}`)].join('\n')));
  const origin = draft.origin === 'saved' && draft.savedReplyTitle !== null ? t.originSaved(plainName(draft.savedReplyTitle, TITLE_MAX)) : t.originModel;
  tail.push(context([mrkdwnText(origin), ...(draft.note ? [mrkdwnText(draft.note)] : [])].join('\n')));
  // Whole lines per section; a very long draft takes several, as many as the message has room for.
  const text = pack(mrkdwnText(draft.text.trim() || '—').split('\n')).slice(0, BLOCKS_MAX - blocks.length - tail.length);
  blocks.push(...text.map(section), ...tail);
  const fallback = `${t.title}: ${excerptText(draft.text, FALLBACK_EXCERPT_MAX) || '—'}`;
  return { text: cut(escapeMrkdwn(fallback), FALLBACK_MAX), blocks };
}

/** Why no draft was shown (not a member, unknown comment, nothing to draft from), privately. */
export function renderDraftRefusal(message: RichText): SlackMessage {
  const text = mrkdwn(message);
  return { text: cut(text, FALLBACK_MAX), blocks: [section(text)] };
}
