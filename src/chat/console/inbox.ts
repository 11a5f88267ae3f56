import type { InboxReads } from '../../domain/inbox-reads.ts';
import type { ConsoleSection } from './create-console.ts';
import type { ConsoleUseCaseDeps } from './console-deps.ts';
import type { ConsoleLive } from './console-live.ts';

export interface InboxDeps {
  deps: ConsoleUseCaseDeps;
  reads: InboxReads;
  live: ConsoleLive;
}

export function inboxSection(_deps: InboxDeps): ConsoleSection {
  return { routes: {} };
}
