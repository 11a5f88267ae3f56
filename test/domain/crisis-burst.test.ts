import { describe, expect, it } from 'vitest';
import { burstArrivalAt, burstComments, burstDueCount } from '../../src/domain/crisis-burst.ts';
import type { BurstSpec } from '../../src/domain/crisis.ts';

const MINUTE = 60_000;

/** A realistic drill: 500 comments over 5 minutes on three networks, German, mostly angry. */
const spec: BurstSpec = {
  count: 500,
  durationMs: 5 * MINUTE,
  sources: ['facebook', 'instagram', 'x'],
  language: 'de',
  tones: [
    {
      tone: 'angry',
      share: 60,
      phrases: [
        'Das ist ein absoluter Skandal.',
        'Wie könnt ihr so etwas verkaufen?',
        'Ich kaufe bei euch nie wieder etwas.',
        'Schämt euch!',
        'Wann übernehmt ihr endlich Verantwortung?',
      ],
    },
    {
      tone: 'worried',
      share: 30,
      phrases: [
        'Ist mein Produkt auch betroffen?',
        'Was soll ich jetzt tun?',
        'Mein Kind hat das gestern noch gegessen.',
        'Bekomme ich mein Geld zurück?',
      ],
    },
    {
      tone: 'supportive',
      share: 10,
      phrases: ['Danke, dass ihr so schnell informiert.', 'Fehler passieren, Hauptsache ihr kümmert euch.', 'Ich halte zu euch.'],
    },
  ],
};

const startedAt = new Date('2026-03-02T09:00:00.000Z');
const crisis = { id: 'c0ffee00-0000-4000-8000-000000000001', startedAt };
const at = (ms: number): Date => new Date(startedAt.getTime() + ms);

function shares(values: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1 / values.length);
  return out;
}

describe('burstDueCount', () => {
  it('is 0 before and at the start, proportional in the middle, and count at the end and after', () => {
    expect(burstDueCount(spec, startedAt, at(-1))).toBe(0);
    expect(burstDueCount(spec, startedAt, at(-10 * MINUTE))).toBe(0);
    expect(burstDueCount(spec, startedAt, startedAt)).toBe(0);
    // One comment every 600 ms: the first at 600 ms.
    expect(burstDueCount(spec, startedAt, at(599))).toBe(0);
    expect(burstDueCount(spec, startedAt, at(600))).toBe(1);
    expect(burstDueCount(spec, startedAt, at(MINUTE))).toBe(100);
    expect(burstDueCount(spec, startedAt, at(2.5 * MINUTE))).toBe(250);
    expect(burstDueCount(spec, startedAt, at(5 * MINUTE - 1))).toBe(499);
    expect(burstDueCount(spec, startedAt, at(5 * MINUTE))).toBe(500);
    expect(burstDueCount(spec, startedAt, at(6 * MINUTE))).toBe(500);
    expect(burstDueCount(spec, startedAt, at(365 * 24 * 60 * MINUTE))).toBe(500);
  });

  it('is monotone over a fine sweep and stays within 0..count', () => {
    for (const s of [spec, { ...spec, count: 7, durationMs: 1000 }, { ...spec, count: 10, durationMs: 3 }]) {
      let previous = 0;
      for (let ms = -50; ms <= s.durationMs + 50; ms += s.durationMs > 10_000 ? 37 : 1) {
        const due = burstDueCount(s, startedAt, at(ms));
        expect(due).toBeGreaterThanOrEqual(previous);
        expect(due).toBeLessThanOrEqual(s.count);
        previous = due;
      }
      expect(previous).toBe(s.count);
    }
  });

  it('is 0 for an empty burst and count for a zero duration once started', () => {
    expect(burstDueCount({ ...spec, count: 0 }, startedAt, at(10 * MINUTE))).toBe(0);
    expect(burstDueCount({ ...spec, durationMs: 0 }, startedAt, at(-1))).toBe(0);
    expect(burstDueCount({ ...spec, durationMs: 0 }, startedAt, startedAt)).toBe(500);
  });

  it('rejects an invalid date', () => {
    expect(() => burstDueCount(spec, startedAt, new Date(Number.NaN))).toThrow(/now/);
  });
});

