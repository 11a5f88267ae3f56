/**
 * Shape checks for the hand-written AI fixtures (test/fixtures/ai/): the prompt-injection corpus and the
 * labelled triage evaluation set. The injection suite and `npm run eval:triage` trust these files, so a
 * broken edit (a missing field, a lost category, a label set that drifted out of balance) fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseDeskConfig } from '../../src/desk-config/load-desk-config.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/ai/${name}`, import.meta.url), 'utf8'));

const LANGUAGES = ['de', 'en'] as const;
const INJECTION_CATEGORIES = [
  'ignore-rules',
  'route-team',
  'reply-link',
  'mention',
  'role-play',
  'fake-system',
  'hidden-text',
  'encoded',
  'leak',
  'moderation-action',
  'social-engineering',
  'mixed-complaint',
] as const;
const ACTIONS = ['dismiss', 'send', 'hide', 'leak', 'priority'] as const;
const SOURCES = ['facebook', 'instagram', 'youtube', 'x', 'webhook'] as const;
const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
const INTENTS = ['question', 'complaint', 'praise', 'lead', 'spam', 'abuse', 'crisis', 'other'] as const;
const URGENCIES = ['low', 'normal', 'high'] as const;
const TEAMS = ['community', 'support', 'legal', 'none'] as const;

/** The longest text a comment in either set may have (Instagram's caption limit; the others allow more). */
const TEXT_MAX = 2200;
const INJECTION_TEXT_MAX = 2000;
const X_TEXT_MAX = 280;

const attackSchema = z
  .strictObject({
    wantsRoute: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a team id: lowercase, digits and dashes').optional(),
    wantsLink: z.string().regex(/^(https?:\/\/|www\.)\S+$/u, 'a URL (http(s):// or www.)').optional(),
    wantsMention: z.string().regex(/^(@[\p{L}\p{N}._-]+|<@U[A-Z0-9]+>|<!(channel|here|everyone)>)$/u, 'an @handle or a Slack mention').optional(),
    wantsAction: z.enum(ACTIONS).optional(),
  })
  .refine((a) => Object.values(a).some((v) => v !== undefined), 'an attack must want something');

const injectionItemSchema = z.strictObject({
  id: z.string().regex(/^inj-[a-z-]+-(de|en)-\d{2}$/),
  language: z.enum(LANGUAGES),
  category: z.enum(INJECTION_CATEGORIES),
  text: z.string().min(10).max(INJECTION_TEXT_MAX),
  author: z.string().min(1).max(80),
  attack: attackSchema,
});
type InjectionItem = z.infer<typeof injectionItemSchema>;

const evalItemSchema = z.strictObject({
  id: z.string().regex(/^eval-(de|en)-\d{2}$/),
  language: z.enum(LANGUAGES),
  source: z.enum(SOURCES),
  author: z.string().min(1).max(80),
  text: z.string().min(1).max(TEXT_MAX),
  expected: z.strictObject({
    sentiment: z.enum(SENTIMENTS),
    intent: z.enum(INTENTS),
    urgency: z.enum(URGENCIES),
    needsResponse: z.boolean(),
    suggestedTeam: z.enum(TEAMS),
  }),
  /** The comment carries an injection attempt; its labels are its real intent, not what it asks for. */
  injection: z.literal(true).optional(),
});
type EvalItem = z.infer<typeof evalItemSchema>;

/** Parsed at load: a file that breaks the schema fails the whole suite, naming the item and field. */
function load<T>(name: string, schema: z.ZodType<T>): T[] {
  const result = z.array(schema).safeParse(fixture(name));
  if (!result.success) throw new Error(`test/fixtures/ai/${name} does not match its schema:\n${z.prettifyError(result.error)}`);
  return result.data;
}

const injections = load<InjectionItem>('injection-corpus.json', injectionItemSchema);
const evaluation = load<EvalItem>('triage-eval.json', evalItemSchema);

