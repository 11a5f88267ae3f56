import { type ActDeps, type ActInput, type ActResult, actOnComment } from './act-on-comment.ts';

/** Close a comment as answered or dismissed. */
export function closeComment(
  input: Omit<ActInput, 'command'> & { outcome: 'answer' | 'dismiss' },
  deps: ActDeps,
): Promise<ActResult> {
  const { outcome, ...rest } = input;
  return actOnComment({ ...rest, command: { type: outcome } }, deps);
}
