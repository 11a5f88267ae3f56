import type { CrisisPeople } from './crisis-view.ts';
import type { Directory } from './directory.ts';

/** Every desk member by id, with their chat identities, for names and mentions in crisis messages. */
export function crisisPeople(directory: Directory): CrisisPeople {
  return Object.fromEntries(directory.allMembers().map((m) => [m.id, { name: m.name, identities: m.identities }]));
}
