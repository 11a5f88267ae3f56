import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, slackSettings, teamsSettings } from '../src/config.ts';

function errorOf(env: Record<string, string | undefined>): string {
  try {
    parseEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    return (error as Error).message;
  }
  throw new Error('expected the environment to be rejected');
}

const BOT = 'xoxb-1111-2222-abcdef';
const APP = 'xapp-1-A111-2222-abcdef';
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

describe('parseEnv', () => {
  it('fills every default from an empty environment', () => {
    expect(parseEnv({})).toEqual({
      PORT: 3000,
      HOST: '0.0.0.0',
      DATABASE_URL: '.data/pglite',
      DATABASE_POOL_SIZE: 10,
      SLACK_API_URL: 'https://slack.com/api/',
      SLACK_CHANNEL_POST_INTERVAL_MS: 1000,
      DESK_CONFIG: 'config/desk.example.yaml',
      OUTBOX_POLL_MS: 500,
      RUN_JOBS: true,
      CONSOLE_ENABLED: true,
      CONSOLE_LIVE_POLL_MS: 1000,
      LOG_LEVEL: 'info',
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: 'https://api.openai.com/v1',
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_TIMEOUT_MS: 15_000,
      TEAMS_OPENID_METADATA_URL: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      GRAPH_API_URL: 'https://graph.microsoft.com/v1.0/',
    });
  });

  it('treats an empty OPENAI_API_KEY as none (the digest paragraph then comes from templates)', () => {
    expect(parseEnv({ OPENAI_API_KEY: '' }).OPENAI_API_KEY).toBeUndefined();
    expect(parseEnv({ OPENAI_API_KEY: ' sk-abc ' }).OPENAI_API_KEY).toBe('sk-abc');
    expect(() => parseEnv({ OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL/);
  });

  it('reads RUN_JOBS as a boolean and names it when it is not one', () => {
    expect(parseEnv({ RUN_JOBS: 'false' }).RUN_JOBS).toBe(false);
    expect(parseEnv({ RUN_JOBS: 'true' }).RUN_JOBS).toBe(true);
    expect(() => parseEnv({ RUN_JOBS: 'sometimes' })).toThrow(/RUN_JOBS must be true or false/);
  });

  it('ignores variables it does not know', () => {
    const env = parseEnv({ PATH: '/usr/bin', HOME: '/root' }) as Record<string, unknown>;
    expect(env.PATH).toBeUndefined();
    expect(env.HOME).toBeUndefined();
  });

  it('coerces numbers and keeps strings', () => {
    const env = parseEnv({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u:p@db:5432/desk',
      DATABASE_POOL_SIZE: '25',
      SLACK_CHANNEL_POST_INTERVAL_MS: '0',
      OUTBOX_POLL_MS: '50',
      LOG_LEVEL: 'debug',
      DESK_CONFIG: '/etc/desk.json',
    });
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u:p@db:5432/desk',
      DATABASE_POOL_SIZE: 25,
      SLACK_CHANNEL_POST_INTERVAL_MS: 0,
      OUTBOX_POLL_MS: 50,
      LOG_LEVEL: 'debug',
      DESK_CONFIG: '/etc/desk.json',
    });
  });

  it('accepts port 0 (any free port) and 65535', () => {
    expect(parseEnv({ PORT: '0' }).PORT).toBe(0);
    expect(parseEnv({ PORT: '65535' }).PORT).toBe(65535);
  });

  it.each([
    ['abc', 'PORT: PORT must be a port number, e.g. 3000'],
    ['70000', 'PORT: PORT must be between 0 and 65535'],
    ['-1', 'PORT: PORT must be between 0 and 65535'],
    ['80.5', 'PORT'],
  ])('rejects PORT=%j', (value, fragment) => {
    const message = errorOf({ PORT: value });
    expect(message).toMatch(/^The environment is not valid:\n {2}- /);
    expect(message).toContain(fragment);
  });

  // Regression (fixed; src/config.ts port()): z.coerce.number() turns "" into 0, so `PORT=` (an empty variable, as
  // docker compose passes for `PORT=${PORT}` when PORT is unset) silently listens on a random free port
  // instead of the default 3000 or an error. Secrets treat "" as unset; PORT should too.
  it('treats an empty PORT as unset', () => {
    expect(parseEnv({ PORT: '' }).PORT).toBe(3000);
  });

  it('rejects a bad log level, pool size and poll interval', () => {
    expect(errorOf({ LOG_LEVEL: 'verbose' })).toContain('LOG_LEVEL');
    expect(errorOf({ DATABASE_POOL_SIZE: '0' })).toContain('DATABASE_POOL_SIZE');
    expect(errorOf({ OUTBOX_POLL_MS: '5' })).toContain('OUTBOX_POLL_MS');
    expect(errorOf({ SLACK_CHANNEL_POST_INTERVAL_MS: '60001' })).toContain('SLACK_CHANNEL_POST_INTERVAL_MS');
  });

  it('rejects a SLACK_API_URL that is not a URL', () => {
    expect(errorOf({ SLACK_API_URL: 'slack.com/api' })).toContain('SLACK_API_URL: SLACK_API_URL must be a URL such as https://slack.com/api/');
    expect(parseEnv({ SLACK_API_URL: 'http://127.0.0.1:9999/api/' }).SLACK_API_URL).toBe('http://127.0.0.1:9999/api/');
  });

  it('treats an empty DATABASE_URL as unset, like every other variable (embedded PGlite)', () => {
    expect(parseEnv({ DATABASE_URL: '   ' }).DATABASE_URL).toBe('.data/pglite');
  });

  describe('Slack settings', () => {
    it('rejects a SLACK_BOT_TOKEN that is not a bot token', () => {
      const message = errorOf({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: SECRET });
      expect(message).toContain('  - SLACK_BOT_TOKEN: SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    });

    it('rejects a SLACK_APP_TOKEN that is not an app-level token', () => {
      const message = errorOf({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xoxb-wrong-kind' });
      expect(message).toContain('  - SLACK_APP_TOKEN: SLACK_APP_TOKEN must be an app-level token starting with xapp-');
    });

    it('requires a signing secret (or an app token) with a bot token', () => {
      const message = errorOf({ SLACK_BOT_TOKEN: BOT });
      expect(message).toContain('  - SLACK_SIGNING_SECRET: SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN in HTTP mode');
      expect(message).toContain('SLACK_APP_TOKEN');
    });

    it('does not require a bot token when only a signing secret is set (Slack stays off)', () => {
      const env = parseEnv({ SLACK_SIGNING_SECRET: SECRET });
      expect(slackSettings(env)).toEqual({ mode: 'off', missing: ['SLACK_BOT_TOKEN'] });
    });

    it('trims secrets', () => {
      const env = parseEnv({ SLACK_BOT_TOKEN: `  ${BOT}\n`, SLACK_SIGNING_SECRET: ` ${SECRET} ` });
      expect(env.SLACK_BOT_TOKEN).toBe(BOT);
      expect(env.SLACK_SIGNING_SECRET).toBe(SECRET);
    });

    it('treats empty and blank secrets as unset', () => {
      const env = parseEnv({
        SLACK_BOT_TOKEN: '',
        SLACK_SIGNING_SECRET: '   ',
        SLACK_APP_TOKEN: '',
        META_APP_SECRET: '',
        META_VERIFY_TOKEN: ' ',
        INGEST_SECRET: '',
      });
      expect(env.SLACK_BOT_TOKEN).toBeUndefined();
      expect(env.SLACK_SIGNING_SECRET).toBeUndefined();
      expect(env.SLACK_APP_TOKEN).toBeUndefined();
      expect(env.META_APP_SECRET).toBeUndefined();
      expect(env.META_VERIFY_TOKEN).toBeUndefined();
      expect(env.INGEST_SECRET).toBeUndefined();
      expect(slackSettings(env)).toEqual({ mode: 'off', missing: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)'] });
    });

    it('an empty signing secret next to a bot token is reported as missing', () => {
      expect(errorOf({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: '' })).toContain('SLACK_SIGNING_SECRET is required');
    });

    it('an empty SLACK_APP_TOKEN does not switch to Socket Mode', () => {
      const env = parseEnv({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_APP_TOKEN: '' });
      expect(slackSettings(env)).toEqual({ mode: 'http', botToken: BOT, signingSecret: SECRET });
    });
  });
});

describe('slackSettings', () => {
  it('is off with both settings named when nothing is set', () => {
    expect(slackSettings(parseEnv({}))).toEqual({
      mode: 'off',
      missing: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)'],
    });
  });

  it('is http with a bot token and a signing secret', () => {
    expect(slackSettings(parseEnv({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET }))).toEqual({
      mode: 'http',
      botToken: BOT,
      signingSecret: SECRET,
    });
  });

  it('is socket when an app token is set, with or without a signing secret', () => {
    expect(slackSettings(parseEnv({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }))).toEqual({
      mode: 'socket',
      botToken: BOT,
      appToken: APP,
      signingSecret: undefined,
    });
    expect(slackSettings(parseEnv({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_SIGNING_SECRET: SECRET }))).toEqual({
      mode: 'socket',
      botToken: BOT,
      appToken: APP,
      signingSecret: SECRET,
    });
  });

  it('is off with only the bot token missing when an app token is set', () => {
    expect(slackSettings(parseEnv({ SLACK_APP_TOKEN: APP }))).toEqual({ mode: 'off', missing: ['SLACK_BOT_TOKEN'] });
  });
});

describe('teamsSettings', () => {
  const APP_ID = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
  const TENANT = 'b7e1c0de-1111-4222-8333-944455556666';

  it('is off without TEAMS_APP_ID, and says what to set', () => {
    expect(teamsSettings(parseEnv({}))).toEqual({ mode: 'off', missing: ['TEAMS_APP_ID', 'TEAMS_APP_PASSWORD'] });
  });

  it('requests tokens from botframework.com without a tenant, from the tenant with one', () => {
    const multi = teamsSettings(parseEnv({ TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 's3cret' }));
    expect(multi).toMatchObject({ mode: 'on', appId: APP_ID.toLowerCase(), tokenUrl: 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token' });
    const single = teamsSettings(parseEnv({ TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 's3cret', TEAMS_TENANT_ID: TENANT }));
    expect(single).toMatchObject({ mode: 'on', tenantId: TENANT, tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token` });
  });

  it('takes TEAMS_TOKEN_URL, TEAMS_OPENID_METADATA_URL and GRAPH_API_URL as given (Graph always ends with a slash)', () => {
    const on = teamsSettings(
      parseEnv({
        TEAMS_APP_ID: APP_ID,
        TEAMS_APP_PASSWORD: 's3cret',
        TEAMS_TOKEN_URL: 'http://127.0.0.1:9/token',
        TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:9/meta',
        GRAPH_API_URL: 'http://127.0.0.1:9/graph/v1.0',
      }),
    );
    expect(on).toMatchObject({ tokenUrl: 'http://127.0.0.1:9/token', openIdMetadataUrl: 'http://127.0.0.1:9/meta', graphUrl: 'http://127.0.0.1:9/graph/v1.0/' });
  });

  it('refuses an app id that is not a GUID, and an app id without its secret', () => {
    expect(errorOf({ TEAMS_APP_ID: 'community-desk' })).toContain('TEAMS_APP_ID must be the Microsoft Entra application (client) id');
    expect(errorOf({ TEAMS_APP_ID: APP_ID })).toContain('TEAMS_APP_PASSWORD (the client secret of the Teams bot app) is required with TEAMS_APP_ID');
    expect(errorOf({ TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: 'x', TEAMS_TENANT_ID: 'contoso' })).toContain('TEAMS_TENANT_ID must be a tenant id');
  });

  it('wants a console password of at least 12 characters, and says how to do without one', () => {
    expect(() => parseEnv({ CONSOLE_PASSWORD: 'short' })).toThrow(/CONSOLE_PASSWORD must be at least 12 characters/);
    expect(parseEnv({ CONSOLE_PASSWORD: 'long enough password' }).CONSOLE_PASSWORD).toBe('long enough password');
    expect(parseEnv({ CONSOLE_PASSWORD: '' }).CONSOLE_PASSWORD).toBeUndefined();
  });
});
