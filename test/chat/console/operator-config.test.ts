import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeskConfigFile, environmentSettings, problemsOf, summarizeDeskConfig, withoutCredentials } from '../../../src/chat/console/operator-config.ts';
import { envSchema, parseEnv } from '../../../src/config.ts';
import { parseDeskConfig } from '../../../src/desk-config/load-desk-config.ts';

/** Secrets with values that cannot turn up on a page by chance. */
const SECRET_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-SECRET-bot-token-5f1e',
  SLACK_SIGNING_SECRET: 'SECRET-signing-9a7c',
  SLACK_APP_TOKEN: 'xapp-SECRET-app-token-33d1',
  TEAMS_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  TEAMS_APP_PASSWORD: 'SECRET-teams-password-77b2',
  META_APP_SECRET: 'SECRET-meta-app-1c2d',
  META_VERIFY_TOKEN: 'SECRET-meta-verify-8e8e',
  INGEST_SECRET: 'SECRET-ingest-4b4b',
  OPENAI_API_KEY: 'sk-SECRET-openai-0f0f',
  CONSOLE_PASSWORD: 'SECRET-console-password-6a6a',
  DATABASE_URL: 'postgres://desk:SECRET-db-password-2c2c@db.internal:5432/desk?sslpassword=SECRET-ssl-3d3d',
};
const SECRET_VALUES = ['SECRET-', 'xoxb-SECRET', 'xapp-SECRET', 'sk-SECRET'];

const YAML_OK = `defaultTeam: community
teams:
  - id: community
    name: Community
    slackChannel: C0COMMUNITY
  - id: support
    name: Support
    slackChannel: C0SUPPORT01
members:
  - id: ops
    name: Ops
    roles: [admin]
routing:
  - match: { keywords: [order] }
    team: support
jobs:
  sla-sweep: "*/2 * * * *"
`;

describe('the environment as the operator page shows it', () => {
  it('names every variable of the schema, and only says whether a secret is set', () => {
    const settings = environmentSettings(parseEnv(SECRET_ENV));
    expect(settings.map((s) => s.name)).toEqual(Object.keys(envSchema.shape));
    const text = JSON.stringify(settings);
    for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    const byName = Object.fromEntries(settings.map((s) => [s.name, s]));
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'TEAMS_APP_PASSWORD', 'META_APP_SECRET', 'META_VERIFY_TOKEN', 'INGEST_SECRET', 'OPENAI_API_KEY', 'CONSOLE_PASSWORD']) {
      expect(byName[name]).toEqual({ name, secret: true, set: true });
    }
    expect(byName.TEAMS_APP_ID).toEqual({ name: 'TEAMS_APP_ID', secret: false, value: SECRET_ENV.TEAMS_APP_ID });
    expect(byName.DATABASE_URL).toEqual({ name: 'DATABASE_URL', secret: false, value: 'postgres://desk:•••@db.internal:5432/desk?sslpassword=•••' });
  });

  it('says "not set" for secrets that are not, and shows the defaults of plain ones', () => {
    const byName = Object.fromEntries(environmentSettings(parseEnv({})).map((s) => [s.name, s]));
    expect(byName.SLACK_BOT_TOKEN).toEqual({ name: 'SLACK_BOT_TOKEN', secret: true, set: false });
    expect(byName.PORT).toEqual({ name: 'PORT', secret: false, value: '3000' });
    expect(byName.TEAMS_TOKEN_URL).toEqual({ name: 'TEAMS_TOKEN_URL', secret: false, value: null });
    expect(byName.DATABASE_URL).toEqual({ name: 'DATABASE_URL', secret: false, value: '.data/pglite' });
  });

  it('hides credentials inside URLs and leaves other values as they are', () => {
    expect(withoutCredentials('memory://')).toBe('memory://');
    expect(withoutCredentials('.data/pglite')).toBe('.data/pglite');
    expect(withoutCredentials('https://slack.com/api/')).toBe('https://slack.com/api/');
    expect(withoutCredentials('postgres://desk@db:5432/desk')).toBe('postgres://desk@db:5432/desk');
    expect(withoutCredentials('postgres://desk:p%40ss@db/desk')).toBe('postgres://desk:•••@db/desk');
    expect(withoutCredentials('postgresql://db/desk?user=desk&password=hunter2')).toBe('postgresql://db/desk?user=desk&password=•••');
    expect(withoutCredentials('postgres://desk:hunter2@[bad')).not.toContain('hunter2');
  });
});

