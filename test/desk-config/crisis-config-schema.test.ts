import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config.ts';
import {
  buildCrisisSettings,
  checkCrisisReferences,
  clockDurationSchema,
  crisisConfigSchema,
  formatClockDuration,
} from '../../src/desk-config/crisis-config-schema.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { parseDeskConfig } from '../../src/desk-config/load-desk-config.ts';
import { CRISIS_ROLES } from '../../src/domain/crisis.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const CLOCK_HINT = 'use a clock duration such as 90s, 45m, 2h or 1h30m';

const exampleUrl = new URL('../../config/desk.example.yaml', import.meta.url);
const exampleText = readFileSync(exampleUrl, 'utf8');

type Obj = Record<string, unknown>;
type RawScenario = Obj & { checklist: Obj[]; burst?: Obj & { tones: Obj[] } };
type RawCrisis = Obj & { roster: Record<string, Obj>; scenarios: RawScenario[] };
type Raw = Obj & { crisis?: RawCrisis };

function scenario(id = 'recall'): RawScenario {
  return {
    id,
    title: { de: 'Rückruf', en: 'Recall' },
    situation: { de: 'Ein Rückruf.', en: 'A recall.' },
    timeLimit: '2h',
    holdingStatement: { de: 'Wir wissen von … und prüfen …', en: "We're aware of … and are looking into it …" },
    checklist: [
      { id: 'acknowledge', title: { de: 'Bestätigen', en: 'Acknowledge' }, target: '5m', role: 'lead' },
      { id: 'approve-statement', title: { de: 'Freigeben', en: 'Approve' }, target: '30m', role: 'communications', approvesStatement: true },
    ],
    burst: {
      count: 100,
      over: '30m',
      sources: ['facebook', 'instagram'],
      language: 'de',
      tones: [
        { tone: 'angry', share: 60, phrases: ['Warum erfahre ich das aus der Presse?'] },
        { tone: 'supportive', share: 40, phrases: ['Danke für die Info.'] },
      ],
    },
  };
}

/** A small valid desk with a crisis section; every test changes one thing. */
function base(): Raw & { crisis: RawCrisis } {
  return {
    defaultTeam: 'community',
    teams: [{ id: 'community', name: 'Community', lead: 'anna' }],
    members: [
      { id: 'anna', name: 'Anna' },
      { id: 'ben', name: 'Ben' },
      { id: 'ops', name: 'Ops', roles: ['admin'] },
    ],
    crisis: {
      roster: {
        lead: { primary: 'anna', deputies: ['ben'] },
        management: { primary: 'ops' },
      },
      scenarios: [scenario()],
    },
  };
}

function parse(raw: unknown) {
  return parseDeskConfig(stringify(raw), 'desk.yaml');
}

/** The ConfigError message for an invalid desk (fails the test when it parses). */
function errorOf(raw: unknown): string {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the desk configuration to be rejected');
}

