import { describe, expect, it } from 'vitest';
import { ENGLISH_SAMPLES, GERMAN_SAMPLES, HOSTILE_SAMPLES, SAMPLE_SETS, pickSamples, sampleBody, samplesOf } from '../../../src/chat/console/samples.ts';
import { parseGenericComment } from '../../../src/sources/parse-generic-comment.ts';

const NOW = new Date('2026-03-10T09:00:00.000Z');

describe('sample comments', () => {
  const all = [...GERMAN_SAMPLES, ...ENGLISH_SAMPLES, ...HOSTILE_SAMPLES];

  it('every sample is a body the generic webhook accepts, kept as written', () => {
    all.forEach((sample, i) => {
      const parsed = parseGenericComment(JSON.parse(JSON.stringify(sampleBody(sample, { externalId: `sample-${i}`, createdAt: NOW }))), NOW);
      if (!parsed.ok) throw new Error(`sample ${i} (${sample.text.slice(0, 30)}): ${parsed.error}`);
      expect(parsed.change.kind).toBe('upsert');
      if (parsed.change.kind !== 'upsert') return;
      expect(parsed.change.comment).toMatchObject({ source: sample.source, externalId: `sample-${i}`, text: sample.text, authorName: sample.author.name, language: sample.language });
      expect(parsed.change.comment.permalink).toMatch(/^https:\/\//);
    });
  });

  it('speak German and English, from every source, in every tone a desk meets', () => {
    for (const [set, language] of [[GERMAN_SAMPLES, 'de'], [ENGLISH_SAMPLES, 'en']] as const) {
      expect(set.every((s) => s.language === language)).toBe(true);
      expect(new Set(set.map((s) => s.source))).toEqual(new Set(['facebook', 'instagram', 'youtube', 'x', 'webhook']));
      for (const tone of ['praise', 'question', 'complaint', 'angry', 'lead', 'spam'] as const) expect(set.some((s) => s.tone === tone)).toBe(true);
    }
  });

  it('the hostile set carries markup and tricks in texts and names', () => {
    const texts = HOSTILE_SAMPLES.map((s) => s.text).join('\n');
    const names = HOSTILE_SAMPLES.map((s) => s.author.name).join('\n');
    for (const needle of ['<script>', '<img src=x onerror=', '**bold**', '<!channel>', '\u202E']) expect(texts).toContain(needle);
    for (const needle of ['<script>', '<img', '\u202E', '**Markdown**']) expect(names).toContain(needle);
    expect(Math.max(...HOSTILE_SAMPLES.map((s) => s.text.length))).toBeGreaterThan(5000);
    expect(texts).toMatch(/\p{Extended_Pictographic}\u200D/u);
  });

  it('picks round a set from a cursor, mixing both languages', () => {
    expect(pickSamples('de', 3, 0)).toEqual(GERMAN_SAMPLES.slice(0, 3));
    expect(pickSamples('en', 2, ENGLISH_SAMPLES.length - 1)).toEqual([ENGLISH_SAMPLES.at(-1), ENGLISH_SAMPLES[0]]);
    expect(new Set(pickSamples('mixed', 10).map((s) => s.language))).toEqual(new Set(['de', 'en']));
    expect(pickSamples('hostile', 10)).toHaveLength(10);
    for (const set of SAMPLE_SETS) expect(samplesOf(set).length).toBeGreaterThanOrEqual(8);
  });
});