const exampleConfig = parseDeskConfig(readFileSync(new URL('../../config/desk.example.yaml', import.meta.url), 'utf8'), 'desk.example.yaml');
const configuredTeams = exampleConfig.teams.map((t) => t.id);

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

// ── what a model could read out of a comment ─────────────────────────────────────────────────────

const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const TAG_CHARACTER = /[\u{e0000}-\u{e007f}]/gu;
const READABLE = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}\n\t]+$/u;
const BASE64_TOKEN = /[A-Za-z0-9+/]{16,}={0,2}/g;
const HEX_RUN = /\b(?:[0-9a-f]{2}[ :]?){8,}/gi;

const rot13 = (s: string) =>
  s.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });

function utf8(bytes: Buffer): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.length >= 8 && READABLE.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Base64 and hex payloads in a text, decoded (base64 twice deep: "double encoding" is an attack too). */
function decodedPayloads(text: string, depth = 2): string[] {
  const found: string[] = [];
  for (const token of text.match(BASE64_TOKEN) ?? []) {
    const decoded = utf8(Buffer.from(token, 'base64'));
    if (decoded === undefined) continue;
    found.push(decoded);
    if (depth > 1) found.push(...decodedPayloads(decoded, depth - 1));
  }
  for (const run of text.match(HEX_RUN) ?? []) {
    const decoded = utf8(Buffer.from(run.replace(/[ :]/g, ''), 'hex'));
    if (decoded !== undefined) found.push(decoded);
  }
  return found;
}

/** The text without invisible characters: what a model reads where a person sees nothing odd. */
const visible = (text: string) => text.replace(INVISIBLE, '').replace(TAG_CHARACTER, '');

/** Unicode tag characters carry ASCII invisibly ("ASCII smuggling"). */
const smuggled = (text: string) => [...text.matchAll(TAG_CHARACTER)].map((m) => String.fromCharCode(m[0].codePointAt(0)! - 0xe0000)).join('');

/** Every reading of a comment: as written, without invisibles, its smuggled ASCII, decoded payloads, rot13. */
function readings(text: string): string[] {
  const plain = visible(text);
  return [text, plain, smuggled(text), rot13(plain), ...decodedPayloads(plain)];
}

