import { describe, expect, it } from 'vitest';
import { keyPaths, leaves, renderedTexts } from '../support/text-leaves.ts';
import { mrkdwn } from '../../src/chat/slack/mrkdwn.ts';
import { channel } from '../../src/domain/rich-text.ts';
import { GOAL_METRICS, type GoalMetric } from '../../src/domain/kpi.ts';
import { type KpiTexts, kpiTexts } from '../../src/domain/kpi-texts.ts';

const de = renderedTexts(kpiTexts('de'), mrkdwn);
const en = renderedTexts(kpiTexts('en'), mrkdwn);


/** 2026-W47 in Europe/Berlin (CET): Monday 16 Nov 00:00 to Monday 23 Nov 00:00 local time. */
const W47_START = new Date('2026-11-15T23:00:00Z');
const W47_END = new Date('2026-11-22T23:00:00Z');

/** Sample arguments for every function, by key path: the test fails when a function is added without a sample. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  formatValue: ['duration', 65 * 60_000],
  formatNumber: [1234.5, 1],
  formatDuration: [65 * 60_000],
  actualVsTarget: ['42 min', 'at most', '1 h'],
  trendLine: ['better', '1 h 10 min'],
  lastWeekOnly: ['88 %'],
  lastWeek: ['1,210'],
  medianP90: ['42 min', '3 h'],
  backlogChange: ['31', '18'],
  escalationCounts: ['12', '5', '2'],
  dismissedRouted: ['6', '7'],
  more: [5],
  digestTitle: ['Customer Support', '2026-W47', W47_START, W47_END, 'Europe/Berlin'],
  weekRange: [W47_START, W47_END, 'Europe/Berlin'],
  summary: ['Customer Support', '2026-W47', 1340, 1234, 3, 6],
  chartTitle: ['Customer Support', '2026-W47'],
  drillLine: [3, 'Product recall', '2 min', 5, 7],
  kpiHelp: ['/kpi'],
  kpiUsage: ['/kpi'],
  kpiBadWeek: ['/kpi', '2026-W99'],
  kpiNotMember: [],
  kpiNoTeam: [],
  posted: ['<#C0SUPPORT01>'],
  noChannel: ['Customer Support'],
};

describe('kpiTexts', () => {
  it('has the same keys, deep, in German and English', () => {
    expect(keyPaths(de)).toEqual(keyPaths(en));
  });

  it('has the same kind of value (string, function, object) under every key', () => {
    const kinds = (t: KpiTexts) => leaves(t, SAMPLE_ARGS).map(([k]) => k);
    expect(kinds(de)).toEqual(kinds(en));
  });

  it.each([
    ['de', de],
    ['en', en],
  ])('%s: no string is empty and no function answers an empty string', (_locale, t) => {
    const all = leaves(t, SAMPLE_ARGS);
    expect(all.length).toBeGreaterThan(60);
    for (const [key, text] of all) {
      expect(typeof text, key).toBe('string');
      expect(text.trim().length, key).toBeGreaterThan(0);
      expect(text, key).not.toMatch(/undefined|NaN|\[object Object\]|Invalid Date/);
    }
  });

  it('names every goal metric in both languages', () => {
    const metrics = Object.keys(GOAL_METRICS) as GoalMetric[];
    expect(Object.keys(en.metric).sort()).toEqual([...metrics].sort());
    expect(Object.keys(de.metric).sort()).toEqual([...metrics].sort());
    expect(en.metric.firstResponseMedian).toBe('Median first response (working time)');
    expect(de.metric.firstResponseMedian).toBe('Median Erstreaktion (Arbeitszeit)');
    // Distinct names: a digest never lists two goals under the same words.
    expect(new Set(Object.values(en.metric)).size).toBe(metrics.length);
    expect(new Set(Object.values(de.metric)).size).toBe(metrics.length);
  });

  describe('formatValue', () => {
    it.each([
      [0, '0 s', '0 Sek.'],
      [45_000, '45 s', '45 Sek.'],
      [59_400, '59 s', '59 Sek.'],
      [59_600, '1 min', '1 Min.'],
      [42 * 60_000 + 17_000, '42 min', '42 Min.'],
      [42 * 60_000 + 31_000, '43 min', '43 Min.'],
      [60 * 60_000, '1 h', '1 Std.'],
      [65 * 60_000, '1 h 5 min', '1 Std. 5 Min.'],
      [119 * 60_000 + 45_000, '2 h', '2 Std.'],
      [52 * 3_600_000 + 10 * 60_000, '52 h 10 min', '52 Std. 10 Min.'],
      [1234 * 3_600_000, '1,234 h', '1.234 Std.'],
    ])('duration %i ms is "%s" / "%s"', (ms, english, german) => {
      expect(en.formatValue('duration', ms)).toBe(english);
      expect(de.formatValue('duration', ms)).toBe(german);
    });

    it.each([
      [0.925, '92.5 %', '92,5 %'],
      [0.9, '90 %', '90 %'],
      [1, '100 %', '100 %'],
      [0, '0 %', '0 %'],
      [0.12345, '12.3 %', '12,3 %'],
      [0.99999, '100 %', '100 %'],
    ])('share %d is "%s" / "%s"', (share, english, german) => {
      expect(en.formatValue('share', share)).toBe(english);
      expect(de.formatValue('share', share)).toBe(german);
    });

    it.each([
      [0, '0', '0'],
      [18, '18', '18'],
      [999, '999', '999'],
      [1234, '1,234', '1.234'],
      [1_234_567, '1,234,567', '1.234.567'],
      [12.5, '12.5', '12,5'],
    ])('count %d is "%s" / "%s"', (count, english, german) => {
      expect(en.formatValue('count', count)).toBe(english);
      expect(de.formatValue('count', count)).toBe(german);
    });

    it('writes a dash when there is nothing to measure', () => {
      for (const kind of ['duration', 'share', 'count'] as const) {
        expect(en.formatValue(kind, null)).toBe('—');
        expect(de.formatValue(kind, null)).toBe('—');
        expect(en.formatValue(kind, Number.NaN)).toBe('—');
      }
    });

    it('writes hours and minutes like i18n.ts', () => {
      // i18n.ts: "1 h 10 min" / "1 Std. 10 Min."
      expect(en.formatDuration(70 * 60_000)).toBe('1 h 10 min');
      expect(de.formatDuration(70 * 60_000)).toBe('1 Std. 10 Min.');
      expect(en.formatNumber(1234.5, 1)).toBe('1,234.5');
      expect(de.formatNumber(1234.5, 1)).toBe('1.234,5');
    });
  });

  it('puts actual, comparison and target into one phrase', () => {
    expect(en.actualVsTarget('42 min', en.comparison['<='], '1 h')).toBe('42 min (target: at most 1 h)');
    expect(de.actualVsTarget('42 Min.', de.comparison['<='], '1 Std.')).toBe('42 Min. (Ziel: höchstens 1 Std.)');
    expect(en.comparison).toEqual({ '<=': 'at most', '<': 'under', '>=': 'at least', '>': 'over' });
    expect(de.comparison).toEqual({ '<=': 'höchstens', '<': 'unter', '>=': 'mindestens', '>': 'über' });
    expect(en.comparisonSymbol).toEqual({ '<=': '≤', '<': '<', '>=': '≥', '>': '>' });
  });

  it('words the trend with an arrow for good (↗︎), bad (↘︎) and flat (→)', () => {
    expect(en.trendLine('better', '1 h 10 min')).toBe('↗︎ better than last week (1 h 10 min)');
    expect(en.trendLine('worse', '94 %')).toBe('↘︎ worse than last week (94 %)');
    expect(en.trendLine('same', '18')).toBe('→ same as last week (18)');
    expect(de.trendLine('better', '1 Std. 10 Min.')).toBe('↗︎ besser als letzte Woche (1 Std. 10 Min.)');
    expect(de.trendLine('worse', '94 %')).toBe('↘︎ schlechter als letzte Woche (94 %)');
    expect(de.trendLine('same', '18')).toBe('→ wie letzte Woche (18)');
    expect(en.status).toEqual({ met: '✅', missed: '❌', noData: '➖' });
    expect(de.statusWord).toEqual({ met: 'erreicht', missed: 'verfehlt', noData: 'keine Daten' });
  });

  describe('digestTitle', () => {
    it('names team, ISO week and the days in the team time zone', () => {
      expect(en.digestTitle('Customer Support', '2026-W47', W47_START, W47_END, 'Europe/Berlin')).toBe(
        '📊 KPI digest · Customer Support · 2026-W47 (16–22 Nov 2026)',
      );
      expect(de.digestTitle('Kundenservice', '2026-W47', W47_START, W47_END, 'Europe/Berlin')).toBe('📊 KPI-Wochenbericht · Kundenservice · 2026-W47 (16.–22.11.2026)');
      // Read in UTC, the same instants start on Sunday: the time zone matters.
      expect(en.weekRange(W47_START, W47_END)).toBe('15–22 Nov 2026');
    });

    it('spans months and years', () => {
      // 2026-W49: Mon 30 Nov to Sun 6 Dec 2026; 2026-W53: Mon 28 Dec 2026 to Sun 3 Jan 2027 (UTC).
      expect(en.weekRange(new Date('2026-11-30T00:00:00Z'), new Date('2026-12-07T00:00:00Z'))).toBe('30 Nov – 6 Dec 2026');
      expect(de.weekRange(new Date('2026-11-30T00:00:00Z'), new Date('2026-12-07T00:00:00Z'))).toBe('30.11.–6.12.2026');
      expect(en.weekRange(new Date('2026-12-28T00:00:00Z'), new Date('2027-01-04T00:00:00Z'))).toBe('28 Dec 2026 – 3 Jan 2027');
      expect(de.weekRange(new Date('2026-12-28T00:00:00Z'), new Date('2027-01-04T00:00:00Z'))).toBe('28.12.2026–3.1.2027');
    });

    it('handles a week with a clock change (Berlin, end of March)', () => {
      // 2026-W13: Mon 23 Mar 00:00 CET to Mon 30 Mar 00:00 CEST.
      expect(de.weekRange(new Date('2026-03-22T23:00:00Z'), new Date('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('23.–29.3.2026');
    });
  });

  it('sums the week up in one line, with goals only when there are any', () => {
    expect(en.summary('Support', '2026-W47', 1340, 1234, 3, 6)).toBe('📊 KPI digest for Support, 2026-W47: 1,340 received, 1,234 answered, 3 of 6 goals met');
    expect(de.summary('Support', '2026-W47', 1340, 1234, 3, 6)).toBe('📊 KPI-Wochenbericht für Support, 2026-W47: 1.340 eingegangen, 1.234 beantwortet, 3 von 6 Zielen erreicht');
    expect(en.summary('Support', '2026-W47', 0, 0, 0, 0)).toBe('📊 KPI digest for Support, 2026-W47: 0 received, 0 answered');
  });

  it('describes a drill in one short line', () => {
    expect(en.drillLine(3, 'Product recall', '2 min', 5, 7)).toBe('🧪 Drill #3 — Product recall · first acknowledgement after 2 min · 5/7 steps on time');
    expect(de.drillLine(3, 'Produktrückruf', null, 0, 7)).toBe('🧪 Übung #3 — Produktrückruf · niemand hat bestätigt · 0/7 Schritte rechtzeitig');
  });

  describe('/kpi', () => {
    it.each([
      ['en', en],
      ['de', de],
    ])('%s: help explains every form and the post button', (_locale, t) => {
      const help = t.kpiHelp('/kpi');
      for (const form of ['`/kpi`', '`/kpi last`', '`/kpi 2026-W47`', '`/kpi help`']) expect(help).toContain(form);
      expect(help).toContain(`*${t.postButton}*`);
      expect(help).not.toMatch(/[<>]/);
      expect(t.kpiUsage('/kpi')).toMatch(/`\/kpi last`.*`\/kpi 2026-W47`/);
    });

    it('uses the command name it is given', () => {
      expect(en.kpiHelp('/kpi-test')).toContain('`/kpi-test last`');
      expect(de.kpiUsage('/kennzahlen')).toBe("So geht's: `/kennzahlen`, `/kennzahlen last`, `/kennzahlen 2026-W47` oder `/kennzahlen help`.");
    });

    it('quotes a bad week without letting it break the code span', () => {
      expect(en.kpiBadWeek('/kpi', '2026-W99')).toBe(
        '`2026-W99` is not a week I can show. Use an ISO week such as `/kpi 2026-W47` (not in the future), or `/kpi last` for last week.',
      );
      const bad = de.kpiBadWeek('/kpi', 'last`week ```x```') as string;
      expect(bad.startsWith("`last'week '''x'''` ist keine Woche")).toBe(true);
      expect((en.kpiBadWeek('/kpi', 'x'.repeat(500)) as string).length).toBeLessThan(250);
    });

    it('answers people who are not on the desk or in no team, and confirms posts', () => {
      expect(en.kpiNotMember()).toMatch(/not on the desk/);
      expect(de.kpiNotMember()).toMatch(/^Du bist noch nicht im Desk/);
      expect(en.kpiNoTeam()).toMatch(/not in any team/);
      expect(de.kpiNoTeam()).toMatch(/^Du bist in keinem Team/);
      expect([en.postButton, de.postButton]).toEqual(['Post to channel', 'Im Kanal posten']);
      expect(en.posted([channel('C0SUPPORT01')])).toBe('📣 Posted to <#C0SUPPORT01>.');
      expect(de.posted([channel('C0SUPPORT01')])).toBe('📣 In <#C0SUPPORT01> gepostet.');
      expect(en.alreadyPosted).toBeTruthy();
      expect(en.postButton.length).toBeLessThanOrEqual(75);
      expect(de.postButton.length).toBeLessThanOrEqual(75);
    });
  });
});
