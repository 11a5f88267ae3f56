// TEAMS_APP_ID=<guid> npm run teams:package [-- --out <file.zip>] — builds the Microsoft Teams app package:
// manifests/teams/manifest.json with the bot's app id filled in, checked against the manifest schema that
// @microsoft/app-manifest bundles (offline), and zipped with its icons and translations at the zip's root.
// Upload the zip in Teams ("Upload a custom app") or the Teams admin center.
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { zipSync } from 'fflate';

/** The manifest schema version manifests/teams/manifest.json is written for. */
export const TEAMS_MANIFEST_VERSION = '1.30';
export const TEAMS_MANIFEST_DIR = fileURLToPath(new URL('../manifests/teams/', import.meta.url));
export const DEFAULT_PACKAGE_PATH = fileURLToPath(new URL('../dist/community-desk-teams.zip', import.meta.url));

/** The committed manifest carries this placeholder (Teams Toolkit style) wherever the bot's app id goes. */
export const APP_ID_PLACEHOLDER = '${{TEAMS_APP_ID}}';

/** The sizes Teams requires of the two icons. */
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/**
 * The bot command menu's limits. Schema 1.30 lets a title run to 128 characters and a description to
 * 4000 (room for Copilot prompts); the menu Teams shows was specified with 32 and 128, and older schema
 * versions enforced exactly that, so we keep to it.
 */
export const COMMAND_TITLE_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 128;

const GUID = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export interface TeamsCommand {
  title: string;
  description?: string;
}

/** The parts of a Teams app manifest this script reads; the schema checks the rest. */
export interface TeamsManifest {
  id: string;
  manifestVersion: string;
  version: string;
  icons: { color: string; outline: string };
  localizationInfo?: { defaultLanguageTag: string; additionalLanguages?: { languageTag: string; file: string }[] };
  bots?: { botId: string; scopes: string[]; commandLists?: { scopes: string[]; commands: TeamsCommand[] }[] }[];
  webApplicationInfo?: { id: string; resource?: string };
  authorization?: { permissions?: { resourceSpecific?: { name: string; type: 'Application' | 'Delegated' }[] } };
  [key: string]: unknown;
}

export interface TeamsPackage {
  zip: Uint8Array;
  /** The manifest as it is in the zip: app id filled in, validated. */
  manifest: TeamsManifest;
  /** The file names in the zip, in the order written. */
  files: string[];
}

