import { type Env, envSchema } from '../../config.ts';
import { buildDirectory } from '../../desk-config/build-directory.ts';
import type { DeskConfig } from '../../desk-config/desk-config-schema.ts';
import { loadDeskConfig } from '../../desk-config/load-desk-config.ts';

/** Settings that are never shown, only whether they are set. */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'TEAMS_APP_PASSWORD',
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'INGEST_SECRET',
  'OPENAI_API_KEY',
  'CONSOLE_PASSWORD',
]);
/** A setting added later whose name says it is a secret stays hidden too. */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|_KEY)$/;
/** Query parameters of a URL that carry credentials (PostgreSQL's `?password=`, `sslpassword`, keys). */
const SECRET_PARAM = /pass|secret|token|key/i;
const HIDDEN = '•••';

/** One environment variable as the page shows it: its value, or for a secret only whether it is set. */
export type EnvSetting = { name: string; secret: false; value: string | null } | { name: string; secret: true; set: boolean };

/**
 * Every variable of the environment schema as parsed at start. Secrets are reduced to set / not set
 * here, before anything renders, and a password inside a URL (DATABASE_URL) is replaced.
 */
export function environmentSettings(env: Env): EnvSetting[] {
  return Object.keys(envSchema.shape).map((name): EnvSetting => {
    const value = (env as Record<string, unknown>)[name];
    if (SECRET_SETTINGS.has(name) || SECRET_NAME.test(name)) return { name, secret: true, set: value !== undefined && value !== null && value !== '' };
    return { name, secret: false, value: value === undefined || value === null ? null : withoutCredentials(String(value)) };
  });
}

/** A value with the password of a URL in it (`postgres://user:pass@host/db`, `?password=`) hidden. */
export function withoutCredentials(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  try {
    const url = new URL(value);
    let changed = false;
    if (url.password) {
      url.password = HIDDEN;
      changed = true;
    }
    for (const key of [...url.searchParams.keys()]) {
      if (SECRET_PARAM.test(key)) {
        url.searchParams.set(key, HIDDEN);
        changed = true;
      }
    }
    return changed ? decodeURI(url.toString()) : value;
  } catch {
    // Not a URL this runtime can read: hide whatever stands between the scheme and an @.
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, `$1${HIDDEN}@`);
  }
}

/** What a desk configuration holds, counted: teams, members, rules, job schedules, crisis scenarios. */
export interface DeskConfigSummary {
  teams: { id: string; name: string }[];
  members: number;
  routingRules: number;
  jobs: { name: string; schedule: string; timeZone: string }[];
  /** Null: no crisis section (no /crisis). */
  crisisScenarios: { id: string; title: { de: string; en: string } }[] | null;
}

export function summarizeDeskConfig(config: DeskConfig): DeskConfigSummary {
  return {
    teams: config.teams.map((t) => ({ id: t.id, name: t.name })),
    members: config.members.length,
    routingRules: config.routing.length,
    jobs: Object.entries(config.jobs).map(([name, j]) => ({ name, schedule: j.schedule, timeZone: j.timeZone })),
    crisisScenarios: config.crisis ? config.crisis.scenarios.map((s) => ({ id: s.id, title: { de: s.title.de, en: s.title.en } })) : null,
  };
}

/** One problem the loader found: where in the file (`teams.1.slackChannel`; null: the file as a whole) and what to fix. */
export interface ConfigProblem {
  path: string | null;
  message: string;
}

/** The file on disk, checked now: what a restart would load, or why it would not start. */
export type ConfigCheck =
  | { valid: true; path: string; at: Date; summary: DeskConfigSummary; sameAsRunning: boolean }
  | { valid: false; path: string; at: Date; heading: string; problems: ConfigProblem[] };

/**
 * Reads the desk configuration file again with the loader a start uses (and builds its directory,
 * which checks what the schema cannot), and says what a restart would do. Nothing is applied.
 */
export async function checkDeskConfigFile(path: string, running: DeskConfig, now: Date): Promise<ConfigCheck> {
  let config: DeskConfig;
  try {
    config = await loadDeskConfig(path);
    buildDirectory(config);
  } catch (error) {
    return { valid: false, path, at: now, ...problemsOf(error instanceof Error ? error.message : String(error)) };
  }
  return { valid: true, path, at: now, summary: summarizeDeskConfig(config), sameAsRunning: JSON.stringify(config) === JSON.stringify(running) };
}

/**
 * The loader's own message taken apart, not worded again: its first line, then one `  - <path>: <what
 * to fix>` line per problem (the format `parseDeskConfig` writes). Any other message (an unreadable
 * file, broken YAML with its excerpt) is one problem without a path, kept whole.
 */
export function problemsOf(message: string): { heading: string; problems: ConfigProblem[] } {
  const [first = '', ...rest] = message.trimEnd().split('\n');
  const items = rest.filter((line) => line.trim() !== '');
  if (!first.endsWith(':') || !items.length || !items.every((line) => /^ {2}- /.test(line))) return { heading: '', problems: [{ path: null, message: message.trim() }] };
  const problems = items.map((line): ConfigProblem => {
    const item = line.slice(4);
    const split = /^([^\s:]+|\(top level\)): ([\s\S]*)$/.exec(item);
    if (!split) return { path: null, message: item };
    return { path: split[1] === '(top level)' ? null : split[1]!, message: split[2]! };
  });
  return { heading: first, problems };
}
