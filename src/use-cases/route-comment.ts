import { type ActDeps, type ActInput, type ActResult, actOnComment } from './act-on-comment.ts';

export type RouteTarget = { kind: 'team'; teamId: string } | { kind: 'person'; memberId: string };

/**
 * Route a comment to another team (its channel gets a new card, the old card says where it went)
 * or to a person (who holds it from now on and is told by direct message). Reassigning a claimed
 * comment is a route to a person.
 */
export function routeComment(input: Omit<ActInput, 'command'> & { target: RouteTarget }, deps: ActDeps): Promise<ActResult> {
  const { target, ...rest } = input;
  const command =
    target.kind === 'team'
      ? ({ type: 'route_to_team', teamId: target.teamId } as const)
      : ({ type: 'route_to_person', memberId: target.memberId } as const);
  return actOnComment({ ...rest, command }, deps);
}
