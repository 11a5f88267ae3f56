import { z } from 'zod';

/**
 * Every environment variable the product reads, parsed once at start (src/main.ts).
 * Nothing else reads process.env. Messages say what to fix.
 */
const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const port = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a port number, e.g. ${fallback}` })
    .int()
    .min(0, `${name} must be between 0 and 65535`)
    .max(65535, `${name} must be between 0 and 65535`)
    .default(fallback);

export const envSchema = z
  .object({
    /** HTTP port for webhooks, Slack (HTTP mode) and health checks. */
    PORT: port('PORT', 3000),
    /** Interface to listen on. */
    HOST: z.string().default('0.0.0.0'),
    /**
     * `postgres://user:pass@host:5432/db` for a PostgreSQL server; otherwise a folder for the
     * embedded PGlite database (`memory://` keeps it in memory).
     */
    DATABASE_URL: z.string().trim().min(1).default('.data/pglite'),
    /** Pool size for PostgreSQL connections. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Bot token (xoxb-…) from the Slack app's "OAuth & Permissions" page. */
    SLACK_BOT_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions page of your Slack app)',
    }),
    /** Signing secret from the Slack app's "Basic Information" page; checks every request from Slack. */
    SLACK_SIGNING_SECRET: optionalSecret,
    /** App-level token (xapp-…, scope connections:write). When set, Slack connects over Socket Mode instead of HTTP. */
    SLACK_APP_TOKEN: optionalSecret.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens)',
    }),
    /** Base URL of Slack's Web API; change for GovSlack, a proxy, or tests. */
    SLACK_API_URL: z.url({ error: 'SLACK_API_URL must be a URL such as https://slack.com/api/' }).default('https://slack.com/api/'),
    /** Minimum milliseconds between two messages posted to the same channel (Slack allows about one per second). */
    SLACK_CHANNEL_POST_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    /** Microsoft Teams: the bot's Microsoft Entra app (client) id. Without it Teams is off and POST /api/messages answers 503. */
    TEAMS_APP_ID: optionalSecret.refine((v) => v === undefined || GUID.test(v), {
      message: 'TEAMS_APP_ID must be the Microsoft Entra application (client) id, a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    }),
    /** Microsoft Teams: the client secret of that app (Entra admin center → App registrations → Certificates & secrets). */
    TEAMS_APP_PASSWORD: optionalSecret,
    /** Microsoft Teams: the tenant of a single-tenant bot app; outbound tokens are requested there. Unset: botframework.com. */
    TEAMS_TENANT_ID: optionalSecret.refine((v) => v === undefined || GUID.test(v), { message: 'TEAMS_TENANT_ID must be a tenant id (a GUID)' }),
    /** Where the keys that sign Bot Framework requests are published (its jwks_uri is read; keys are fetched from there). */
    TEAMS_OPENID_METADATA_URL: z
      .url({ error: 'TEAMS_OPENID_METADATA_URL must be a URL such as https://login.botframework.com/v1/.well-known/openidconfiguration' })
      .default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
    /** Where outbound client-credentials tokens are requested. Unset: Microsoft's, for TEAMS_TENANT_ID or botframework.com. */
    TEAMS_TOKEN_URL: z.url({ error: 'TEAMS_TOKEN_URL must be a URL such as https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token' }).optional(),
    /** Microsoft Graph (creating crisis rooms as channels). */
    GRAPH_API_URL: z.url({ error: 'GRAPH_API_URL must be a URL such as https://graph.microsoft.com/v1.0/' }).default('https://graph.microsoft.com/v1.0/'),
    /** App secret of the Meta app; verifies X-Hub-Signature-256 on POST /webhooks/meta. */
    META_APP_SECRET: optionalSecret,
    /** The verify token you typed into Meta's webhook settings; answers GET /webhooks/meta. */
    META_VERIFY_TOKEN: optionalSecret,
    /** Shared secret for POST /webhooks/comments (X-Signature-256: sha256=HMAC of the raw body). */
    INGEST_SECRET: optionalSecret,
    /** Path of the desk configuration (teams, members, routing rules), YAML or JSON. */
    DESK_CONFIG: z.string().trim().min(1).default('config/desk.example.yaml'),
    /** How often the outbox delivery loop looks for due messages when idle, in milliseconds. */
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    /** Whether this instance runs the scheduled jobs (sla-sweep…). Several instances may: each run happens on one of them. */
    RUN_JOBS: z.stringbool({ error: 'RUN_JOBS must be true or false' }).default(true),
    /** OpenAI key: the digest's narrative paragraph (figures only) and AI triage (comment texts; AI_TRIAGE); empty: templates and no triage. */
    OPENAI_API_KEY: z.string().trim().optional().transform((v) => v || undefined),
    /** OpenAI-compatible API base URL (e.g. an Azure or a proxy endpoint). */
    OPENAI_BASE_URL: z.url({ error: 'OPENAI_BASE_URL must be a URL such as https://api.openai.com/v1' }).default('https://api.openai.com/v1'),
    /** The model that writes the narrative. */
    OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
    /** How long the narrative may take before the template is used, in milliseconds. */
    OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
    /** AI triage of new comments (labels, a suggested team): on by default when OPENAI_API_KEY is set. */
    AI_TRIAGE: z.stringbool({ error: 'AI_TRIAGE must be true or false' }).optional(),
    /**
     * The month's AI budget in the currency of the desk configuration's price table (ai.currency).
     * At 80 % automatic drafts stop, at 100 % triage stops (rules carry on). Unset: no limit.
     */
    AI_MONTHLY_BUDGET: z.coerce.number({ error: 'AI_MONTHLY_BUDGET must be a number, e.g. 20' }).min(0, 'AI_MONTHLY_BUDGET cannot be negative').optional(),
    /**
     * Password of the web console (the page at /). Unset: the console answers only on loopback
     * addresses (this machine); set: everyone signs in with it first.
     */
    CONSOLE_PASSWORD: optionalSecret.refine((v) => v === undefined || v.length >= 12, {
      message: 'CONSOLE_PASSWORD must be at least 12 characters long (or unset it: the console then answers on this machine only)',
    }),
    /** Whether the web console is served (pages at /, /try, /operator). */
    CONSOLE_ENABLED: z.stringbool({ error: 'CONSOLE_ENABLED must be true or false' }).default(true),
    /** How often open console pages look for changes in the event log while someone watches, in milliseconds. */
    CONSOLE_LIVE_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    /** trace, debug, info, warn, error, fatal or silent. */
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN in HTTP mode (Basic Information → Signing Secret), or set SLACK_APP_TOKEN for Socket Mode',
      });
    }
    if (env.TEAMS_APP_ID && !env.TEAMS_APP_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_APP_PASSWORD'],
        message: 'TEAMS_APP_PASSWORD (the client secret of the Teams bot app) is required with TEAMS_APP_ID',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable (PORT= in a compose file) means "not set", so its default applies.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(environment)'}: ${i.message}`);
  throw new ConfigError(`The environment is not valid:\n${lines.join('\n')}`);
}