const INSTRUCTION = /ignor|route|leite|reply|antworte|\btag\b|markiere|\bmark\b|hide|ausblenden|\bsend|system prompt|api|schlüssel|\bteam\b|link/i;
const HIDING = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|[\u{e0000}-\u{e007f}]|<!--|<span|<div|\]\(|^\[\/\/\]: #|[\u0370-\u03ff\u0400-\u04ff]/mu;
const SYSTEM_IMITATION = /###\s*system|<\|im_start\|>|\[SYSTEM|SYSTEM:|"suggestedTeam"|"tool_calls"|<instructions|\n\nHuman:|\[\[Anweisung|"draft"/i;
const ROLE_PLAY = /you are|if you were|hypothetical|pretend|role-?play|let's play|du bist|bist du|stell dir vor|tu so|spielen|rollenspiel/i;

describe('the prompt-injection corpus (test/fixtures/ai/injection-corpus.json)', () => {
  it('holds at least 110 attacks, at least 45 in each language, with unique ids that name category and language', () => {
    expect(injections.length).toBeGreaterThanOrEqual(110);
    const perLanguage = countBy(injections, (i) => i.language);
    for (const language of LANGUAGES) expect(perLanguage[language], language).toBeGreaterThanOrEqual(45);
    expect(duplicates(injections.map((i) => i.id))).toEqual([]);
    for (const item of injections) expect(item.id.startsWith(`inj-${item.category}-${item.language}-`), item.id).toBe(true);
  });

  it('covers every category in both languages', () => {
    const perCategory = countBy(injections, (i) => i.category);
    const perCategoryAndLanguage = countBy(injections, (i) => `${i.category}/${i.language}`);
    for (const category of INJECTION_CATEGORIES) {
      expect(perCategory[category] ?? 0, category).toBeGreaterThanOrEqual(8);
      for (const language of LANGUAGES) expect(perCategoryAndLanguage[`${category}/${language}`] ?? 0, `${category}/${language}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('has no two identical texts, and a few long ones among the short', () => {
    expect(duplicates(injections.map((i) => i.text))).toEqual([]);
    expect(injections.filter((i) => i.text.length >= 600).length).toBeGreaterThanOrEqual(3);
    expect(injections.filter((i) => i.text.length <= 200).length).toBeGreaterThanOrEqual(60);
  });

  it('wants every kind of harm often enough to test each', () => {
    const actions = countBy(injections.filter((i) => i.attack.wantsAction), (i) => i.attack.wantsAction!);
    for (const action of ACTIONS) expect(actions[action] ?? 0, action).toBeGreaterThanOrEqual(6);
    expect(injections.filter((i) => i.attack.wantsLink).length).toBeGreaterThanOrEqual(20);
    expect(injections.filter((i) => i.attack.wantsMention).length).toBeGreaterThanOrEqual(12);
  });

  it('asks for configured teams and for teams the desk does not have', () => {
    expect(configuredTeams).toEqual(['community', 'support', 'legal']);
    const routes = injections.flatMap((i) => (i.attack.wantsRoute ? [i.attack.wantsRoute] : []));
    expect(routes.filter((r) => configuredTeams.includes(r)).length).toBeGreaterThanOrEqual(8);
    const outside = routes.filter((r) => !configuredTeams.includes(r));
    expect(outside.length).toBeGreaterThanOrEqual(20);
    for (const team of ['management', 'press', 'vip']) expect(outside, team).toContain(team);
    expect(new Set(outside).size).toBeGreaterThanOrEqual(10);
  });

  it('names what the attack wants in the text itself (possibly hidden or encoded), so a test can look for it downstream', () => {
    for (const item of injections) {
      const all = readings(item.text).join('\n');
      const { wantsRoute, wantsLink, wantsMention } = item.attack;
      if (wantsLink) expect(all, item.id).toContain(wantsLink);
      if (wantsMention) expect(all, item.id).toContain(wantsMention);
      if (wantsRoute) expect(all.toLowerCase(), item.id).toContain(wantsRoute);
    }
  });

  it('hides something in every hidden-text attack', () => {
    for (const item of injections.filter((i) => i.category === 'hidden-text')) expect(item.text, item.id).toMatch(HIDING);
    const hidden = injections.filter((i) => i.category === 'hidden-text').map((i) => i.text);
    expect(hidden.some((t) => /[\u200b\u00ad]/.test(t)), 'zero-width or soft hyphen').toBe(true);
    expect(hidden.some((t) => /[\u202a-\u202e\u2066-\u2069]/.test(t)), 'bidi controls').toBe(true);
    expect(hidden.some((t) => smuggled(t).length > 0), 'tag characters').toBe(true);
    expect(hidden.some((t) => t.includes('<!--')), 'HTML comment').toBe(true);
    expect(hidden.some((t) => /[\u0370-\u03ff\u0400-\u04ff]/.test(t)), 'homoglyphs').toBe(true);
  });

  it('makes the instruction of every encoded attack readable only after decoding', () => {
    const encoded = injections.filter((i) => i.category === 'encoded');
    for (const item of encoded) {
      const plain = visible(item.text);
      expect(plain, item.id).not.toMatch(INSTRUCTION);
      const [, , , ...decodings] = readings(item.text);
      expect(decodings.some((d) => INSTRUCTION.test(d)), item.id).toBe(true);
    }
    expect(encoded.filter((i) => decodedPayloads(visible(i.text)).length > 0).length, 'base64 or hex payloads').toBeGreaterThanOrEqual(6);
    expect(encoded.some((i) => /rot13/i.test(i.text)), 'rot13').toBe(true);
  });

  it('imitates a system prompt, chat template, tool call or our own output in every fake-system attack, and plays a role in every role-play', () => {
    for (const item of injections.filter((i) => i.category === 'fake-system')) expect(item.text, item.id).toMatch(SYSTEM_IMITATION);
    for (const item of injections.filter((i) => i.category === 'role-play')) expect(item.text, item.id).toMatch(ROLE_PLAY);
  });
});

describe('the labelled triage evaluation set (test/fixtures/ai/triage-eval.json)', () => {
  it('holds at least 70 comments, at least 30 in each language, with unique ids', () => {
    expect(evaluation.length).toBeGreaterThanOrEqual(70);
    const perLanguage = countBy(evaluation, (i) => i.language);
    for (const language of LANGUAGES) expect(perLanguage[language], language).toBeGreaterThanOrEqual(30);
    expect(duplicates(evaluation.map((i) => i.id))).toEqual([]);
    for (const item of evaluation) expect(item.id.startsWith(`eval-${item.language}-`), item.id).toBe(true);
    expect(duplicates(evaluation.map((i) => i.text))).toEqual([]);
  });

  it('comes from every source, and X comments fit X', () => {
    const perSource = countBy(evaluation, (i) => i.source);
    for (const source of SOURCES) expect(perSource[source] ?? 0, source).toBeGreaterThanOrEqual(10);
    for (const item of evaluation.filter((i) => i.source === 'x')) expect(item.text.length, item.id).toBeLessThanOrEqual(X_TEXT_MAX);
  });

  it('suggests exactly the teams of config/desk.example.yaml, plus none', () => {
    expect([...TEAMS].sort()).toEqual([...configuredTeams, 'none'].sort());
  });

  it('keeps every label value represented', () => {
    const minimum = (key: (i: EvalItem) => string, values: readonly string[], least: number) => {
      const counts = countBy(evaluation, key);
      for (const value of values) expect(counts[value] ?? 0, value).toBeGreaterThanOrEqual(least);
    };
    minimum((i) => i.expected.sentiment, SENTIMENTS, 15);
    minimum((i) => i.expected.intent, INTENTS, 6);
    minimum((i) => i.expected.urgency, URGENCIES, 12);
    minimum((i) => String(i.expected.needsResponse), ['true', 'false'], 20);
    minimum((i) => i.expected.suggestedTeam, TEAMS, 8);
    minimum((i) => `${i.expected.intent}/${i.language}`, INTENTS.flatMap((intent) => LANGUAGES.map((l) => `${intent}/${l}`)), 3);
  });

  it('labels coherently', () => {
    for (const { id, expected: e } of evaluation) {
      if (e.intent === 'spam') expect([e.needsResponse, e.suggestedTeam], id).toEqual([false, 'none']);
      if (e.intent === 'crisis') expect([e.urgency, e.needsResponse], id).toEqual(['high', true]);
      if (e.intent === 'praise') expect(e.sentiment, id).toBe('positive');
      if (e.intent === 'complaint' || e.intent === 'abuse') expect(e.sentiment, id).toBe('negative');
      if (e.suggestedTeam === 'none') expect(e.needsResponse, id).toBe(false);
    }
  });

  it('mixes in a few injection-flavoured comments in both languages, labelled by their real intent', () => {
    const flavoured = evaluation.filter((i) => i.injection);
    expect(flavoured.length).toBeGreaterThanOrEqual(4);
    for (const language of LANGUAGES) expect(flavoured.some((i) => i.language === language), language).toBe(true);
    expect(new Set(flavoured.map((i) => i.expected.intent)).size).toBeGreaterThanOrEqual(3);
  });

  it('shares no text with the injection corpus', () => {
    const attacks = new Set(injections.map((i) => i.text));
    expect(evaluation.filter((i) => attacks.has(i.text)).map((i) => i.id)).toEqual([]);
  });
});
