import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { svgToPng } from '../../src/chat/chart/svg-to-png.ts';
import { DESK_COMMAND } from '../../src/use-cases/run-desk-command.ts';
import { KPI_COMMAND } from '../../src/use-cases/run-kpi-command.ts';
import { CRISIS_COMMAND } from '../../src/use-cases/word-crisis-refusal.ts';
import { drawColorIcon, drawOutlineIcon, ICON_ACCENT } from '../../scripts/teams-icons.ts';
import {
  APP_ID_PLACEHOLDER,
  buildTeamsPackage,
  TEAMS_MANIFEST_DIR,
  TEAMS_MANIFEST_VERSION,
  TeamsPackageError,
  validateTeamsLocalization,
  validateTeamsManifest,
  type TeamsManifest,
} from '../../scripts/teams-package.ts';

const APP_ID = '6f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b';
const dir = (name: string) => join(TEAMS_MANIFEST_DIR, name);
const committedText = readFileSync(dir('manifest.json'), 'utf8');
const committed = JSON.parse(committedText) as TeamsManifest;
/** The committed manifest with the placeholder filled in, as the package script does it. */
const filled = (): TeamsManifest => JSON.parse(committedText.replaceAll(APP_ID_PLACEHOLDER, APP_ID)) as TeamsManifest;
const german = JSON.parse(readFileSync(dir('de.json'), 'utf8')) as Record<string, string>;

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
/** A copy of manifests/teams in a temp folder, with `change` applied, for packages that must be refused. */
function manifestDirWith(change: (d: string) => void): string {
  const d = mkdtempSync(join(tmpdir(), 'teams-manifest-'));
  temps.push(d);
  cpSync(TEAMS_MANIFEST_DIR, d, { recursive: true });
  change(d);
  return d;
}
function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof TeamsPackageError) return e.problems;
    throw e;
  }
  throw new Error('expected a TeamsPackageError');
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes) with node:zlib alone. */
function decodePng(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const buf = Buffer.from(bytes);
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (!ihdr) throw new Error('no IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect({ bitDepth: ihdr[8], colorType: ihdr[9], interlace: ihdr[12] }).toEqual({ bitDepth: 8, colorType: 6, interlace: 0 });
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  expect(raw.length).toBe(height * (stride + 1));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= 4 ? rgba[y * stride + i - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      rgba[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

describe('Teams manifest', () => {
  it('is committed with the app id placeholder, never a real id, for the app, the bot and single sign-on', () => {
    expect(committed.id).toBe(APP_ID_PLACEHOLDER);
    expect(committed.bots?.[0]?.botId).toBe(APP_ID_PLACEHOLDER);
    expect(committed.webApplicationInfo).toEqual({ id: APP_ID_PLACEHOLDER, resource: `api://botid-${APP_ID_PLACEHOLDER}` });
    expect(committedText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  });

  it('validates against the bundled schema of its version once the app id is filled in', () => {
    expect(committed.manifestVersion).toBe(TEAMS_MANIFEST_VERSION);
    expect(committed['$schema']).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
    expect(validateTeamsManifest(filled())).toEqual([]);
  });

  it('offers the bot in teams, group chats and personal chats, as a conversational bot without files', () => {
    const bot = committed.bots![0]!;
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot).toMatchObject({ supportsFiles: false, isNotificationOnly: false });
    expect(committed.bots).toHaveLength(1);
  });

  it('lists the commands the desk answers (desk, crisis, kpi) in one command list per scope', () => {
    const expected = [DESK_COMMAND, CRISIS_COMMAND, KPI_COMMAND].map((c) => c.replace(/^\//, '')).sort();
    expect(expected).toEqual(['crisis', 'desk', 'kpi']);
    const lists = committed.bots![0]!.commandLists!;
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      expect(list.scopes).toHaveLength(1);
      expect(list.commands.map((c) => c.title).sort()).toEqual(expected);
      for (const c of list.commands) {
        expect([...c.title].length).toBeLessThanOrEqual(32);
        expect([...(c.description ?? '')].length).toBeGreaterThan(0);
        expect([...(c.description ?? '')].length).toBeLessThanOrEqual(128);
        // The description shows how to use the command, starting with the command itself.
        expect(c.description).toContain(`${c.title} `);
      }
    }
  });

  it('asks for resource-specific consent to create the crisis room channel, and nothing else', () => {
    expect(committed.authorization?.permissions?.resourceSpecific).toEqual([{ name: 'Channel.Create.Group', type: 'Application' }]);
    expect(committed['validDomains']).toEqual([]);
  });

  it('names its developer with https links, and a short description within 80 characters', () => {
    const developer = committed['developer'] as Record<string, string>;
    expect(developer['name']).toBe('Community Desk contributors');
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(new URL(developer[key]!).protocol).toBe('https:');
    expect(committed['name']).toMatchObject({ short: 'Community Desk' });
    expect([...(committed['description'] as { short: string }).short].length).toBeLessThanOrEqual(80);
  });

  it('has a German translation that validates and translates every command description it points at', () => {
    expect(committed.localizationInfo).toEqual({ defaultLanguageTag: 'en', additionalLanguages: [{ languageTag: 'de', file: 'de.json' }] });
    expect(validateTeamsLocalization(german)).toEqual([]);
    const lists = committed.bots![0]!.commandLists!;
    const wanted = lists.flatMap((l, i) => l.commands.map((_, j) => `bots[0].commandLists[${i}].commands[${j}].description`));
    const commandKeys = Object.keys(german).filter((k) => k.startsWith('bots['));
    expect(commandKeys.sort()).toEqual(wanted.sort());
    for (const key of commandKeys) {
      const [, i, j] = /commandLists\[(\d+)\]\.commands\[(\d+)\]/.exec(key)!;
      const title = lists[Number(i)]!.commands[Number(j)]!.title;
      // Commands are the same words in every language: the German text names the command it describes.
      expect(german[key]).toContain(`${title} `);
      expect([...german[key]!].length).toBeLessThanOrEqual(128);
    }
  });
});

describe('Teams icons', () => {
  it('has a 192×192 colour icon: opaque, on the accent colour, with a symbol', () => {
    const { width, height, rgba } = decodePng(readFileSync(dir(committed.icons.color)));
    expect([width, height]).toEqual([192, 192]);
    const accent = [1, 3, 5].map((i) => Number.parseInt(ICON_ACCENT.slice(i, i + 2), 16));
    expect(committed['accentColor']).toBe(ICON_ACCENT);
    expect([...rgba.subarray(0, 3)]).toEqual(accent);
    let white = 0;
    let seeThrough = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] !== 255) seeThrough++;
      if (rgba[i] === 255 && rgba[i + 1] === 255 && rgba[i + 2] === 255) white++;
    }
    expect(seeThrough).toBe(0);
    expect(white).toBeGreaterThan(192 * 192 * 0.1);
  });

  it('has a 32×32 outline icon of white and transparent pixels only, with a visible symbol', () => {
    const { width, height, rgba } = decodePng(readFileSync(dir(committed.icons.outline)));
    expect([width, height]).toEqual([32, 32]);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      const alpha = rgba[i + 3]!;
      if (alpha > 0) expect([rgba[i], rgba[i + 1], rgba[i + 2]], `pixel ${i / 4}`).toEqual([255, 255, 255]);
      if (alpha === 255) opaque++;
      if (alpha === 0) transparent++;
    }
    expect(opaque).toBeGreaterThan(100);
    expect(transparent).toBeGreaterThan(100);
  });

  // Pixels, not bytes: the PNG's deflate stream may differ between zlib builds, the image may not.
  it('are what scripts/teams-icons.ts draws (run it after changing the drawing)', () => {
    expect(decodePng(readFileSync(dir('color.png')))).toEqual(decodePng(drawColorIcon()));
    expect(decodePng(readFileSync(dir('outline.png')))).toEqual(decodePng(drawOutlineIcon()));
  });
});

describe('schema validation', () => {
  it('refuses a command title over 32 characters, even though schema 1.30 allows 128', () => {
    const m = filled();
    m.bots![0]!.commandLists![0]!.commands[0]!.title = 'x'.repeat(40);
    expect(validateTeamsManifest(m)).toEqual([expect.stringMatching(/^\/bots\/0\/commandLists\/0\/commands\/0\/title: .*32 characters/)]);
  });

  it('refuses what the schema itself forbids, naming the JSON path', () => {
    const noBotId = filled();
    delete (noBotId.bots![0] as unknown as Record<string, unknown>)['botId'];
    expect(validateTeamsManifest(noBotId)).toEqual(["/bots/0: must have required property 'botId'"]);

    const longTitle = filled();
    longTitle.bots![0]!.commandLists![1]!.commands[2]!.title = 'y'.repeat(129);
    expect(validateTeamsManifest(longTitle)).toContain('/bots/0/commandLists/1/commands/2/title: must NOT have more than 128 characters');

    const badId = { ...filled(), id: 'not-a-guid' };
    expect(validateTeamsManifest(badId)).toContainEqual(expect.stringMatching(/^\/id: must match pattern/));

    const badScope = filled();
    badScope.bots![0]!.scopes = ['team', 'channel'];
    expect(validateTeamsManifest(badScope)).toContainEqual(expect.stringMatching(/^\/bots\/0\/scopes\/1: must be equal to one of the allowed values \(.*"groupChat"/));

    const typo = { ...filled(), validDomain: [] };
    expect(validateTeamsManifest(typo)).toContain('/: unknown property "validDomain"');

    const httpDeveloper = filled();
    (httpDeveloper['developer'] as Record<string, string>)['privacyUrl'] = 'ftp://example.com';
    expect(validateTeamsManifest(httpDeveloper)).toContainEqual(expect.stringMatching(/^\/developer\/privacyUrl: must match pattern/));
  });

  it('refuses a bot id or single sign-on id that differs from the app id', () => {
    const m = filled();
    m.webApplicationInfo = { id: '00000000-0000-4000-8000-000000000000', resource: 'api://x' };
    expect(validateTeamsManifest(m)).toEqual([expect.stringMatching(/^\/webApplicationInfo\/id: must be the bot's id/)]);
  });

  it('refuses a manifest written for another schema version', () => {
    expect(validateTeamsManifest({ ...filled(), manifestVersion: '1.17' })).toEqual([expect.stringMatching(/^\/manifestVersion: must be "1\.30"/)]);
  });

  it('refuses a translation whose command description is too long or whose key is unknown', () => {
    expect(validateTeamsLocalization({ ...german, 'bots[0].commandLists[0].commands[0].description': 'z'.repeat(129) })).toEqual([
      expect.stringMatching(/^\/bots\[0\]\.commandLists\[0\]\.commands\[0\]\.description: .*128 characters/),
    ]);
    expect(validateTeamsLocalization({ ...german, 'name.shrot': 'Desk' })).toContain('/: unknown property "name.shrot"');
  });
});

describe('buildTeamsPackage', () => {
  it('zips exactly the manifest, the two icons and the German translation at the root, the manifest being the validated one', () => {
    const built = buildTeamsPackage({ appId: APP_ID.toUpperCase(), manifestDir: TEAMS_MANIFEST_DIR });
    const entries = unzipSync(built.zip);
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'de.json', 'manifest.json', 'outline.png']);
    const inZip = JSON.parse(strFromU8(entries['manifest.json']!)) as TeamsManifest;
    expect(inZip).toEqual(built.manifest);
    expect(inZip).toEqual(filled());
    expect(validateTeamsManifest(inZip)).toEqual([]);
    expect(inZip.id).toBe(APP_ID);
    expect(Buffer.from(entries['color.png']!).equals(readFileSync(dir('color.png')))).toBe(true);
    expect(Buffer.from(entries['outline.png']!).equals(readFileSync(dir('outline.png')))).toBe(true);
    expect(JSON.parse(strFromU8(entries['de.json']!))).toEqual(german);
  });

  it('builds the same bytes from the same input', () => {
    const a = buildTeamsPackage({ appId: APP_ID, manifestDir: TEAMS_MANIFEST_DIR });
    const b = buildTeamsPackage({ appId: APP_ID, manifestDir: TEAMS_MANIFEST_DIR });
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
  });

  it('refuses a missing or malformed TEAMS_APP_ID, saying where to find the id', () => {
    for (const missing of [undefined, '', '   ']) {
      expect(problemsOf(() => buildTeamsPackage({ appId: missing, manifestDir: TEAMS_MANIFEST_DIR }))).toEqual([expect.stringMatching(/^TEAMS_APP_ID is not set: .*Microsoft App ID/)]);
    }
    for (const bad of ['abc', `{${APP_ID}}`, APP_ID.slice(1), `${APP_ID}0`, APP_ID_PLACEHOLDER]) {
      expect(problemsOf(() => buildTeamsPackage({ appId: bad, manifestDir: TEAMS_MANIFEST_DIR }))).toEqual([expect.stringMatching(/^TEAMS_APP_ID ".*" is not a GUID/)]);
    }
  });

  it('refuses an icon of the wrong size', () => {
    const d = manifestDirWith((p) => writeFileSync(join(p, 'outline.png'), svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="33" height="32"/>', { width: 33 })));
    expect(problemsOf(() => buildTeamsPackage({ appId: APP_ID, manifestDir: d }))).toEqual(['outline.png (icons.outline) is 33×32; Teams requires 32×32']);
  });

  it('refuses a placeholder it cannot fill, and lists every schema error of the manifest', () => {
    const placeholder = manifestDirWith((p) => writeFileSync(join(p, 'manifest.json'), committedText.replace('"validDomains": []', '"validDomains": ["${{TEAMS_BOT_DOMAIN}}"]')));
    expect(problemsOf(() => buildTeamsPackage({ appId: APP_ID, manifestDir: placeholder }))).toEqual([expect.stringMatching(/^manifest\.json uses \$\{\{TEAMS_BOT_DOMAIN\}\}/)]);

    const broken = manifestDirWith((p) => writeFileSync(join(p, 'manifest.json'), committedText.replace('"accentColor": "#2D3E50"', '"accentColor": "navy"').replace('"supportsFiles": false', '"supportsFiles": "no"')));
    expect(problemsOf(() => buildTeamsPackage({ appId: APP_ID, manifestDir: broken }))).toEqual([
      expect.stringMatching(/^manifest\.json \/accentColor: must match pattern/),
      'manifest.json /bots/0/supportsFiles: must be boolean',
    ]);
  });
});

describe('npm run teams:package', () => {
  const script = fileURLToPath(new URL('../../scripts/teams-package.ts', import.meta.url));
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('writes the package to --out and says what it wrote; without TEAMS_APP_ID it exits non-zero and writes nothing', async () => {
    const out = join(manifestDirWith(() => {}), 'out', 'desk.zip');
    const [ok, refused] = await Promise.all([run(['--out', out], { TEAMS_APP_ID: APP_ID }), run(['--out', `${out}.refused`], { TEAMS_APP_ID: '' })]);

    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('desk.zip');
    expect(ok.stdout).toContain('manifest.json, color.png, outline.png, de.json');
    expect(ok.stdout).toContain(`app and bot id ${APP_ID}`);
    expect(Object.keys(unzipSync(readFileSync(out))).sort()).toEqual(['color.png', 'de.json', 'manifest.json', 'outline.png']);
    expect(JSON.parse(strFromU8(unzipSync(readFileSync(out))['manifest.json']!))).toEqual(filled());

    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/TEAMS_APP_ID is not set/);
    expect(() => readFileSync(`${out}.refused`)).toThrow(/ENOENT/);
  });
});
