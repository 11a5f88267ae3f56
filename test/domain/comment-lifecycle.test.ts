import { describe, expect, it } from 'vitest';
import {
  type ActorContext,
  CLOSED_STATUSES,
  type CommentPatch,
  type CommentSnapshot,
  type CommentStatus,
  type Decision,
  type EventType,
  type LifecycleCommand,
  type Refusal,
  decide,
  isClosed,
} from '../../src/domain/comment-lifecycle.ts';

/**
 * The comment is in team "community". "olga" is some other agent who may hold it, "pia" a third
 * member used as a routing target. The acting member varies by row.
 */
const TEAM = 'community';
const OTHER_TEAM = 'legal';
const OTHER_HOLDER = 'olga';
const TARGET = 'pia';

type ActorKind = 'agent' | 'lead-of-other-team' | 'lead' | 'admin';

const ACTORS: Record<ActorKind, ActorContext> = {
  /** A plain agent. */
  agent: { memberId: 'alex', roles: ['agent'], leadsCommentTeam: false },
  /** Has the lead role, but for another team: must be treated like a plain agent here. */
  'lead-of-other-team': { memberId: 'lena', roles: ['agent', 'lead'], leadsCommentTeam: false },
  /** Leads the comment's team. */
  lead: { memberId: 'leo', roles: ['agent', 'lead'], leadsCommentTeam: true },
  /** Desk admin (not a lead, not an agent). */
  admin: { memberId: 'ada', roles: ['admin'], leadsCommentTeam: false },
};

const ALL_ACTORS = Object.keys(ACTORS) as ActorKind[];

function comment(status: CommentStatus, holderId: string | null): CommentSnapshot {
  return { id: 'c-1', teamId: TEAM, status, holderId, version: 7 };
}

const openComment = () => comment('open', null);
const claimedBy = (holderId: string) => comment('claimed', holderId);

const commands = {
  claim: { type: 'claim' },
  release: { type: 'release' },
  answer: { type: 'answer' },
  dismiss: { type: 'dismiss' },
  routeToOtherTeam: { type: 'route_to_team', teamId: OTHER_TEAM },
  routeToSameTeam: { type: 'route_to_team', teamId: TEAM },
  routeToTarget: { type: 'route_to_person', memberId: TARGET },
} as const satisfies Record<string, LifecycleCommand>;

const ok = (event: EventType, patch: CommentPatch): Decision => ({ ok: true, event, patch });
const no = (refusal: Refusal): Decision => ({ ok: false, refusal });

interface Row {
  name: string;
  snapshot: CommentSnapshot;
  actor: ActorContext;
  command: LifecycleCommand;
  expected: Decision;
}

// ------------------------------------------------------------------------------------------
// Open comments: anyone may do anything except release.
// ------------------------------------------------------------------------------------------
const openRows: Row[] = ALL_ACTORS.flatMap((kind): Row[] => {
  const actor = ACTORS[kind];
  return [
    {
      name: `open · ${kind} · claim → claimed by the actor`,
      snapshot: openComment(),
      actor,
      command: commands.claim,
      expected: ok('claimed', { status: 'claimed', teamId: TEAM, holderId: actor.memberId, claimedNow: true }),
    },
    {
      name: `open · ${kind} · release → not_claimed`,
      snapshot: openComment(),
      actor,
      command: commands.release,
      expected: no({ code: 'not_claimed' }),
    },
    {
      name: `open · ${kind} · answer → answered`,
      snapshot: openComment(),
      actor,
      command: commands.answer,
      expected: ok('answered', { status: 'answered', teamId: TEAM, holderId: null, closedNow: true }),
    },
    {
      name: `open · ${kind} · dismiss → dismissed`,
      snapshot: openComment(),
      actor,
      command: commands.dismiss,
      expected: ok('dismissed', { status: 'dismissed', teamId: TEAM, holderId: null, closedNow: true }),
    },
    {
      name: `open · ${kind} · route_to_team other → open in the new team`,
      snapshot: openComment(),
      actor,
      command: commands.routeToOtherTeam,
      expected: ok('routed_to_team', { status: 'open', teamId: OTHER_TEAM, holderId: null, claimedNow: null, routedNow: true }),
    },
    {
      name: `open · ${kind} · route_to_team same → same_team`,
      snapshot: openComment(),
      actor,
      command: commands.routeToSameTeam,
      expected: no({ code: 'same_team', teamId: TEAM }),
    },
    {
      name: `open · ${kind} · route_to_person → claimed by the target`,
      snapshot: openComment(),
      actor,
      command: commands.routeToTarget,
      expected: ok('routed_to_person', { status: 'claimed', teamId: TEAM, holderId: TARGET, claimedNow: true, routedNow: true }),
    },
    {
      name: `open · ${kind} · route_to_person self → claimed by the actor`,
      snapshot: openComment(),
      actor,
      command: { type: 'route_to_person', memberId: actor.memberId },
      expected: ok('routed_to_person', { status: 'claimed', teamId: TEAM, holderId: actor.memberId, claimedNow: true, routedNow: true }),
    },
  ];
});

