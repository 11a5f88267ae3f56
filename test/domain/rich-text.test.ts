import { describe, expect, it } from 'vitest';
import {
  bold,
  channel,
  code,
  cutRich,
  cutRichTo,
  date,
  fitLastLines,
  fitLines,
  italic,
  join,
  lines,
  link,
  mention,
  plainText,
  rich,
  text,
  untrusted,
} from '../../src/domain/rich-text.ts';

const AT = new Date('2026-03-10T09:05:00.000Z');

describe('rich', () => {
  it('keeps interpolated strings as plain text and tokens as tokens, merging plain runs', () => {
    expect(rich`Started ${date(AT)} by ${bold('Anna <A&B>')}.`).toEqual([
      'Started ',
      { date: { at: '2026-03-10T09:05:00.000Z', style: 'datetime' } },
      ' by ',
      { bold: 'Anna <A&B>' },
      '.',
    ]);
    expect(rich`${3} of ${'7'} done`).toBe('3 of 7 done');
  });

  it('is a plain string when there is no token, and splices texts in', () => {
    expect(rich`no tokens here`).toBe('no tokens here');
    expect(text('a', rich`b ${code('x')}`, 'c')).toEqual(['ab ', { code: 'x' }, 'c']);
    expect(text()).toBe('');
  });

  it('is plain JSON: dates survive the outbox', () => {
    const rt = rich`Due ${date(AT, 'ago')} for ${mention('anna', 'Anna')}`;
    expect(JSON.parse(JSON.stringify(rt))).toEqual(rt);
  });

  it('joins items and lines', () => {
    expect(join([code('a'), code('b')], ', ')).toEqual([{ code: 'a' }, ', ', { code: 'b' }]);
    expect(lines(['one', bold('two')])).toEqual(['one\n', { bold: 'two' }]);
  });
});

describe('plainText', () => {
  it('drops all markup and names people, channels and links by their words', () => {
    const rt = rich`${bold('Anna')} ${italic('x')} ${code('/desk')} ${mention('ben', 'Ben')} ${channel('C1', 'support')} ${link('https://e.example', 'here')} ${untrusted('*hi*')}`;
    expect(plainText(rt)).toBe('Anna x /desk Ben #support here *hi*');
  });

  it('writes dates in UTC', () => {
    expect(plainText([date(AT)])).toBe('2026-03-10 09:05 UTC');
    expect(plainText([date(AT, 'time')])).toBe('09:05 UTC');
  });
});

describe('cutRich', () => {
  it('leaves a text that fits alone', () => {
    const rt = rich`Hi ${mention('anna', 'Anna')}`;
    expect(cutRich(rt, 10)).toBe(rt);
  });

  it('never splits a mention, channel, date or link: a token that does not fit is left out', () => {
    expect(cutRich(rich`Hello ${mention('anna', 'Anna Schmidt')} and more`, 10)).toEqual('Hello…');
    expect(cutRich(rich`See ${link('https://e.example', 'the original')}`, 8)).toEqual('See…');
  });

  it('shortens inside bold, code and untrusted text, and never splits a surrogate pair', () => {
    expect(cutRich([bold('abcdefgh')], 5)).toEqual([{ bold: 'abcd' }, '…']);
    expect(cutRich([code('/crisis report')], 8)).toEqual([{ code: '/crisis' }, '…']);
    expect(plainText(cutRich([untrusted('ab😀cd')], 4))).toBe('ab…');
  });

  it('fits a length the platform counts', () => {
    const escapedLength = (rt: Parameters<typeof plainText>[0]) => plainText(rt).replace(/&/g, '&amp;').length;
    const cut = cutRichTo('&&&&&&&&&&', 12, escapedLength);
    expect(escapedLength(cut)).toBeLessThanOrEqual(12);
    expect(plainText(cut)).toBe('&&…');
  });
});

describe('fitLines', () => {
  const more = (n: number) => `… and ${n} more`;
  const items = ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10), 'd'.repeat(10)];

  it('keeps all lines that fit, else the first ones and a count of the rest', () => {
    expect(fitLines(items, 43, more)).toBe(items.join('\n'));
    expect(fitLines(items, 36, more)).toBe(`${items[0]}\n${items[1]}\n… and 2 more`);
  });

  it('keeps the last lines for timelines', () => {
    expect(fitLastLines(items, 36, more)).toBe(`… and 2 more\n${items[2]}\n${items[3]}`);
  });

  it('counts as the platform counts', () => {
    const double = (rt: Parameters<typeof plainText>[0]) => plainText(rt).length * 2;
    expect(fitLines(items, 60, more, double)).toBe(`${items[0]}\n… and 3 more`);
  });
});