describe('the crisis section of config/desk.example.yaml', () => {
  const cfg = parseDeskConfig(exampleText, exampleUrl.pathname);
  const settings = buildCrisisSettings(cfg.crisis)!;

  it('resolves roster, defaults, room and channels', () => {
    expect(settings.roster).toEqual([
      { role: 'lead', memberIds: ['anna', 'ben'] },
      { role: 'communications', memberIds: ['deniz'] },
      { role: 'legal', memberIds: ['clara'] },
      { role: 'socialMedia', memberIds: ['deniz', 'anna'] },
      { role: 'management', memberIds: ['ops'] },
    ]);
    expect(settings.roster.map((r) => r.role)).toEqual([...CRISIS_ROLES]);
    // Defaults: the lead role declares, everyone on the roster (each once) drills, the first scenario is declared.
    expect(settings.mayDeclare).toEqual(['anna', 'ben']);
    expect(settings.mayDrill).toEqual(['anna', 'ben', 'deniz', 'clara', 'ops']);
    expect(settings.declareScenarioId).toBe('product-recall');
    expect(settings.sources).toBeNull();
    expect(settings).toMatchObject({ locale: 'de', roomChannels: {}, privateRoom: true, stakeholderChannels: { slack: 'C0STAKEHOLD' } });
  });

  it('has a German recall scenario and an English rumour scenario, with durations in milliseconds', () => {
    expect(settings.scenarios.map((s) => s.id)).toEqual(['product-recall', 'data-leak-rumour']);
    const [recall, rumour] = settings.scenarios as [(typeof settings.scenarios)[0], (typeof settings.scenarios)[0]];

    expect(recall.timeLimitMs).toBe(2 * HOUR + 30 * MINUTE);
    expect(recall.checklist.map((s) => s.id)).toEqual([
      'acknowledge',
      'assess-reach',
      'inform-legal',
      'approve-statement',
      'post-statement',
      'answer-top-comments',
      'all-clear',
    ]);
    expect(recall.checklist.map((s) => s.targetMs)).toEqual([5, 20, 30, 45, 60, 90, 120].map((m) => m * MINUTE));
    expect(recall.checklist[0]).toEqual({ id: 'acknowledge', title: { de: 'Lage bestätigen, Rollen besetzen', en: 'Acknowledge and staff the roles' }, targetMs: 5 * MINUTE, role: 'lead' });
    expect(recall.checklist.filter((s) => s.approvesStatement).map((s) => s.id)).toEqual(['approve-statement']);
    expect(recall.title).toEqual({ de: 'Rückruf: Kunststoffteile in Müsliriegeln', en: 'Recall: plastic fragments in granola bars' });
    expect(recall.holdingStatement.de).toMatch(/^Wir wissen von .* und prüfen/);
    expect(recall.holdingStatement.en).toMatch(/^We're aware of .* looking into/);
    // Folded YAML text arrives as one line.
    expect(recall.situation.de).not.toContain('\n');
    expect(recall.burst).toMatchObject({ count: 300, durationMs: 90 * MINUTE, sources: ['facebook', 'instagram'], language: 'de' });
    expect(recall.burst!.tones.map((t) => t.tone)).toEqual(['angry', 'worried', 'sarcastic', 'supportive']);
    const germanPhrases = recall.burst!.tones.flatMap((t) => t.phrases);
    expect(germanPhrases.length).toBeGreaterThanOrEqual(8);
    expect(germanPhrases).toContain('Warum erfahre ich das aus der Presse und nicht von euch?');

    expect(rumour.timeLimitMs).toBe(3 * HOUR);
    expect(rumour.checklist).toHaveLength(7);
    expect(rumour.checklist.filter((s) => s.approvesStatement)).toHaveLength(1);
    expect(rumour.holdingStatement.en).toMatch(/^We're aware of .* looking into it/);
    expect(rumour.burst).toMatchObject({ count: 400, durationMs: 2 * HOUR, sources: ['x', 'instagram', 'youtube'], language: 'en' });

    for (const s of settings.scenarios) {
      for (const step of s.checklist) {
        expect(step.targetMs).toBeGreaterThanOrEqual(5 * MINUTE);
        expect(step.targetMs).toBeLessThanOrEqual(2 * HOUR);
        expect(step.title.de).not.toBe(step.title.en);
      }
      expect(s.timeLimitMs).toBeGreaterThanOrEqual(2 * HOUR);
      expect(s.timeLimitMs).toBeLessThanOrEqual(3 * HOUR);
      expect(s.situation.de).not.toBe(s.situation.en);
    }
  });

  it('is stable when the parsed configuration is validated again', () => {
    const again = deskConfigSchema.parse(cfg);
    expect(again.crisis).toEqual(cfg.crisis);
    expect(buildCrisisSettings(again.crisis)).toEqual(settings);
  });
});

describe('buildCrisisSettings', () => {
  it('returns null without a crisis section', () => {
    const raw: Raw = base();
    delete raw.crisis;
    const cfg = parse(raw);
    expect(cfg.crisis).toBeUndefined();
    expect(buildCrisisSettings(cfg.crisis)).toBeNull();
  });

  it('fills both languages from one string', () => {
    const raw = base();
    raw.crisis.scenarios[0]!.title = 'Produktrückruf';
    raw.crisis.scenarios[0]!.holdingStatement = '  Wir wissen davon.  ';
    raw.crisis.scenarios[0]!.checklist[0]!.title = 'Ack';
    const s = buildCrisisSettings(parse(raw).crisis)!.scenarios[0]!;
    expect(s.title).toEqual({ de: 'Produktrückruf', en: 'Produktrückruf' });
    expect(s.holdingStatement).toEqual({ de: 'Wir wissen davon.', en: 'Wir wissen davon.' });
    expect(s.checklist[0]!.title).toEqual({ de: 'Ack', en: 'Ack' });
  });

  it('applies the defaults of a minimal section', () => {
    const raw = base();
    raw.crisis = { roster: { lead: { primary: 'anna' } }, scenarios: [{ ...scenario(), burst: undefined }] };
    expect(buildCrisisSettings(parse(raw).crisis)).toEqual({
      roster: [{ role: 'lead', memberIds: ['anna'] }],
      mayDeclare: ['anna'],
      mayDrill: ['anna'],
      roomChannels: {},
      privateRoom: false,
      stakeholderChannels: {},
      locale: 'en',
      declareScenarioId: 'recall',
      sources: null,
      scenarios: [
        {
          id: 'recall',
          title: { de: 'Rückruf', en: 'Recall' },
          situation: { de: 'Ein Rückruf.', en: 'A recall.' },
          checklist: [
            { id: 'acknowledge', title: { de: 'Bestätigen', en: 'Acknowledge' }, targetMs: 5 * MINUTE, role: 'lead' },
            { id: 'approve-statement', title: { de: 'Freigeben', en: 'Approve' }, targetMs: 30 * MINUTE, role: 'communications', approvesStatement: true },
          ],
          holdingStatement: { de: 'Wir wissen von … und prüfen …', en: "We're aware of … and are looking into it …" },
          timeLimitMs: 2 * HOUR,
          burst: null,
        },
      ],
    });
  });

  it('takes a fixed Teams room and a Teams stakeholder channel next to the Slack ones, per platform', () => {
    const raw = base();
    Object.assign(raw.crisis, {
      room: { channel: 'G0CRISIS01', msteamsChannel: '19:crisis0123@thread.tacv2' },
      stakeholderChannel: 'C0STAKEHOLD',
      msteamsStakeholderChannel: '19:stake0123@thread.tacv2',
    });
    expect(buildCrisisSettings(parse(raw).crisis)).toMatchObject({
      roomChannels: { slack: 'G0CRISIS01', msteams: '19:crisis0123@thread.tacv2' },
      stakeholderChannels: { slack: 'C0STAKEHOLD', msteams: '19:stake0123@thread.tacv2' },
    });
    const bad = base();
    Object.assign(bad.crisis, { msteamsStakeholderChannel: 'C0STAKEHOLD' });
    expect(errorOf(bad)).toContain('must be a Microsoft Teams channel id such as 19:abc123@thread.tacv2');
    const privateFixed = base();
    Object.assign(privateFixed.crisis, { room: { msteamsChannel: '19:crisis0123@thread.tacv2', private: true } });
    expect(errorOf(privateFixed)).toContain('private applies only to rooms the bot creates');
  });

  it('takes the given lists, channels and scenario, each member once', () => {
    const raw = base();
    Object.assign(raw.crisis, {
      locale: 'de',
      room: { channel: 'G0CRISIS01' },
      stakeholderChannel: 'C0STAKEHOLD',
      mayDeclare: ['ops', 'anna', 'ops'],
      mayDrill: ['ben'],
      declareScenario: 'leak',
      sources: ['facebook', 'facebook', 'x'],
    });
    raw.crisis.roster.lead = { primary: 'anna', deputies: ['anna', 'ben', 'ben'] };
    raw.crisis.scenarios.push(scenario('leak'));
    const settings = buildCrisisSettings(parse(raw).crisis)!;
    expect(settings).toMatchObject({
      locale: 'de',
      roomChannels: { slack: 'G0CRISIS01' },
      privateRoom: false,
      stakeholderChannels: { slack: 'C0STAKEHOLD' },
      mayDeclare: ['ops', 'anna'],
      mayDrill: ['ben'],
      declareScenarioId: 'leak',
      sources: ['facebook', 'x'],
    });
    expect(settings.roster).toEqual([
      { role: 'lead', memberIds: ['anna', 'ben'] },
      { role: 'management', memberIds: ['ops'] },
    ]);
    expect(settings.scenarios[0]!.burst).toEqual({
      count: 100,
      durationMs: 30 * MINUTE,
      sources: ['facebook', 'instagram'],
      language: 'de',
      tones: [
        { tone: 'angry', share: 60, phrases: ['Warum erfahre ich das aus der Presse?'] },
        { tone: 'supportive', share: 40, phrases: ['Danke für die Info.'] },
      ],
    });
  });
});

describe('clockDurationSchema', () => {
  it.each([
    ['90s', 90 * SECOND],
    ['45m', 45 * MINUTE],
    ['2h', 2 * HOUR],
    ['1h30m', 90 * MINUTE],
    ['1h0m30s', HOUR + 30 * SECOND],
    ['2m30s', 150 * SECOND],
    [' 5m ', 5 * MINUTE],
    [5400000, 90 * MINUTE], // an already parsed value
  ])('reads %j as %d ms', (input, ms) => {
    expect(clockDurationSchema.parse(input)).toBe(ms);
  });

  it.each(['0m', '0h0m0s'])('rejects the zero duration %j', (input) => {
    const result = clockDurationSchema.safeParse(input);
    expect(result.error?.issues[0]?.message).toBe('a duration must be longer than zero');
  });

  it.each(['1d', '30', '30min', '1m1h', 'h', '', '-5m', '1.5h', 120, 1500, -60000, 0, null, true])('rejects %j with the hint', (input) => {
    const result = clockDurationSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(CLOCK_HINT);
  });

  it('formats milliseconds the way they are written', () => {
    expect(formatClockDuration(90 * MINUTE)).toBe('1h30m');
    expect(formatClockDuration(2 * HOUR)).toBe('2h');
    expect(formatClockDuration(45 * SECOND)).toBe('45s');
    expect(formatClockDuration(HOUR + 5 * SECOND)).toBe('1h5s');
  });
});

describe('crisis validation', () => {
  const sc = (raw: ReturnType<typeof base>) => raw.crisis.scenarios[0]!;

  describe('section and roster', () => {
    it('rejects unknown keys, naming them', () => {
      const raw = base();
      raw.crisis.mayDeclre = ['anna'];
      expect(errorOf(raw)).toContain('  - crisis: Unrecognized key: "mayDeclre"');
      const raw2 = base();
      raw2.crisis.roster.legl = { primary: 'ben' };
      expect(errorOf(raw2)).toContain('  - crisis.roster: Unrecognized key: "legl"');
      const raw3 = base();
      sc(raw3).timelimit = '1h';
      expect(errorOf(raw3)).toContain('  - crisis.scenarios.0: Unrecognized key: "timelimit"');
      const raw4 = base();
      sc(raw4).checklist[0]!.approveStatement = true;
      expect(errorOf(raw4)).toContain('  - crisis.scenarios.0.checklist.0: Unrecognized key: "approveStatement"');
      const raw5 = base();
      sc(raw5).burst!.duration = '10m';
      expect(errorOf(raw5)).toContain('  - crisis.scenarios.0.burst: Unrecognized key: "duration"');
      const raw6 = base();
      raw6.crisis.roster.lead = { primary: 'anna', deputy: 'ben' };
      expect(errorOf(raw6)).toContain('  - crisis.roster.lead: Unrecognized key: "deputy"');
      const raw7 = base();
      raw7.crisis.room = { channel: 'C0CRISIS01', privat: true };
      expect(errorOf(raw7)).toContain('  - crisis.room: Unrecognized key: "privat"');
    });

    it('requires the lead role', () => {
      const raw = base();
      delete raw.crisis.roster.lead;
      expect(errorOf(raw)).toContain('  - crisis.roster.lead: name the crisis lead, e.g. lead: { primary: anna, deputies: [ben] }');
    });

    it('rejects an unknown role on a step and an unknown locale', () => {
      const raw = base();
      sc(raw).checklist[0]!.role = 'pr';
      expect(errorOf(raw)).toContain('  - crisis.scenarios.0.checklist.0.role:');
      const raw2 = base();
      raw2.crisis.locale = 'fr';
      expect(errorOf(raw2)).toContain('  - crisis.locale:');
    });

    it('rejects member ids and scenario ids that are not slugs', () => {
      const raw = base();
      raw.crisis.roster.lead = { primary: 'Anna Schmidt' };
      expect(errorOf(raw)).toContain('  - crisis.roster.lead.primary: use lowercase letters, digits, - and _');
      const raw2 = base();
      sc(raw2).id = 'Product Recall';
      expect(errorOf(raw2)).toContain('  - crisis.scenarios.0.id: use lowercase letters, digits, - and _');
    });

    it.each(['#crisis', 'crisis', 'c0crisis01', 'U0ANNA0001', 'C0'])('rejects the channel id %j', (channel) => {
      const raw = base();
      raw.crisis.room = { channel };
      raw.crisis.stakeholderChannel = channel;
      const message = errorOf(raw);
      expect(message).toContain('  - crisis.room.channel: must be a Slack channel id such as C0123ABCD');
      expect(message).toContain('  - crisis.stakeholderChannel: must be a Slack channel id such as C0123ABCD');
    });

    it('rejects private together with a fixed room channel', () => {
      const raw = base();
      raw.crisis.room = { channel: 'C0CRISIS01', private: true };
      expect(errorOf(raw)).toContain('  - crisis.room.private: private applies only to rooms the bot creates; leave it out when room.channel is set');
    });

    it('rejects empty mayDeclare, mayDrill and sources lists', () => {
      const raw = base();
      Object.assign(raw.crisis, { mayDeclare: [], mayDrill: [], sources: [] });
      const message = errorOf(raw);
      expect(message).toContain('  - crisis.mayDeclare: name at least one member, or leave mayDeclare out');
      expect(message).toContain('  - crisis.mayDrill: name at least one member, or leave mayDrill out');
      expect(message).toContain('  - crisis.sources: name at least one source, or leave sources out');
    });
  });

  describe('member references (through the desk schema)', () => {
    it('rejects roster primaries and deputies who are not members', () => {
      const raw = base();
      raw.crisis.roster.lead = { primary: 'zoe', deputies: ['ben', 'max'] };
      raw.crisis.roster.legal = { primary: 'clara' };
      const message = errorOf(raw);
      expect(message).toContain('  - crisis.roster.lead.primary: "zoe" is not one of the members');
      expect(message).toContain('  - crisis.roster.lead.deputies.1: "max" is not one of the members');
      expect(message).toContain('  - crisis.roster.legal.primary: "clara" is not one of the members');
      expect(message).not.toContain('deputies.0');
    });

    it('rejects mayDeclare and mayDrill entries who are not members', () => {
      const raw = base();
      Object.assign(raw.crisis, { mayDeclare: ['anna', 'zoe'], mayDrill: ['max'] });
      const message = errorOf(raw);
      expect(message).toContain('  - crisis.mayDeclare.1: "zoe" is not one of the members');
      expect(message).toContain('  - crisis.mayDrill.0: "max" is not one of the members');
    });

    it('rejects a declareScenario that is not a scenario, listing them', () => {
      const raw = base();
      raw.crisis.declareScenario = 'outage';
      expect(errorOf(raw)).toContain('  - crisis.declareScenario: "outage" is not one of the scenarios (recall)');
    });

    it('checkCrisisReferences reports under the given path', () => {
      const crisis = crisisConfigSchema.parse(base().crisis);
      const issues: unknown[] = [];
      checkCrisisReferences(crisis, new Set(['anna']), { addIssue: (issue) => issues.push(issue) }, ['desk', 'crisis']);
      expect(issues).toEqual([
        { code: 'custom', path: ['desk', 'crisis', 'roster', 'lead', 'deputies', 0], message: '"ben" is not one of the members' },
        { code: 'custom', path: ['desk', 'crisis', 'roster', 'management', 'primary'], message: '"ops" is not one of the members' },
      ]);
      checkCrisisReferences(crisis, new Set(['anna', 'ben', 'ops']), { addIssue: (issue) => issues.push(issue) }, ['crisis']);
      expect(issues).toHaveLength(2);
    });
  });

  describe('scenarios', () => {
    it('needs at least one scenario, each id once', () => {
      const raw = base();
      raw.crisis.scenarios = [];
      expect(errorOf(raw)).toContain('  - crisis.scenarios: give at least one scenario');
      const raw2 = base();
      raw2.crisis.scenarios.push(scenario('leak'), scenario('recall'));
      expect(errorOf(raw2)).toContain('  - crisis.scenarios: scenario id "recall" is used twice');
    });

    it('rejects texts that are missing, blank or of another shape', () => {
      const raw = base();
      sc(raw).title = { de: 'Rückruf' };
      sc(raw).situation = { de: 'Ein Rückruf.', en: '   ' };
      sc(raw).holdingStatement = 42;
      const message = errorOf(raw);
      expect(message).toContain('  - crisis.scenarios.0.title.en: missing; write one text, or a German and an English one as { de: "…", en: "…" }');
      expect(message).toContain('  - crisis.scenarios.0.situation.en: must not be blank');
      expect(message).toContain('  - crisis.scenarios.0.holdingStatement: write one text, or a German and an English one');
      const raw2 = base();
      sc(raw2).title = { de: 'Rückruf', en: 'Recall', fr: 'Rappel' };
      expect(errorOf(raw2)).toContain('  - crisis.scenarios.0.title: Unrecognized key: "fr"');
    });

    it('rejects a time limit that is not a clock duration', () => {
      const raw = base();
      sc(raw).timeLimit = '1d';
      expect(errorOf(raw)).toContain(`  - crisis.scenarios.0.timeLimit: ${CLOCK_HINT}`);
      const raw2 = base();
      sc(raw2).timeLimit = 120;
      // Only the hint: the step targets are not compared with a time limit that did not parse.
      expect(errorOf(raw2).split('\n').slice(1)).toEqual([`  - crisis.scenarios.0.timeLimit: ${CLOCK_HINT} (h, m, s in that order)`]);
    });
  });

  describe('checklist', () => {
    it('needs 1 to 30 steps', () => {
      const raw = base();
      sc(raw).checklist = [];
      expect(errorOf(raw)).toContain('  - crisis.scenarios.0.checklist: give the checklist at least one step');
      const raw2 = base();
      sc(raw2).checklist = Array.from({ length: 31 }, (_, i) => ({ id: `step-${i}`, title: `Step ${i}`, target: '10m' }));
      expect(errorOf(raw2)).toContain('  - crisis.scenarios.0.checklist: a checklist may have at most 30 steps');
      const raw3 = base();
      sc(raw3).checklist = Array.from({ length: 30 }, (_, i) => ({ id: `step-${i}`, title: `Step ${i}`, target: '10m' }));
      expect(buildCrisisSettings(parse(raw3).crisis)!.scenarios[0]!.checklist).toHaveLength(30);
    });

    it('rejects a step id used twice', () => {
      const raw = base();
      sc(raw).checklist[1]!.id = 'acknowledge';
      expect(errorOf(raw)).toContain('  - crisis.scenarios.0.checklist: step id "acknowledge" is used twice');
    });

    it('rejects a target after the time limit, and accepts one exactly at it', () => {
      const raw = base();
      sc(raw).checklist[1]!.target = '2h1m';
      expect(errorOf(raw)).toContain(
        "  - crisis.scenarios.0.checklist.1.target: the target 2h1m is after the scenario's timeLimit (2h); shorten it or raise timeLimit",
      );
      const raw2 = base();
      sc(raw2).checklist[1]!.target = '120m';
      expect(buildCrisisSettings(parse(raw2).crisis)!.scenarios[0]!.checklist[1]!.targetMs).toBe(2 * HOUR);
    });

    it('rejects a target that is not a clock duration', () => {
      const raw = base();
      sc(raw).checklist[0]!.target = '5 minutes';
      expect(errorOf(raw)).toContain(`  - crisis.scenarios.0.checklist.0.target: ${CLOCK_HINT}`);
    });

    it('allows at most one step that approves the statement', () => {
      const raw = base();
      sc(raw).checklist[0]!.approvesStatement = true;
      expect(errorOf(raw)).toContain('  - crisis.scenarios.0.checklist: only one step may have approvesStatement (found "acknowledge", "approve-statement")');
      const raw2 = base();
      delete sc(raw2).checklist[1]!.approvesStatement;
      expect(parse(raw2).crisis!.scenarios[0]!.checklist.some((s) => s.approvesStatement)).toBe(false);
    });
  });

  describe('burst', () => {
    it.each([
      [0, 'count must be at least 1'],
      [5001, 'count may be at most 5000'],
      [2.5, 'count must be a whole number'],
    ])('rejects the count %j', (count, message) => {
      const raw = base();
      sc(raw).burst!.count = count;
      expect(errorOf(raw)).toContain(`  - crisis.scenarios.0.burst.count: ${message}`);
    });

    it('accepts 1 and 5000 comments', () => {
      for (const count of [1, 5000]) {
        const raw = base();
        sc(raw).burst!.count = count;
        expect(buildCrisisSettings(parse(raw).crisis)!.scenarios[0]!.burst!.count).toBe(count);
      }
    });

    it('rejects a burst longer than the time limit', () => {
      const raw = base();
      sc(raw).burst!.over = '3h';
      expect(errorOf(raw)).toContain(
        "  - crisis.scenarios.0.burst.over: the burst runs 3h, longer than the scenario's timeLimit (2h); shorten it or raise timeLimit",
      );
    });

    it('needs at least one source', () => {
      const raw = base();
      sc(raw).burst!.sources = [];
      expect(errorOf(raw)).toContain('  - crisis.scenarios.0.burst.sources: name at least one source');
    });

    it('needs a tone with a share above 0, and no negative shares', () => {
      const raw = base();
      for (const tone of sc(raw).burst!.tones) tone.share = 0;
      expect(errorOf(raw)).toContain('  - crisis.scenarios.0.burst.tones: at least one tone needs a share above 0');
      const raw2 = base();
      sc(raw2).burst!.tones = [];
      expect(errorOf(raw2)).toContain('  - crisis.scenarios.0.burst.tones: name at least one tone');
      const raw3 = base();
      sc(raw3).burst!.tones[1]!.share = -5;
      expect(errorOf(raw3)).toContain('  - crisis.scenarios.0.burst.tones.1.share: a share must not be negative');
      const raw4 = base();
      sc(raw4).burst!.tones[1]!.share = 0;
      expect(buildCrisisSettings(parse(raw4).crisis)!.scenarios[0]!.burst!.tones[1]!.share).toBe(0);
    });

    it('needs at least one phrase per tone, each at most 280 characters', () => {
      const raw = base();
      sc(raw).burst!.tones[0]!.phrases = [];
      expect(errorOf(raw)).toContain('  - crisis.scenarios.0.burst.tones.0.phrases: give at least one phrase for this tone');
      const raw2 = base();
      sc(raw2).burst!.tones[1]!.phrases = ['ok', 'x'.repeat(281)];
      expect(errorOf(raw2)).toContain('  - crisis.scenarios.0.burst.tones.1.phrases.1: a phrase may have at most 280 characters');
      const raw3 = base();
      sc(raw3).burst!.tones[1]!.phrases = ['ä'.repeat(280)];
      expect(() => parse(raw3)).not.toThrow();
    });

    it('rejects a tone or source listed twice and a bad language code', () => {
      const raw = base();
      sc(raw).burst!.tones[1]!.tone = 'angry';
      sc(raw).burst!.sources = ['x', 'x'];
      sc(raw).burst!.language = 'German';
      const message = errorOf(raw);
      expect(message).toContain('  - crisis.scenarios.0.burst.tones: tone "angry" is listed twice');
      expect(message).toContain('  - crisis.scenarios.0.burst.sources: source "x" is listed twice');
      expect(message).toContain('  - crisis.scenarios.0.burst.language: use a language code such as de or en');
    });

    it('may be left out: a drill then injects no comments', () => {
      const raw = base();
      delete sc(raw).burst;
      expect(buildCrisisSettings(parse(raw).crisis)!.scenarios[0]!.burst).toBeNull();
    });
  });
});