// ------------------------------------------------------------------------------------------
// Claimed by the actor (the holder), whatever their roles.
// ------------------------------------------------------------------------------------------
const holderRows: Row[] = ALL_ACTORS.flatMap((kind): Row[] => {
  const actor = ACTORS[kind];
  const mine = () => claimedBy(actor.memberId);
  return [
    { name: `holder(${kind}) · claim → already_yours`, snapshot: mine(), actor, command: commands.claim, expected: no({ code: 'already_yours' }) },
    {
      name: `holder(${kind}) · release → open, holder and claimedAt cleared`,
      snapshot: mine(),
      actor,
      command: commands.release,
      expected: ok('released', { status: 'open', teamId: TEAM, holderId: null, claimedNow: null }),
    },
    {
      name: `holder(${kind}) · answer → answered, holder kept`,
      snapshot: mine(),
      actor,
      command: commands.answer,
      expected: ok('answered', { status: 'answered', teamId: TEAM, holderId: actor.memberId, closedNow: true }),
    },
    {
      name: `holder(${kind}) · dismiss → dismissed, holder kept`,
      snapshot: mine(),
      actor,
      command: commands.dismiss,
      expected: ok('dismissed', { status: 'dismissed', teamId: TEAM, holderId: actor.memberId, closedNow: true }),
    },
    {
      name: `holder(${kind}) · route_to_team other → open in the new team, unclaimed`,
      snapshot: mine(),
      actor,
      command: commands.routeToOtherTeam,
      expected: ok('routed_to_team', { status: 'open', teamId: OTHER_TEAM, holderId: null, claimedNow: null, routedNow: true }),
    },
    {
      name: `holder(${kind}) · route_to_team same → same_team`,
      snapshot: mine(),
      actor,
      command: commands.routeToSameTeam,
      expected: no({ code: 'same_team', teamId: TEAM }),
    },
    {
      name: `holder(${kind}) · route_to_person other → reassigned`,
      snapshot: mine(),
      actor,
      command: commands.routeToTarget,
      expected: ok('reassigned', { status: 'claimed', teamId: TEAM, holderId: TARGET, claimedNow: true, routedNow: true }),
    },
    {
      name: `holder(${kind}) · route_to_person self → already_holder`,
      snapshot: mine(),
      actor,
      command: { type: 'route_to_person', memberId: actor.memberId },
      expected: no({ code: 'already_holder', memberId: actor.memberId }),
    },
  ];
});

// ------------------------------------------------------------------------------------------
// Claimed by someone else: plain agents (and leads of other teams) are refused; the team lead
// and admins may override everything except "claim".
// ------------------------------------------------------------------------------------------
const heldRows: Row[] = (['agent', 'lead-of-other-team'] as const).flatMap((kind): Row[] => {
  const actor = ACTORS[kind];
  const held = () => claimedBy(OTHER_HOLDER);
  const heldBy = no({ code: 'held_by', holderId: OTHER_HOLDER });
  return [
    { name: `held by other · ${kind} · claim → held_by`, snapshot: held(), actor, command: commands.claim, expected: heldBy },
    {
      name: `held by other · ${kind} · release → not_allowed`,
      snapshot: held(),
      actor,
      command: commands.release,
      expected: no({ code: 'not_allowed', holderId: OTHER_HOLDER }),
    },
    { name: `held by other · ${kind} · answer → held_by`, snapshot: held(), actor, command: commands.answer, expected: heldBy },
    { name: `held by other · ${kind} · dismiss → held_by`, snapshot: held(), actor, command: commands.dismiss, expected: heldBy },
    { name: `held by other · ${kind} · route_to_team other → held_by`, snapshot: held(), actor, command: commands.routeToOtherTeam, expected: heldBy },
    {
      name: `held by other · ${kind} · route_to_team same → same_team (checked before the hold)`,
      snapshot: held(),
      actor,
      command: commands.routeToSameTeam,
      expected: no({ code: 'same_team', teamId: TEAM }),
    },
    { name: `held by other · ${kind} · route_to_person third → held_by`, snapshot: held(), actor, command: commands.routeToTarget, expected: heldBy },
    {
      name: `held by other · ${kind} · route_to_person self → held_by`,
      snapshot: held(),
      actor,
      command: { type: 'route_to_person', memberId: actor.memberId },
      expected: heldBy,
    },
    {
      name: `held by other · ${kind} · route_to_person holder → already_holder`,
      snapshot: held(),
      actor,
      command: { type: 'route_to_person', memberId: OTHER_HOLDER },
      expected: no({ code: 'already_holder', memberId: OTHER_HOLDER }),
    },
  ];
});

