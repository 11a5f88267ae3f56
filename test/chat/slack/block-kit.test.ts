import { describe, expect, it } from 'vitest';
import { inertFormatting, mrkdwnName, mrkdwnText, safeUrl, verbatimMrkdwn } from '../../../src/chat/slack/block-kit.ts';
import { blockKitViolations } from '../../support/block-kit.ts';

describe('inertFormatting', () => {
  it('replaces *, ~ and ` with look-alikes, and _ unless it is inside a word', () => {
    expect(inertFormatting('*b* ~s~ `c` ```x``` _i_ erika_m 2_3 _x a_ é_ü')).toBe('∗b∗ ∼s∼ ˋcˋ ˋˋˋxˋˋˋ ＿i＿ erika_m 2_3 ＿x a＿ é_ü');
  });
});

describe('mrkdwnName and mrkdwnText', () => {
  it('escape entities after cleaning, so a cap never cuts an entity', () => {
    expect(mrkdwnName('&'.repeat(200), 80)).toBe(`${'&amp;'.repeat(79)}…`);
    expect(mrkdwnName('<!channel>\n*x*', 80)).toBe('&lt;!channel&gt; ∗x∗');
  });

  it('keep the text’s line breaks and show its controls', () => {
    expect(mrkdwnText('<b>\u0007\n*hi*\u202e')).toBe('&lt;b&gt;␇\n∗hi∗�');
  });
});

describe('safeUrl', () => {
  it('keeps http(s) links up to 3,000 characters', () => {
    expect(safeUrl('https://www.instagram.com/p/abc/c/1/')).toBe('https://www.instagram.com/p/abc/c/1/');
    const longest = `http://x.example/${'a'.repeat(3000 - 17)}`;
    expect(safeUrl(longest)).toBe(longest);
  });

  it.each([
    ['too long', `https://x.example/${'a'.repeat(3000)}`],
    ['javascript', 'javascript:alert(1)'],
    ['relative', '/p/abc'],
    ['space', 'https://x.example/a b'],
    ['mrkdwn token', 'https://x.example/|<!channel>'],
    ['control', 'https://x.example/\u0007'],
    ['bidi', 'https://x.example/\u202etxt.exe'],
    ['unparsable', 'https://[::1'],
    ['empty', ''],
  ])('refuses a link: %s', (_name, url) => {
    expect(safeUrl(url)).toBeNull();
  });

  it('refuses null and undefined', () => {
    expect(safeUrl(null)).toBeNull();
    expect(safeUrl(undefined)).toBeNull();
  });
});

describe('blockKitViolations (the test helper every renderer test uses)', () => {
  const ok = { text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] };

  it('accepts a valid message', () => {
    expect(blockKitViolations(ok)).toEqual([]);
  });

  it('reports every kind of problem it checks', () => {
    const problems = blockKitViolations({
      text: `a\uD83D${'x'.repeat(40_000)}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } },
        { type: 'header', text: { type: 'mrkdwn', text: 'h' } },
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) }, url: `https://x.example/${'a'.repeat(3000)}` },
            { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b' }, url: 'javascript:alert(1)', value: 'v'.repeat(2001) },
            { type: 'static_select', action_id: 's', placeholder: { type: 'plain_text', text: 'p' }, options: [{ text: { type: 'plain_text', text: 'o' }, value: 'v'.repeat(151) }] },
          ],
        },
        { type: 'mystery' },
        ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
      ],
    });
    expect(problems).toEqual([
      'text: 40002 > 40000',
      'text: lone surrogate',
      'blocks: 51 > 50',
      'blocks[0] section: text 3001 > 3000',
      'blocks[1] header: must be plain_text, is mrkdwn',
      'blocks[2] context: 11 elements',
      'blocks[3] actions.elements[0].text: text 76 > 75',
      'blocks[3] actions.elements[0]: url 3018 > 3000',
      'blocks[3] actions.elements[1]: value 2001 > 2000',
      'blocks[3] actions.elements[1]: not an http(s) url without spaces: javascript:alert(1)',
      'blocks[3] actions.elements[2].options[0]: value 151 > 150',
      'blocks[4] mystery: block type has no limits in blockKitViolations',
    ]);
  });
});

describe('verbatimMrkdwn', () => {
  it('marks every mrkdwn text, however deep, verbatim; plain text and the input stay as they were', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '@channel #general' }, accessory: { type: 'button', text: { type: 'plain_text', text: 'Go' } } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '<!date^1^{date}|x>' }, { type: 'plain_text', text: 'p' }] },
    ];
    const copy = JSON.parse(JSON.stringify(blocks));
    const out = verbatimMrkdwn(blocks);
    expect(out).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '@channel #general', verbatim: true }, accessory: { type: 'button', text: { type: 'plain_text', text: 'Go' } } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '<!date^1^{date}|x>', verbatim: true }, { type: 'plain_text', text: 'p' }] },
    ]);
    expect(blocks).toEqual(copy);
  });
});