describe('the desk configuration checked again', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'desk-operator-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the loader’s problems apart by path, in its own words', () => {
    let message = '';
    try {
      parseDeskConfig(YAML_OK.replace('slackChannel: C0SUPPORT01', 'slackChannel: support'), 'desk.yaml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(problemsOf(message)).toEqual({
      heading: 'The desk configuration desk.yaml is not valid:',
      problems: [{ path: 'teams.1.slackChannel', message: 'must be a Slack channel id such as C0123ABCD (channel details → About)' }],
    });
  });

  it('keeps a message without a list of problems whole (broken YAML with its excerpt)', () => {
    const message = 'desk.yaml is not valid YAML: Flow sequence must end with a ] at line 1, column 5:\n\na: [\n  - x\n    ^\n';
    expect(problemsOf(message)).toEqual({ heading: '', problems: [{ path: null, message: message.trim() }] });
    expect(problemsOf('The desk configuration x is not valid:\n  - (top level): name at least one team')).toEqual({
      heading: 'The desk configuration x is not valid:',
      problems: [{ path: null, message: 'name at least one team' }],
    });
  });

  it('says what a restart would load from a valid file, and whether it is what runs now', async () => {
    const path = join(dir, 'ok.yaml');
    await writeFile(path, YAML_OK);
    const running = parseDeskConfig(YAML_OK, path);
    const now = new Date('2026-12-07T09:00:00Z');
    expect(await checkDeskConfigFile(path, running, now)).toEqual({ valid: true, path, at: now, summary: summarizeDeskConfig(running), sameAsRunning: true });
    const other = parseDeskConfig(YAML_OK.replace('name: Support', 'name: Customer Support'), path);
    expect(await checkDeskConfigFile(path, other, now)).toMatchObject({ valid: true, sameAsRunning: false });
    expect(summarizeDeskConfig(running)).toEqual({
      teams: [
        { id: 'community', name: 'Community' },
        { id: 'support', name: 'Support' },
      ],
      members: 1,
      routingRules: 1,
      jobs: [{ name: 'sla-sweep', schedule: '*/2 * * * *', timeZone: 'UTC' }],
      crisisScenarios: null,
    });
  });

  it('reports each problem of a broken file with its path', async () => {
    const path = join(dir, 'broken.yaml');
    await writeFile(path, YAML_OK.replace('slackChannel: C0SUPPORT01', 'slackChanel: C0SUPPORT01').replace('team: support', 'team: sales'));
    const check = await checkDeskConfigFile(path, parseDeskConfig(YAML_OK, path), new Date());
    expect(check.valid).toBe(false);
    if (check.valid) return;
    expect(check.problems).toEqual([
      { path: 'teams.1', message: 'unknown setting "slackChanel" (did you mean "slackChannel"?)' },
      { path: 'routing.0.team', message: '"sales" is not one of the teams' },
    ]);
  });

  it('reports a file that cannot be read, and a configuration the directory refuses', async () => {
    const running = parseDeskConfig(YAML_OK, 'x.yaml');
    const missing = await checkDeskConfigFile(join(dir, 'nowhere.yaml'), running, new Date());
    expect(missing).toMatchObject({ valid: false, problems: [{ path: null, message: expect.stringContaining('cannot be read') }] });

    const path = join(dir, 'targets.yaml');
    await writeFile(path, `${YAML_OK}targets:\n  normal: { firstResponse: 4h, resolution: 1h }\n`);
    const refused = await checkDeskConfigFile(path, running, new Date());
    expect(refused).toMatchObject({ valid: false, problems: [{ path: null, message: expect.stringContaining('resolution target is shorter') }] });
  });
});
