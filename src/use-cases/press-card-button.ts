import type { CardActionId } from '../domain/card-view.ts';
import type { ActDeps, ActInput, ActResult } from './act-on-comment.ts';
import { claimComment } from './claim-comment.ts';
import { closeComment } from './close-comment.ts';
import { releaseComment } from './release-comment.ts';
import { type RouteTarget, routeComment } from './route-comment.ts';

/** A card's button as any platform delivers it: which one, and for Route the chosen team or person. */
export type CardButton = { action: Exclude<CardActionId, 'route'> } | { action: 'route'; target: RouteTarget };

/** A press of one of a comment card's buttons (Claim, Release, Answered, Dismiss, Route), on any platform. */
export function pressCardButton(input: Omit<ActInput, 'command'> & { button: CardButton }, deps: ActDeps): Promise<ActResult> {
  const { button, ...rest } = input;
  switch (button.action) {
    case 'claim':
      return claimComment(rest, deps);
    case 'release':
      return releaseComment(rest, deps);
    case 'answer':
    case 'dismiss':
      return closeComment({ ...rest, outcome: button.action }, deps);
    case 'route':
      return routeComment({ ...rest, target: button.target }, deps);
  }
}
