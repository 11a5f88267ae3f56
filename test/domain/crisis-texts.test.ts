import { describe, expect, it } from 'vitest';
import { keyPaths, leaves, renderedTexts } from '../support/text-leaves.ts';
import { mrkdwn } from '../../src/chat/slack/mrkdwn.ts';
import { CRISIS_ROLES } from '../../src/domain/crisis.ts';
import { CRISIS_SUBCOMMANDS, type CrisisTexts, crisisTexts } from '../../src/domain/crisis-texts.ts';

const de = renderedTexts(crisisTexts('de'), mrkdwn);
const en = renderedTexts(crisisTexts('en'), mrkdwn);


/** Sample arguments for every function, by key path: the test fails when a function is added without a sample. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  kind: ['drill'],
  mark: ['real'],
  headline: ['drill', 3, 'Product recall'],
  duration: [65 * 60_000],
  percent: [0.83],
  list: [['Anna', 'Ben', 'Clara']],
  more: [4],
  started: ['<!date^1|x>', 'Anna'],
  timeLimit: ['<!date^1|x>'],
  endedLine: ['<!date^1|x>', 'time limit reached', 'Anna'],
  rosterProgress: [4, 6],
  checklistProgress: [3, 7],
  stepTarget: ['+15 min'],
  stepDoneBy: ['Anna', '+12 min', 'on time'],
  late: ['3 min'],
  compactChecklist: [12],
  doneButtonNumbered: [12, 'Inform legal'],
  stepsNotShown: [5],
  commentCounts: [40, 12, 20, 8],
  burstProgress: [24, 40],
  statementState: ['waiting for approval'],
  pageIntro: ['Drill', 3, 'Lead'],
  room: ['<#C1>'],
  acknowledged: ['+2 min'],
  pageEnded: ['Drill', 3, '<!date^1|x>'],
  pageFallback: ['Lead'],
  statementApprovedBy: ['Anna', '<!date^1|x>'],
  updateBy: ['Anna', '<!date^1|x>'],
  updateFallback: ['Crisis', 4],
  announcementDeclared: ['Anna', '<!date^1|x>'],
  announcementLeads: ['Anna and Ben'],
  reportStarted: ['<!date^1|x>'],
  reportEnded: ['<!date^1|x>', 'time limit reached'],
  reportDuration: ['42 min'],
  reportFirstAck: ['+1 min'],
  reportRoleAck: ['Anna', '+1 min'],
  reportStepOnTime: ['+4 min', '+5 min', 'Anna'],
  reportStepLate: ['+22 min', '+15 min', '7 min', 'Anna'],
  reportStepNotDone: ['+30 min'],
  reportStatementApproved: ['+18 min', 'Clara'],
  reportCommentCounts: [40, 35, 30, 5],
  reportCommentTimes: ['3 min', '11 min', '9 min', '86 %'],
  reportUpdates: [3],
  'missed.roleUnacknowledged': ['Legal'],
  'missed.stepNotDone': ['Inform legal'],
  'missed.stepLate': ['Inform legal', '4 min'],
  'missed.commentsUnanswered': [5],
  'missed.commentsLate': [2],
  reportsHint: ['/crisis'],
  reportListLine: [{ kind: 'Drill', number: 3, title: 'Recall', when: 'today', duration: '42 min', firstAck: '+1 min', stepsOnTime: 5, steps: 7, answered: 30, received: 40 }],
  scenarioLine: [{ id: 'recall', title: 'Recall', steps: 7, timeLimit: '2 h', burst: '40 comments', isDeclare: true }],
  scenarioBurst: [40, '30 min'],
  scenariosHint: ['/crisis'],
  statusRoster: [4, 6, 'Clara (Legal)'],
  statusChecklist: [3, 7],
  'timeline.drill_started': ['Anna', ''],
  'timeline.crisis_declared': ['Anna', ''],
  'timeline.acknowledged': ['Anna', ''],
  'timeline.step_done': ['Anna', '*1. Assess reach*'],
  'timeline.statement_approved': ['Anna', ''],
  'timeline.update': ['Anna', '“All hands”'],
  'timeline.burst': ['Community Desk', '+5 (25/40)'],
  'timeline.ended': ['Anna', '(ended with /crisis end)'],
  'timeline.report': ['Community Desk', ''],
  'timeline.claimed': ['Anna', '“Where is my order?”'],
  'timeline.answered': ['Anna', '“Where is my order?”'],
  'timeline.dismissed': ['Anna', '“Where is my order?”'],
  'timeline.routed_to_team': ['Anna', '“Where is my order?”'],
  'timeline.routed_to_person': ['Anna', '“Where is my order?”'],
  'timeline.reassigned': ['Anna', '“Where is my order?”'],
  timelineOther: ['snoozed', 'Anna'],
  help: ['/crisis'],
  usage: ['/crisis', 'update'],
  unknownSubcommand: ['/crisis', 'foo'],
  notMember: [],
  notConfigured: [],
  mayNotDrill: [['Anna', 'Ben']],
  mayNotDeclare: [['Anna']],
  mayNotEnd: [['Anna', 'Ben']],
  alreadyActive: ['Drill', 3, 'Product recall'],
  noActive: ['/crisis'],
  unknownScenario: ['nope', ['recall', 'data-leak']],
  notOnRoster: [],
  stepUnknown: [],
  stepAlreadyDone: ['Anna', '<!date^1|x>'],
  crisisEnded: ['Drill', 3],
  updateTextMissing: ['/crisis'],
  statementAlreadyApproved: ['Anna', '<!date^1|x>'],
  reportNotFound: ['12'],
  noReports: [],
  drillStarted: [3, 'Product recall'],
  declared: [4, 'Data leak'],
  updatePosted: ['the room'],
  ended: ['Drill', 3],
  acked: [],
  stepDone: ['Inform legal'],
  statementApproved: [],
};

describe('crisisTexts', () => {
  it('has the same keys, deep, in German and English', () => {
    expect(keyPaths(de)).toEqual(keyPaths(en));
  });

  it('has the same kind of value (string, function, object) under every key', () => {
    const kinds = (t: CrisisTexts) => leaves(t, SAMPLE_ARGS).map(([k]) => k);
    expect(kinds(de)).toEqual(kinds(en));
  });

  it.each([
    ['de', de],
    ['en', en],
  ])('%s: no string is empty and no function answers an empty string', (_locale, t) => {
    const all = leaves(t, SAMPLE_ARGS);
    expect(all.length).toBeGreaterThan(100);
    for (const [key, text] of all) {
      expect(typeof text, key).toBe('string');
      expect(text.trim().length, key).toBeGreaterThan(0);
      expect(text, key).not.toMatch(/undefined|NaN|\[object Object\]/);
    }
  });

  it('answers English and German in the right language', () => {
    expect(en.help('/crisis')).toMatch(/rehearses a social-media shitstorm/);
    expect(de.help('/crisis')).toMatch(/probt einen Shitstorm/);
    expect(de.noActive('/crisis')).toMatch(/Starte eine Übung/);
  });

  it('names the roles as the team knows them', () => {
    expect(CRISIS_ROLES.map((r) => en.roles[r])).toEqual(['Lead', 'Communications', 'Legal', 'Social media', 'Management']);
    expect(CRISIS_ROLES.map((r) => de.roles[r])).toEqual(['Leitung', 'Kommunikation', 'Recht', 'Social Media', 'Geschäftsführung']);
  });

  it('labels kinds and marks drills everywhere', () => {
    expect([en.kind('drill'), en.kind('real'), de.kind('drill'), de.kind('real')]).toEqual(['Drill', 'Crisis', 'Übung', 'Krise']);
    expect(en.headline('drill', 3, 'Product recall')).toBe('🧪 DRILL #3 — Product recall');
    expect(de.headline('drill', 3, 'Produktrückruf')).toBe('🧪 ÜBUNG #3 — Produktrückruf');
    expect(en.headline('real', 4, 'Data leak')).toBe('🚨 CRISIS #4 — Data leak');
    expect(de.headline('real', 4, 'Datenleck')).toBe('🚨 KRISE #4 — Datenleck');
  });

  it('gives both end reasons', () => {
    expect(en.endReason).toEqual({ command: 'ended with /crisis end', time_limit: 'time limit reached' });
    expect(de.endReason).toEqual({ command: 'beendet mit /crisis end', time_limit: 'Zeitlimit erreicht' });
  });

  describe('duration', () => {
    it.each([
      [0, '0 s', '0 Sek.'],
      [45_000, '45 s', '45 Sek.'],
      [59_999, '59 s', '59 Sek.'],
      [60_000, '1 min', '1 Min.'],
      [4 * 60_000 + 30_000, '4 min', '4 Min.'],
      [60 * 60_000, '1 h', '1 Std.'],
      [65 * 60_000, '1 h 5 min', '1 Std. 5 Min.'],
      [26 * 60 * 60_000 + 60_000, '26 h 1 min', '26 Std. 1 Min.'],
      [-3 * 60_000, '3 min', '3 Min.'],
    ])('%i ms is "%s" / "%s"', (ms, english, german) => {
      expect(en.duration(ms)).toBe(english);
      expect(de.duration(ms)).toBe(german);
    });

    it('writes minutes and hours like i18n.ts', () => {
      // i18n.ts: "1 h 10 min" / "1 Std. 10 Min."
      expect(en.duration(70 * 60_000)).toBe('1 h 10 min');
      expect(de.duration(70 * 60_000)).toBe('1 Std. 10 Min.');
    });
  });

  describe('help and usage', () => {
    it.each([
      ['en', en],
      ['de', de],
    ])('%s help names every subcommand with its arguments', (_locale, t) => {
      const help = t.help('/crisis');
      for (const sub of CRISIS_SUBCOMMANDS) expect(help).toContain(`\`/crisis ${sub}`);
      expect(help).toMatch(/`\/crisis update &lt;text&gt;`/);
      expect(help).toMatch(/`\/crisis report &lt;(number|nummer)&gt;`/);
      expect(help).toMatch(/`\/crisis drill \[(scenario|szenario)\]`/);
      expect(help).toMatch(/`\/crisis declare \[(summary|zusammenfassung)\]`/);
    });

    it('uses the command name it is given', () => {
      expect(en.help('/krise')).toContain('`/krise status`');
      expect(en.usage('/krise', 'report')).toBe('Usage: `/krise report &lt;number&gt;` — one report, e.g. `report 3`.');
      expect(de.usage('/crisis', 'update')).toMatch(/^So geht's: `\/crisis update &lt;text&gt;` — /);
      expect(en.usage('/crisis', 'nonsense')).toContain('`/crisis help`');
      expect(en.unknownSubcommand('/crisis', 'foo')).toBe("I don't know `/crisis foo`. Try `/crisis help`.");
    });
  });

  describe('refusals', () => {
    it('says who may act, and what to configure when nobody may', () => {
      expect(en.mayNotDrill(['Anna', 'Ben', 'Clara'])).toBe('Only Anna, Ben and Clara may start drills.');
      expect(de.mayNotDeclare(['Anna', 'Ben'])).toMatch(/^Eine echte Krise ausrufen dürfen nur Anna und Ben\./);
      expect(en.mayNotEnd(['Anna'])).toBe('Only Anna may end it.');
      expect(en.mayNotDrill([])).toContain('crisis.mayDrill');
      expect(de.mayNotDeclare([])).toContain('crisis.mayDeclare');
    });

    it('tells what to add when crisis is not configured', () => {
      for (const t of [en, de]) {
        const text = t.notConfigured();
        for (const key of ['`crisis:`', '`roster`', '`mayDrill`', '`mayDeclare`', '`scenarios`']) expect(text).toContain(key);
      }
    });

    it('points to /crisis end when one is running', () => {
      expect(en.alreadyActive('Drill', 3, 'Product recall')).toBe('Drill #3 “Product recall” is still running. End it first with `/crisis end`.');
      expect(de.alreadyActive('Übung', 3, 'Produktrückruf')).toBe('Übung #3 „Produktrückruf“ läuft noch. Beende sie zuerst mit `/crisis end`.');
    });

    it('lists the known scenarios', () => {
      expect(en.unknownScenario('nope', ['recall', 'data-leak'])).toBe('There is no scenario `nope`. Available: `recall`, `data-leak`.');
      expect(de.unknownScenario('nope', [])).toMatch(/keine konfiguriert/);
    });

    it('gives a helpful empty state for reports', () => {
      expect(en.noReports()).toContain('`/crisis drill`');
      expect(de.noReports()).toContain('`/crisis drill`');
    });
  });

  describe('confirmations', () => {
    it('confirms start and declaration with the room and the pages', () => {
      expect(en.drillStarted(3, 'Product recall')).toBe('🧪 Drill #3 “Product recall” started. The room is being opened and you are invited; the roster is being paged.');
      expect(de.declared(4, 'Datenleck')).toMatch(/^🚨 Krise #4 „Datenleck“ ausgerufen\. Der Raum wird eröffnet und du bist eingeladen/);
      expect(en.ended('Drill', 3)).toBe('🏁 Drill #3 ended. The report follows in the room.');
      expect(en.updatePosted(en.list([en.audience.room, en.audience.stakeholders]))).toBe('📣 Update posted to the room and the stakeholder channel.');
      expect(de.updatePosted(de.list([de.audience.room, de.audience.stakeholders]))).toBe('📣 Update gepostet in den Raum und den Stakeholder-Kanal.');
    });
  });

  it('joins lists with "and" / "und"', () => {
    expect(en.list([])).toBe('');
    expect(en.list(['Anna'])).toBe('Anna');
    expect(en.list(['Anna', 'Ben'])).toBe('Anna and Ben');
    expect(de.list(['Anna', 'Ben', 'Clara'])).toBe('Anna, Ben und Clara');
  });
});

describe('crisisTexts as Slack mrkdwn', () => {
  it('writes placeholders escaped, never a raw <…> that Slack would read as a link', () => {
    for (const t of [en, de]) {
      for (const [key, text] of leaves(t, SAMPLE_ARGS)) {
        // Sample arguments bring their own date tokens and channel links; everything else must be escaped.
        const rest = text.replace(/<!date\^\d+\|x>/g, '').replace(/<#C1>/g, '');
        expect(rest, key).not.toMatch(/[<>]/);
      }
    }
  });
});