/** Everything that stops a package from being built; `problems` lists each one on its own. */
export class TeamsPackageError extends Error {
  constructor(
    readonly problems: readonly string[],
    headline = 'the Teams app package was not built',
  ) {
    super(`${headline}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TeamsPackageError';
  }
}

/** The bot's app id from TEAMS_APP_ID, lower-cased; refuses a missing or malformed one with what to do. */
export function parseAppId(value: string | undefined): string {
  const where = 'the Application (client) ID of the bot: Azure Bot → Configuration → Microsoft App ID, or Microsoft Entra admin center → App registrations';
  if (value === undefined || value.trim() === '') {
    throw new TeamsPackageError([`TEAMS_APP_ID is not set: set it to ${where}, e.g. TEAMS_APP_ID=00000000-0000-0000-0000-000000000000 npm run teams:package`]);
  }
  const id = value.trim();
  if (!GUID.test(id)) {
    const shown = id.length > 60 ? `${id.slice(0, 60)}…` : id;
    throw new TeamsPackageError([`TEAMS_APP_ID ${JSON.stringify(shown)} is not a GUID (such as 00000000-0000-0000-0000-000000000000): use ${where}`]);
  }
  return id.toLowerCase();
}

/** Fills `${{TEAMS_APP_ID}}` in and refuses any other `${{…}}` placeholder, which nothing would fill. */
export function fillPlaceholders(text: string, appId: string, fileName: string): string {
  const filled = text.replaceAll(APP_ID_PLACEHOLDER, appId);
  const left = [...new Set(filled.match(/\$\{\{[^}]*\}\}/g) ?? [])];
  if (left.length > 0) throw new TeamsPackageError([`${fileName} uses ${left.join(', ')}; this script fills only ${APP_ID_PLACEHOLDER}`]);
  return filled;
}

// ---------------------------------------------------------------------------------------------------
// Schema validation

function schemaDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  return join(dirname(pkg), 'build', 'json-schemas', 'teams', `v${TEAMS_MANIFEST_VERSION}`);
}

let validators: { manifest: ValidateFunction; localization: ValidateFunction } | undefined;

/**
 * The bundled schemas are JSON Schema draft-04 (hence ajv-draft-04, as @microsoft/app-manifest itself
 * uses), and some of their patterns are not valid as Unicode regular expressions, hence unicodeRegExp: false.
 */
function schemaValidators(): { manifest: ValidateFunction; localization: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const load = (file: string): object => JSON.parse(readFileSync(join(schemaDir(), file), 'utf8')) as object;
    validators = {
      manifest: ajv.compile(load('MicrosoftTeams.schema.json')),
      localization: ajv.compile(load('MicrosoftTeams.Localization.schema.json')),
    };
  }
  return validators;
}

function describeSchemaError(e: ErrorObject): string {
  const path = e.instancePath || '/';
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${path}: unknown property ${JSON.stringify(params['additionalProperty'])}`;
  if (e.keyword === 'enum') return `${path}: ${e.message ?? 'is not allowed'} (${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  if (e.keyword === 'const') return `${path}: must be ${JSON.stringify(params['allowedValue'])}`;
  return `${path}: ${e.message ?? e.keyword}`;
}

function schemaErrors(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return [...new Set((validate.errors ?? []).map(describeSchemaError))];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function commandLimitErrors(path: string, field: 'title' | 'description', value: unknown): string[] {
  const max = field === 'title' ? COMMAND_TITLE_MAX : COMMAND_DESCRIPTION_MAX;
  return typeof value === 'string' && [...value].length > max ? [`${path}: a bot command's ${field} must not have more than ${max} characters (has ${[...value].length})`] : [];
}

/** Our rules on top of the schema: the command menu's limits, one app id throughout, icons at the zip's root. */
function manifestRuleErrors(manifest: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const bots = Array.isArray(manifest['bots']) ? manifest['bots'] : [];
  bots.forEach((bot, b) => {
    if (!isRecord(bot) || !Array.isArray(bot['commandLists'])) return;
    bot['commandLists'].forEach((list, l) => {
      if (!isRecord(list) || !Array.isArray(list['commands'])) return;
      list['commands'].forEach((command, c) => {
        if (!isRecord(command)) return;
        const at = `/bots/${b}/commandLists/${l}/commands/${c}`;
        errors.push(...commandLimitErrors(`${at}/title`, 'title', command['title']), ...commandLimitErrors(`${at}/description`, 'description', command['description']));
      });
    });
  });
  const appId = manifest['id'];
  const bot = bots[0];
  if (isRecord(bot) && typeof bot['botId'] === 'string' && bot['botId'] !== appId) {
    errors.push(`/bots/0/botId: must be the app id ${JSON.stringify(appId)} (the desk runs as one Microsoft Entra app)`);
  }
  const webApp = manifest['webApplicationInfo'];
  if (isRecord(webApp) && isRecord(bot) && typeof bot['botId'] === 'string' && webApp['id'] !== bot['botId']) {
    errors.push('/webApplicationInfo/id: must be the bot\'s id: resource-specific consent goes to the app whose token calls Microsoft Graph, the bot\'s');
  }
  const icons = manifest['icons'];
  if (isRecord(icons)) {
    for (const key of ['color', 'outline']) {
      const file = icons[key];
      if (typeof file === 'string' && !isRootFileName(file)) errors.push(`/icons/${key}: must be a file name at the package's root, not ${JSON.stringify(file)}`);
    }
  }
  return errors;
}

function isRootFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[\\/]/.test(name);
}

/**
 * Checks a manifest (placeholders already filled) against the bundled schema of its version and our
 * rules; returns one line per problem, each naming its JSON path, or nothing when it is valid.
 */
export function validateTeamsManifest(manifest: unknown): string[] {
  if (!isRecord(manifest)) return ['/: the manifest must be a JSON object'];
  if (manifest['manifestVersion'] !== TEAMS_MANIFEST_VERSION) {
    return [`/manifestVersion: must be ${JSON.stringify(TEAMS_MANIFEST_VERSION)}, the schema version this script validates against (has ${JSON.stringify(manifest['manifestVersion'])})`];
  }
  return [...schemaErrors(schemaValidators().manifest, manifest), ...manifestRuleErrors(manifest)];
}

/** Checks a translation file (e.g. de.json) against the bundled Localization schema and the command menu's limits. */
export function validateTeamsLocalization(file: unknown): string[] {
  if (!isRecord(file)) return ['/: a localization file must be a JSON object'];
  const errors = schemaErrors(schemaValidators().localization, file);
  for (const [key, value] of Object.entries(file)) {
    const command = /^bots\[\d+\]\.commandLists\[\d+\]\.commands\[\d+\]\.(title|description)$/.exec(key);
    if (command) errors.push(...commandLimitErrors(`/${key}`, command[1] as 'title' | 'description', value));
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------
// Icons

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface PngHeader {
  width: number;
  height: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colorType: number;
  /** An alpha channel (colour type 4 or 6) or a tRNS chunk. */
  hasTransparency: boolean;
}

/** Reads a PNG's IHDR (and whether a tRNS chunk comes before the image data); refuses anything else. */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  if (bytes.length < 33 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('is not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (type(12) !== 'IHDR') throw new Error('is not a PNG file (its first chunk is not IHDR)');
  const header = { width: view.getUint32(16), height: view.getUint32(20), colorType: bytes[25]! };
  let hasTrns = false;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const name = type(at + 4);
    if (name === 'tRNS') hasTrns = true;
    if (name === 'IDAT' || name === 'IEND') break;
    at += 12 + length;
  }
  return { ...header, hasTransparency: hasTrns || header.colorType === 4 || header.colorType === 6 };
}

function iconErrors(role: 'color' | 'outline', name: string, bytes: Uint8Array): string[] {
  let header: PngHeader;
  try {
    header = readPngHeader(bytes);
  } catch (e) {
    return [`${name} (icons.${role}) ${(e as Error).message}`];
  }
  const size = role === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
  const errors: string[] = [];
  if (header.width !== size || header.height !== size) errors.push(`${name} (icons.${role}) is ${header.width}×${header.height}; Teams requires ${size}×${size}`);
  if (role === 'outline' && !header.hasTransparency) errors.push(`${name} (icons.outline) has no transparency; Teams requires white on a transparent background`);
  return errors;
}

// ---------------------------------------------------------------------------------------------------
// The package

/** Fixed time stamps keep the zip byte-for-byte the same for the same input. */
const ZIP_MTIME = new Date(2000, 0, 1);

/**
 * Builds the app package from `manifestDir` (manifest.json, the icons and translation files it names):
 * fills in the app id, validates everything, and zips the files at the zip's root. Throws
 * TeamsPackageError listing every problem it found.
 */
export function buildTeamsPackage(options: { appId: string | undefined; manifestDir?: string }): TeamsPackage {
  const appId = parseAppId(options.appId);
  const dir = options.manifestDir ?? TEAMS_MANIFEST_DIR;
  const read = (name: string): Buffer => {
    try {
      return readFileSync(join(dir, name));
    } catch (e) {
      throw new TeamsPackageError([`cannot read ${join(dir, name)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
    }
  };
  const parseJson = (name: string): unknown => {
    const text = fillPlaceholders(read(name).toString('utf8'), appId, name);
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new TeamsPackageError([`${name} is not valid JSON: ${(e as Error).message}`]);
    }
  };

  const manifest = parseJson('manifest.json');
  const problems = validateTeamsManifest(manifest).map((p) => `manifest.json ${p}`);
  if (problems.length > 0) throw new TeamsPackageError(problems);
  const valid = manifest as TeamsManifest;

  const files: Record<string, Uint8Array> = { 'manifest.json': Buffer.from(`${JSON.stringify(valid, null, 2)}\n`) };
  for (const role of ['color', 'outline'] as const) {
    const name = valid.icons[role];
    const bytes = read(name);
    problems.push(...iconErrors(role, name, bytes));
    files[name] = bytes;
  }
  for (const { file } of valid.localizationInfo?.additionalLanguages ?? []) {
    if (!isRootFileName(file)) {
      problems.push(`manifest.json /localizationInfo: ${JSON.stringify(file)} must be a file name at the package's root`);
      continue;
    }
    const translation = parseJson(file);
    problems.push(...validateTeamsLocalization(translation).map((p) => `${file} ${p}`));
    files[file] = Buffer.from(`${JSON.stringify(translation, null, 2)}\n`);
  }
  if (problems.length > 0) throw new TeamsPackageError(problems);

  const zip = zipSync(files, { level: 9, mtime: ZIP_MTIME });
  return { zip, manifest: valid, files: Object.keys(files) };
}

// ---------------------------------------------------------------------------------------------------
// Command line

const USAGE = 'usage: TEAMS_APP_ID=<guid> npm run teams:package [-- --out <file.zip>]';

function parseArgs(argv: readonly string[]): { out: string } {
  let out = DEFAULT_PACKAGE_PATH;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out' || arg === '--out=') {
      const value = arg === '--out' ? argv[++i] : undefined;
      if (!value) throw new TeamsPackageError(['--out needs the path of the zip to write', USAGE], 'nothing was built');
      out = resolve(value);
    } else if (arg.startsWith('--out=')) out = resolve(arg.slice(6));
    else throw new TeamsPackageError([`unknown argument ${JSON.stringify(arg)}`, USAGE], 'nothing was built');
  }
  return { out };
}

/** The command: builds the package, writes it, says what it wrote; returns the exit code. */
export function runTeamsPackage(argv: readonly string[], env: NodeJS.ProcessEnv, log: (line: string) => void, fail: (line: string) => void): number {
  try {
    const { out } = parseArgs(argv);
    const built = buildTeamsPackage({ appId: env['TEAMS_APP_ID'] });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, built.zip);
    const shown = relative(process.cwd(), out) || out;
    log(`wrote ${shown.startsWith('..') ? out : shown} (${built.zip.length} bytes): ${built.files.join(', ')}`);
    log(`app and bot id ${built.manifest.id}, app version ${built.manifest.version}, manifest schema ${built.manifest.manifestVersion}`);
    log('upload it in Teams (Apps → Manage your apps → Upload an app → Upload a custom app) or in the Teams admin center (Teams apps → Manage apps → Upload new app)');
    return 0;
  } catch (e) {
    fail(e instanceof TeamsPackageError ? `teams:package: ${e.message}` : `teams:package: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = runTeamsPackage(process.argv.slice(2), process.env, (line) => console.log(line), (line) => console.error(line));
}