describe('burstArrivalAt', () => {
  it('spreads evenly: the first after durationMs/count, the last exactly at the end', () => {
    expect(burstArrivalAt(spec, startedAt, 0)).toEqual(at(600));
    expect(burstArrivalAt(spec, startedAt, 1)).toEqual(at(1200));
    expect(burstArrivalAt(spec, startedAt, 499)).toEqual(at(5 * MINUTE));
    expect(burstArrivalAt({ ...spec, count: 7, durationMs: 1000 }, startedAt, 6)).toEqual(at(1000));
  });

  it('agrees with the due count: comment i is due exactly from its arrival on', () => {
    for (const s of [spec, { ...spec, count: 7, durationMs: 1000 }, { ...spec, count: 10, durationMs: 3 }, { ...spec, count: 3, durationMs: 0 }]) {
      for (let i = 0; i < s.count; i++) {
        const arrival = burstArrivalAt(s, startedAt, i);
        expect(burstDueCount(s, startedAt, arrival)).toBeGreaterThanOrEqual(i + 1);
        expect(burstDueCount(s, startedAt, new Date(arrival.getTime() - 1))).toBeLessThanOrEqual(i);
        if (i > 0) expect(arrival.getTime()).toBeGreaterThanOrEqual(burstArrivalAt(s, startedAt, i - 1).getTime());
      }
    }
  });

  it('rejects an index outside the burst', () => {
    expect(() => burstArrivalAt(spec, startedAt, -1)).toThrow(RangeError);
    expect(() => burstArrivalAt(spec, startedAt, 500)).toThrow(RangeError);
    expect(() => burstArrivalAt(spec, startedAt, 1.5)).toThrow(RangeError);
  });
});