const overrideRows: Row[] = (['lead', 'admin'] as const).flatMap((kind): Row[] => {
  const actor = ACTORS[kind];
  const held = () => claimedBy(OTHER_HOLDER);
  return [
    {
      name: `held by other · ${kind} · claim → held_by (override is release or reassign, not claim)`,
      snapshot: held(),
      actor,
      command: commands.claim,
      expected: no({ code: 'held_by', holderId: OTHER_HOLDER }),
    },
    {
      name: `held by other · ${kind} · release → open`,
      snapshot: held(),
      actor,
      command: commands.release,
      expected: ok('released', { status: 'open', teamId: TEAM, holderId: null, claimedNow: null }),
    },
    {
      name: `held by other · ${kind} · answer → answered, holder kept`,
      snapshot: held(),
      actor,
      command: commands.answer,
      expected: ok('answered', { status: 'answered', teamId: TEAM, holderId: OTHER_HOLDER, closedNow: true }),
    },
    {
      name: `held by other · ${kind} · dismiss → dismissed, holder kept`,
      snapshot: held(),
      actor,
      command: commands.dismiss,
      expected: ok('dismissed', { status: 'dismissed', teamId: TEAM, holderId: OTHER_HOLDER, closedNow: true }),
    },
    {
      name: `held by other · ${kind} · route_to_team other → open in new team`,
      snapshot: held(),
      actor,
      command: commands.routeToOtherTeam,
      expected: ok('routed_to_team', { status: 'open', teamId: OTHER_TEAM, holderId: null, claimedNow: null, routedNow: true }),
    },
    {
      name: `held by other · ${kind} · route_to_team same → same_team`,
      snapshot: held(),
      actor,
      command: commands.routeToSameTeam,
      expected: no({ code: 'same_team', teamId: TEAM }),
    },
    {
      name: `held by other · ${kind} · route_to_person third → reassigned`,
      snapshot: held(),
      actor,
      command: commands.routeToTarget,
      expected: ok('reassigned', { status: 'claimed', teamId: TEAM, holderId: TARGET, claimedNow: true, routedNow: true }),
    },
    {
      name: `held by other · ${kind} · route_to_person self → reassigned to the actor`,
      snapshot: held(),
      actor,
      command: { type: 'route_to_person', memberId: actor.memberId },
      expected: ok('reassigned', { status: 'claimed', teamId: TEAM, holderId: actor.memberId, claimedNow: true, routedNow: true }),
    },
    {
      name: `held by other · ${kind} · route_to_person holder → already_holder`,
      snapshot: held(),
      actor,
      command: { type: 'route_to_person', memberId: OTHER_HOLDER },
      expected: no({ code: 'already_holder', memberId: OTHER_HOLDER }),
    },
  ];
});

// ------------------------------------------------------------------------------------------
// Closed comments refuse everything, whoever asks.
// ------------------------------------------------------------------------------------------
const ALL_COMMANDS: LifecycleCommand[] = [
  commands.claim,
  commands.release,
  commands.answer,
  commands.dismiss,
  commands.routeToOtherTeam,
  commands.routeToSameTeam,
  commands.routeToTarget,
  { type: 'route_to_person', memberId: OTHER_HOLDER },
];

const closedRows: Row[] = (['answered', 'dismissed', 'removed'] as const).flatMap((status) =>
  [null, OTHER_HOLDER, ACTORS.agent.memberId].flatMap((holderId) =>
    ALL_ACTORS.flatMap((kind) =>
      ALL_COMMANDS.map(
        (command): Row => ({
          name: `${status} (holder ${holderId ?? 'none'}) · ${kind} · ${command.type}${'teamId' in command ? `(${command.teamId})` : ''}${'memberId' in command ? `(${command.memberId})` : ''} → closed`,
          snapshot: comment(status, holderId),
          actor: ACTORS[kind],
          command,
          expected: no({ code: 'closed', status }),
        }),
      ),
    ),
  ),
);