/** Whether the Slack adapter can start, and if not, which settings are missing. */
export function slackSettings(env: Env):
  | { mode: 'http'; botToken: string; signingSecret: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string }
  | { mode: 'off'; missing: string[] } {
  if (env.SLACK_BOT_TOKEN && env.SLACK_APP_TOKEN) {
    return { mode: 'socket', botToken: env.SLACK_BOT_TOKEN, appToken: env.SLACK_APP_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET };
  }
  if (env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET) {
    return { mode: 'http', botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET };
  }
  const missing = [];
  if (!env.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) missing.push('SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)');
  return { mode: 'off', missing };
}

/** Whether the Microsoft Teams adapter can start, and if not, why. */
export function teamsSettings(env: Env):
  | { mode: 'on'; appId: string; appPassword: string; tenantId?: string; openIdMetadataUrl: string; tokenUrl: string; graphUrl: string }
  | { mode: 'off'; missing: string[] } {
  if (!env.TEAMS_APP_ID || !env.TEAMS_APP_PASSWORD) return { mode: 'off', missing: ['TEAMS_APP_ID', 'TEAMS_APP_PASSWORD'] };
  const authority = env.TEAMS_TENANT_ID ?? 'botframework.com';
  return {
    mode: 'on',
    appId: env.TEAMS_APP_ID.toLowerCase(),
    appPassword: env.TEAMS_APP_PASSWORD,
    ...(env.TEAMS_TENANT_ID ? { tenantId: env.TEAMS_TENANT_ID.toLowerCase() } : {}),
    openIdMetadataUrl: env.TEAMS_OPENID_METADATA_URL,
    tokenUrl: env.TEAMS_TOKEN_URL ?? `https://login.microsoftonline.com/${authority}/oauth2/v2.0/token`,
    graphUrl: env.GRAPH_API_URL.endsWith('/') ? env.GRAPH_API_URL : `${env.GRAPH_API_URL}/`,
  };
}
