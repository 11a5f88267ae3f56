import { startDesk } from './app.ts';
import { ConfigError, parseEnv } from './config.ts';
import { createLogger } from './logger.ts';

// Composition root: read the environment once, start the desk, stop it cleanly on SIGTERM/SIGINT.
let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(78); // EX_CONFIG
}
const log = createLogger(env.LOG_LEVEL);

try {
  const desk = await startDesk({ env, log });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 15 s; exiting anyway');
      process.exit(1);
    }, 15_000);
    force.unref();
    await desk.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError) {
    log.fatal(error.message);
    process.exit(78);
  }
  log.fatal({ err: error }, 'Community Desk could not start');
  process.exit(1);
}