describe('decide', () => {
  describe.each([
    ['open comment', openRows],
    ['comment claimed by the actor', holderRows],
    ['comment claimed by someone else, actor without override', heldRows],
    ['comment claimed by someone else, team lead or admin', overrideRows],
    ['closed comment', closedRows],
  ] as const)('%s', (_label, rows) => {
    it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
      expect(decide(row.snapshot, row.actor, row.command)).toStrictEqual(row.expected);
    });
  });

  it('covers every command type in the tables', () => {
    const all = [...openRows, ...holderRows, ...heldRows, ...overrideRows, ...closedRows];
    const types = new Set(all.map((r) => r.command.type));
    expect([...types].sort()).toEqual(['answer', 'claim', 'dismiss', 'release', 'route_to_person', 'route_to_team']);
  });

  it('every closed status refuses every command from every actor, naming the status', () => {
    for (const status of CLOSED_STATUSES) {
      for (const holderId of [null, 'olga', 'leo']) {
        for (const actor of Object.values(ACTORS)) {
          for (const command of ALL_COMMANDS) {
            const d = decide(comment(status, holderId), actor, command);
            expect(d, `${status}/${holderId}/${actor.memberId}/${command.type}`).toStrictEqual({ ok: false, refusal: { code: 'closed', status } });
          }
        }
      }
    }
  });

  it('the team lead flag overrides even without the lead role, and the lead role alone does not', () => {
    const held = claimedBy(OTHER_HOLDER);
    const flagOnly: ActorContext = { memberId: 'tom', roles: ['agent'], leadsCommentTeam: true };
    const roleOnly: ActorContext = { memberId: 'tim', roles: ['lead'], leadsCommentTeam: false };
    expect(decide(held, flagOnly, commands.release).ok).toBe(true);
    expect(decide(held, roleOnly, commands.release)).toStrictEqual(no({ code: 'not_allowed', holderId: OTHER_HOLDER }));
    expect(decide(held, roleOnly, commands.answer)).toStrictEqual(no({ code: 'held_by', holderId: OTHER_HOLDER }));
  });

  it('an admin who also holds another role still overrides', () => {
    const actor: ActorContext = { memberId: 'ada', roles: ['agent', 'admin'], leadsCommentTeam: false };
    expect(decide(claimedBy(OTHER_HOLDER), actor, commands.routeToTarget)).toStrictEqual(
      ok('reassigned', { status: 'claimed', teamId: TEAM, holderId: TARGET, claimedNow: true, routedNow: true }),
    );
  });

  it('routing a claimed comment to another team drops the claim even when the lead does it', () => {
    const d = decide(claimedBy(OTHER_HOLDER), ACTORS.lead, { type: 'route_to_team', teamId: 'support' });
    expect(d).toStrictEqual(ok('routed_to_team', { status: 'open', teamId: 'support', holderId: null, claimedNow: null, routedNow: true }));
  });

  it('does not mutate the snapshot or the actor', () => {
    const snapshot = claimedBy(OTHER_HOLDER);
    const actor = { ...ACTORS.lead, roles: [...ACTORS.lead.roles] };
    const before = JSON.stringify({ snapshot, actor });
    for (const command of ALL_COMMANDS) decide(snapshot, actor, command);
    expect(JSON.stringify({ snapshot, actor })).toBe(before);
  });

  it('successful patches are internally consistent', () => {
    const snapshots = [openComment(), claimedBy('alex'), claimedBy(OTHER_HOLDER)];
    let checked = 0;
    for (const snapshot of snapshots) {
      for (const actor of Object.values(ACTORS)) {
        for (const command of ALL_COMMANDS) {
          const d = decide(snapshot, actor, command);
          if (!d.ok) continue;
          checked++;
          const { patch } = d;
          // A claimed comment always has a holder; an open one never does.
          if (patch.status === 'claimed') expect(patch.holderId).not.toBeNull();
          if (patch.status === 'open') expect(patch.holderId).toBeNull();
          // Only closing commands set closedNow, and they always do.
          expect(patch.closedNow === true).toBe(isClosed(patch.status));
          // Only routing commands set routedNow.
          expect(patch.routedNow === true).toBe(command.type === 'route_to_team' || command.type === 'route_to_person');
          // The team only changes when routing to a team.
          expect(patch.teamId).toBe(command.type === 'route_to_team' ? command.teamId : TEAM);
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});

describe('isClosed', () => {
  it.each([
    ['open', false],
    ['claimed', false],
    ['answered', true],
    ['dismissed', true],
    ['removed', true],
  ] as const)('%s → %s', (status, closed) => {
    expect(isClosed(status)).toBe(closed);
  });
});
