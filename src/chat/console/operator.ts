import type { Env } from '../../config.ts';
import type { DeskConfig } from '../../desk-config/desk-config-schema.ts';
import type { Directory } from '../../domain/directory.ts';
import type { Clock } from '../../domain/ports.ts';
import type { Logger } from '../../logger.ts';
import type { ConsoleSection } from './create-console.ts';
import type { ConsoleUseCaseDeps } from './console-deps.ts';

export interface OperatorDeps {
  env: Env;
  /** The desk configuration as loaded at start. */
  config: DeskConfig;
  directory: Directory;
  clock: Clock;
  log: Logger;
  deps: ConsoleUseCaseDeps;
  /** Which chat platforms run in this process, and their mode ('http' | 'socket' | 'on' | 'off'). */
  platforms: Record<string, string>;
}

/** The operator's view: configuration, channels, outbox, jobs, the week's figures. (TODO: helper) */
export function operatorSection(_deps: OperatorDeps): ConsoleSection {
  return { routes: {} };
}
