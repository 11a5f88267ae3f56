import { existsSync } from 'node:fs';
import { type Desk, startDesk } from './app.ts';
import { ConfigError, parseEnv } from './config.ts';
import { installLastResortHandlers } from './last-resort.ts';
import { createLogger } from './logger.ts';

// Composition root: read the environment once, start the desk, stop it cleanly on SIGTERM/SIGINT.
// A `.env` in the working directory is read first; variables already set in the environment win.
if (existsSync('.env')) process.loadEnvFile('.env');
let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(78); // EX_CONFIG
}
const log = createLogger(env.LOG_LEVEL);

let desk: Desk | undefined;
// Aborts a start that still waits for the database.
const starting = new AbortController();
let stopping = false;
const shutdown = async (code: number, reason: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ reason }, 'shutting down');
  const force = setTimeout(() => {
    log.error('shutdown took longer than 15 s; exiting anyway');
    process.exit(code || 1);
  }, 15_000);
  force.unref();
  starting.abort(new Error(`stopped by ${reason} while waiting for the database`));
  try {
    await desk?.stop();
  } catch (error) {
    log.error({ err: error }, 'the desk did not stop cleanly');
  }
  log.info('stopped');
  process.exit(code);
};
process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
installLastResortHandlers(process, { log, exit: (code, reason) => void shutdown(code, reason) });

try {
  desk = await startDesk({ env, log, signal: starting.signal });
  // Said plainly beside the JSON log, for whoever just typed `npm start`.
  if (desk.consoleUrl) process.stderr.write(`\nOpen ${desk.consoleUrl}\n\n`);
} catch (error) {
  if (stopping) {
    // SIGTERM during the start: shutdown() exits.
  } else if (error instanceof ConfigError) {
    log.fatal(error.message);
    process.exit(78);
  } else {
    log.fatal({ err: error }, `Community Desk could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
