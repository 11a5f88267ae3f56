import { type ActDeps, type ActInput, type ActResult, actOnComment } from './act-on-comment.ts';

/** Give a claimed comment back to the team (the holder, the team lead or an admin). */
export function releaseComment(input: Omit<ActInput, 'command'>, deps: ActDeps): Promise<ActResult> {
  return actOnComment({ ...input, command: { type: 'release' } }, deps);
}