describe('burstComments', () => {
  const all = burstComments(spec, crisis, 0, spec.count);

  it('generates the whole burst with indexes, ids, post and arrival instants', () => {
    expect(all).toHaveLength(500);
    all.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(c.externalId).toBe(`drill-${crisis.id}-${i}`);
      expect(c.postId).toBe(`drill-${crisis.id}`);
      expect(c.createdAt).toEqual(burstArrivalAt(spec, startedAt, i));
      expect(c.authorId).toMatch(/^drill-user-\d+$/);
      expect(c.authorName).toMatch(/^\S+ [A-Z]\.$/);
    });
    expect(new Set(all.map((c) => c.externalId)).size).toBe(500);
  });

  it('is deterministic and independent of the batch a comment is generated in', () => {
    expect(burstComments(spec, crisis, 0, spec.count)).toEqual(all);
    expect([...burstComments(spec, crisis, 0, 5), ...burstComments(spec, crisis, 5, 10)]).toEqual(burstComments(spec, crisis, 0, 10));
    const batched = [];
    for (let from = 0; from < spec.count; from += 37) batched.push(...burstComments(spec, crisis, from, from + 37));
    expect(batched).toEqual(all);
    expect(burstComments(spec, crisis, 123, 124)[0]).toEqual(all[123]);
  });

  it('clamps the range to the burst', () => {
    expect(burstComments(spec, crisis, -10, 3).map((c) => c.index)).toEqual([0, 1, 2]);
    expect(burstComments(spec, crisis, 498, 10_000).map((c) => c.index)).toEqual([498, 499]);
    expect(burstComments(spec, crisis, 600, 700)).toEqual([]);
    expect(burstComments(spec, crisis, 10, 10)).toEqual([]);
    expect(burstComments(spec, crisis, 10, 5)).toEqual([]);
    expect(burstComments({ ...spec, count: 0 }, crisis, 0, 10)).toEqual([]);
  });

  it('draws the sources equally (±5 points)', () => {
    const bySource = shares(all.map((c) => c.source));
    expect([...bySource.keys()].sort()).toEqual(['facebook', 'instagram', 'x']);
    for (const share of bySource.values()) expect(Math.abs(share - 1 / 3)).toBeLessThanOrEqual(0.05);
  });

  it('draws the tones by their weights (±6 points) and builds texts from that tone', () => {
    const byTone = shares(all.map((c) => c.tone));
    expect(Math.abs((byTone.get('angry') ?? 0) - 0.6)).toBeLessThanOrEqual(0.06);
    expect(Math.abs((byTone.get('worried') ?? 0) - 0.3)).toBeLessThanOrEqual(0.06);
    expect(Math.abs((byTone.get('supportive') ?? 0) - 0.1)).toBeLessThanOrEqual(0.06);
    for (const c of all) {
      const phrases = spec.tones.find((t) => t.tone === c.tone)!.phrases;
      const core = (p: string): string => p.replace(/[.!?]+$/u, '');
      expect(phrases.some((p) => c.text.includes(core(p)))).toBe(true);
    }
  });

  it('uses two distinct phrases in some comments, never the same one twice', () => {
    const withTwo = all.filter((c) => {
      const phrases = spec.tones.find((t) => t.tone === c.tone)!.phrases;
      return phrases.filter((p) => c.text.includes(p.replace(/[.!?]+$/u, ''))).length >= 2;
    });
    expect(withTwo.length).toBeGreaterThan(0);
    for (const c of all) {
      for (const p of spec.tones.find((t) => t.tone === c.tone)!.phrases) {
        expect(c.text.split(p.replace(/[.!?]+$/u, '')).length - 1).toBeLessThanOrEqual(1);
      }
    }
  });

  it('varies some texts with a German prefix, stronger punctuation or an emoji', () => {
    expect(all.some((c) => /^(Ernsthaft\?|Echt jetzt\?|Im Ernst\?|Unglaublich\.) /u.test(c.text))).toBe(true);
    expect(all.some((c) => /(!!|\?!)( \p{Extended_Pictographic})?$/u.test(c.text))).toBe(true);
    expect(all.some((c) => /\p{Extended_Pictographic}$/u.test(c.text))).toBe(true);
    expect(all.some((c) => /Seriously\?/u.test(c.text))).toBe(false);
    const english = burstComments({ ...spec, language: 'en' }, crisis, 0, 500);
    expect(english.some((c) => /^(Seriously\?|Really\?|Are you kidding\?|Unbelievable\.) /u.test(c.text))).toBe(true);
    const noLanguage = burstComments({ ...spec, language: undefined }, crisis, 0, 500);
    expect(noLanguage.some((c) => /^(Ernsthaft|Echt jetzt|Im Ernst|Unglaublich\.|Seriously|Really|Are you|Unbelievable)/u.test(c.text))).toBe(false);
  });

  it('repeats authors from a pool of about count/3, each id always with the same name', () => {
    const ids = new Set(all.map((c) => c.authorId));
    expect(ids.size).toBeLessThanOrEqual(Math.round(500 / 3));
    expect(ids.size).toBeGreaterThan(100);
    const names = new Map<string, string>();
    for (const c of all) {
      const known = names.get(c.authorId!);
      if (known !== undefined) expect(c.authorName).toBe(known);
      names.set(c.authorId!, c.authorName);
    }
    expect(new Set(names.values()).size).toBe(names.size);
  });

  it('gives different crisis ids different texts', () => {
    const other = burstComments(spec, { ...crisis, id: 'c0ffee00-0000-4000-8000-000000000002' }, 0, 500);
    const same = other.filter((c, i) => c.text === all[i]!.text).length;
    expect(same).toBeLessThan(250);
    expect(other.map((c) => c.text)).not.toEqual(all.map((c) => c.text));
    expect(other[0]!.externalId).toBe('drill-c0ffee00-0000-4000-8000-000000000002-0');
  });

  it('never carries a permalink', () => {
    for (const c of all) {
      expect(c.permalink).toBeUndefined();
      expect('permalink' in c).toBe(false);
    }
  });

  it('passes the language through, and leaves it out when the spec has none', () => {
    for (const c of all) expect(c.language).toBe('de');
    const none = burstComments({ ...spec, language: undefined }, crisis, 0, 20);
    for (const c of none) expect('language' in c).toBe(false);
    expect(burstComments({ ...spec, language: 'en' }, crisis, 0, 1)[0]!.language).toBe('en');
  });

  it('keeps texts non-empty and at most 500 characters', () => {
    for (const c of all) {
      expect(c.text.trim().length).toBeGreaterThan(0);
      expect(c.text.length).toBeLessThanOrEqual(500);
    }
    const long = 'Wirklich sehr lange Beschwerde über alles, was schiefgelaufen ist. '.repeat(10);
    const longSpec: BurstSpec = { ...spec, tones: [{ tone: 'angry', share: 1, phrases: [long, `${long} 😡`] }] };
    for (const c of burstComments(longSpec, crisis, 0, 200)) {
      expect(c.text.length).toBeGreaterThan(0);
      expect(c.text.length).toBeLessThanOrEqual(500);
      expect(c.text).not.toMatch(/[\uD800-\uDBFF]$/u);
    }
  });

  it('ignores tones with share <= 0 and throws when no tone is usable', () => {
    const onlyAngry: BurstSpec = { ...spec, tones: spec.tones.map((t) => (t.tone === 'angry' ? t : { ...t, share: 0 })) };
    expect(new Set(burstComments(onlyAngry, crisis, 0, 100).map((c) => c.tone))).toEqual(new Set(['angry']));
    const negative: BurstSpec = { ...spec, tones: [{ ...spec.tones[0]!, share: -5 }, spec.tones[2]!] };
    expect(new Set(burstComments(negative, crisis, 0, 100).map((c) => c.tone))).toEqual(new Set(['supportive']));

    expect(() => burstComments({ ...spec, tones: [] }, crisis, 0, 10)).toThrow(/no usable tone/);
    expect(() => burstComments({ ...spec, tones: spec.tones.map((t) => ({ ...t, share: 0 })) }, crisis, 0, 10)).toThrow(/no usable tone/);
    expect(() => burstComments({ ...spec, tones: [{ tone: 'angry', share: 1, phrases: ['', '  '] }] }, crisis, 0, 10)).toThrow(/no usable tone/);
  });

  it('throws when there is no source', () => {
    expect(() => burstComments({ ...spec, sources: [] }, crisis, 0, 10)).toThrow(/source/);
  });
});
