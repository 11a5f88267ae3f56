import { type ActDeps, type ActInput, type ActResult, actOnComment } from './act-on-comment.ts';

/** Claim a comment for yourself. Exactly one of several simultaneous claimers wins. */
export function claimComment(input: Omit<ActInput, 'command'>, deps: ActDeps): Promise<ActResult> {
  return actOnComment({ ...input, command: { type: 'claim' } }, deps);
}
