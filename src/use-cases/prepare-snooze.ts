import type { Locale } from '../domain/directory.ts';
import { excerptText } from '../domain/untrusted-text.ts';
import type { ActDeps } from './act-on-comment.ts';
import { askerOf } from './command-asker.ts';

/** The comment's words in the dialog: enough to recognise it. */
const EXCERPT_MAX = 200;

/** What the snooze dialog shows: the comment it is about (null: gone), in the language of the person who opened it. */
export interface SnoozeDialogView {
  locale: Locale;
  commentId: string;
  comment: { authorName: string; excerpt: string } | null;
}

/**
 * Snooze… on a reminder: what the dialog asking for duration and reason shows. Whether the person
 * may snooze is decided when they submit it (`snoozeReminders`).
 */
export async function prepareSnooze(input: { commentId: string; platform: string; platformUserId: string }, deps: ActDeps): Promise<SnoozeDialogView> {
  const { locale } = await askerOf(deps, input);
  const comment = await deps.store.getComment(input.commentId);
  return {
    locale,
    commentId: input.commentId,
    comment: comment ? { authorName: comment.authorName, excerpt: excerptText(comment.text, EXCERPT_MAX) } : null,
  };
}
