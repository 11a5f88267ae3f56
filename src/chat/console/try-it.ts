import type { Clock } from '../../domain/ports.ts';
import type { Directory } from '../../domain/directory.ts';
import type { Logger } from '../../logger.ts';
import type { ConsoleSection } from './create-console.ts';
import type { ConsoleUseCaseDeps } from './console-deps.ts';

export interface TryItDeps {
  deps: ConsoleUseCaseDeps;
  directory: Directory;
  clock: Clock;
  log: Logger;
  /** The secret samples are signed with: INGEST_SECRET, or one made for this process when it is unset. */
  ingestSecret: string;
  /** The desk's own base URL (known once it listens), for posting samples through the real webhook. */
  selfUrl: () => string;
  /** Wakes open pages at once (after a sample or a command) instead of at their next poll. */
  wakeLive: () => void;
}

/** "Try it": sample comments through the signed webhook, and the chat commands with their answers. (TODO: helper) */
export function tryItSection(_deps: TryItDeps): ConsoleSection {
  return { routes: {} };
}
