import { pino } from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout. Secrets never reach them: tokens and signatures are redacted by path. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'community-desk' },
    redact: {
      paths: ['*.token', '*.botToken', '*.signingSecret', '*.appToken', 'headers.authorization', 'headers["x-slack-signature"]', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
