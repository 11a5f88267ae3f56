import { describe, expect, it } from 'vitest';
import {
  MSTEAMS,
  TeamsMentionRegistry,
  escapeTeamsText,
  mentionableTeamsIdOf,
  renderTeamsText,
  safeTeamsUrl,
  teamsDate,
  teamsMeasure,
  teamsName,
} from '../../../src/chat/teams/markdown.ts';
import { bold, channel, code, date, italic, lines, link, mention, rich, untrusted } from '../../../src/domain/rich-text.ts';
import type { RichText } from '../../../src/domain/rich-text.ts';
import { BLOCK_START, MARKUP_CHARACTERS, mentionViolations, withoutOwnMarkup } from '../../support/adaptive-card.ts';
import { mulberry32 } from '../../support/seeded-random.ts';

const ANNA_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const BEN_ID = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const MEMBERS = {
  anna: { identities: [{ platform: MSTEAMS, userId: ANNA_ID }] },
  ben: { identities: [{ platform: MSTEAMS, userId: BEN_ID }] },
  // On Slack only.
  slacker: { identities: [{ platform: 'slack', userId: 'U0SLACK001' }] },
  // A Teams id that is neither an Entra object id nor a 29: id (a hand-edited row): never sent.
  broken: { identities: [{ platform: MSTEAMS, userId: 'bob</at><at>' }] },
} as Record<string, { identities: { platform: string; userId: string }[] }>;
const members = (id: string) => MEMBERS[id];

const md = (rt: RichText, options = {}) => renderTeamsText(rt, { members, ...options }).text;

describe('renderTeamsText: our words', () => {
  it('renders bold, italic, code and plain words', () => {
    expect(md(rich`Claimed by ${bold('Anna')} ${italic('(edited)')}: run ${code('/desk status')}`)).toBe('Claimed by **Anna** _(edited)_: run `/desk status`');
  });

  it('moves white space out of emphasis, which Markdown would not close otherwise', () => {
    expect(md(rich`a${bold(' Anna ')}b`)).toBe('a **Anna** b');
    expect(md(rich`a${italic('  ')}x`)).toBe('a  x');
  });

  it('does not nest bold in bold (four stars would print)', () => {
    expect(md([bold('a ', bold('b'), ' c')])).toBe('**a b c**');
  });

  it('makes every line a paragraph (Teams needs a blank line for a break) and emphasis per line', () => {
    expect(md(lines(['one', 'two']))).toBe('one\n\ntwo');
    expect(md([bold('one\ntwo')])).toBe('**one**\n\n**two**');
  });

  it('escapes formatting characters in our own plain words too', () => {
    expect(md('2 * 3 = 6 <b> [x]')).toBe('2 ∗ 3 = 6 ＜b＞ ［x］');
  });

  it('shows code inertly, on one line', () => {
    expect(md([code('a*b`c\nd')])).toBe('`a∗bˋc d`');
    expect(md([code('')])).toBe('');
  });

  it('renders a token this version does not know as nothing', () => {
    expect(md(['a', { shout: 'x' } as never, 'b'])).toBe('ab');
  });
});

describe('renderTeamsText: strangers’ words stay text', () => {
  const cases: [string, string][] = [
    ['**bold** __b__ *it* _it_', '∗∗bold∗∗ ＿＿b＿＿ ∗it∗ ＿it＿'],
    ['~~strike~~ `code` ```fence```', '∼∼strike∼∼ ˋcodeˋ ˋˋˋfenceˋˋˋ'],
    ['[click](https://evil.example) ![img](https://evil.example/x.png)', '［click］(https://evil.example) !［img］(https://evil.example/x.png)'],
    ['<at>Anna Schmidt</at>', '＜at＞Anna Schmidt＜/at＞'],
    ['<b>bold</b> <script>alert(1)</script> <https://evil.example>', '＜b＞bold＜/b＞ ＜script＞alert(1)＜/script＞ ＜https://evil.example＞'],
    ['&lt;at&gt; &#60; &#x3c; Q&A H&M &', '＆lt;at＆gt; ＆#60; ＆#x3c; Q&A H&M &'],
    ['a | b | c', 'a ｜ b ｜ c'],
    ['back\\slash \\*', 'back⧵slash ⧵∗'],
  ];
  it.each(cases)('%j', (input, expected) => {
    expect(md([untrusted(input)])).toBe(expected);
  });

  it('lets no line open a block: lists, ordered items, headings, quotes, rules, setext, indented code', () => {
    const hostile = ['- item', '+ item', '* item', '1. one', '2) two', '# Heading', '###### h6', '> quote', '---', '- - -', '***', '===', 'Title', '    code', '\tcode', '```', '~~~'].join('\n');
    const out = md([untrusted(hostile)]);
    for (const line of out.split('\n\n')) expect(line, line).not.toMatch(BLOCK_START);
    expect(out).toContain('‐ item');
    expect(out).toContain('1․ one');
    expect(out).toContain('＃ Heading');
    expect(out).toContain('\u00a0\u00a0\u00a0\u00a0code');
  });

  it('keeps ordinary hyphens, numbers and hashes that open nothing', () => {
    expect(md([untrusted('-5 °C, 2024 war gut, #hashtag, 3.5 stars')])).toBe('-5 °C, 2024 war gut, #hashtag, 3.5 stars');
  });

  it('cannot end our bold with a backslash or a star of its own', () => {
    expect(md([bold(untrusted('x\\')), untrusted('*')])).toBe('**x⧵**∗');
  });

  it('shows controls and bidi overrides as symbols', () => {
    expect(md([untrusted('a\u0007b\u202ec')])).toBe('a␇b\ufffdc');
  });

  it('never leaves a markup character or a block start in generated hostile text (seeded)', () => {
    const rng = mulberry32(12);
    const pieces = ['*', '_', '~', '`', '[', ']', '(', ')', '<', '>', '|', '\\', '&lt;', '#', '-', '+', '=', '1.', '2)', ' ', '\t', '\n', 'a', 'ä', '😀', '<at>', '</at>', '**', '\u0000', '\u202e'];
    for (let n = 0; n < 300; n++) {
      let s = '';
      const length = Math.floor(rng() * 60);
      for (let i = 0; i < length; i++) s += pieces[Math.floor(rng() * pieces.length)];
      const out = md(rich`${bold(untrusted(s))} ${italic(untrusted(s))} ${untrusted(s)}`);
      const words = withoutOwnMarkup(out);
      expect(MARKUP_CHARACTERS.test(words), `case ${n}: ${JSON.stringify(s)} → ${JSON.stringify(out)}`).toBe(false);
      for (const line of out.split('\n\n')) expect(line, `case ${n}: ${JSON.stringify(s)}`).not.toMatch(BLOCK_START);
      expect(out).not.toMatch(/&[#a-z0-9]+;/i);
    }
  });
});

describe('escapeTeamsText and teamsName', () => {
  it('replaces each formatting character by its look-alike', () => {
    expect(escapeTeamsText('\\*_~`[]<>|')).toBe('⧵∗＿∼ˋ［］＜＞｜');
  });

  it('keeps an underscore inside an ASCII word, where no renderer starts italics', () => {
    expect(escapeTeamsText('erika_m google_play ANDROID_NDK_ROOT')).toBe('erika_m google_play ANDROID_NDK_ROOT');
    expect(escapeTeamsText('_x x_ a__b ä_ö 1_')).toBe('＿x x＿ a＿＿b ä＿ö 1＿');
  });

  it('makes a name one line, capped, inert', () => {
    expect(teamsName('  Erika\n*M*  ')).toBe('Erika ∗M∗');
    expect(teamsName('x'.repeat(200)).length).toBe(80);
  });
});

describe('renderTeamsText: mentions', () => {
  it('mentions a member with a Teams identity: <at> text and an entity with the Entra object id', () => {
    const r = renderTeamsText(rich`Held by ${mention('anna', 'Anna Schmidt')}.`, { members });
    expect(r.text).toBe('Held by <at>Anna Schmidt</at>.');
    expect(r.mentions).toEqual([{ type: 'mention', text: '<at>Anna Schmidt</at>', mentioned: { id: ANNA_ID, name: 'Anna Schmidt' } }]);
    expect(mentionViolations(r.mentions, [r.text])).toEqual([]);
  });

  it('names a member without a Teams identity in bold, without an entity', () => {
    const r = renderTeamsText(rich`${mention('slacker', 'Sam')} and ${mention('nobody', 'Nora')}`, { members });
    expect(r.text).toBe('**Sam** and **Nora**');
    expect(r.mentions).toEqual([]);
  });

  it('never puts an id Teams would not accept into an entity', () => {
    expect(mentionableTeamsIdOf(MEMBERS.broken)).toBeUndefined();
    expect(mentionableTeamsIdOf({ identities: [{ platform: MSTEAMS, userId: '29:1uMVvhoAyfTqdMsyvHL0qlJTTfQF9MOUSI8_cQts2kdSWEZVDyJO2jz' }] })).toMatch(/^29:/);
    expect(renderTeamsText([mention('broken', 'Bob')], { members }).mentions).toEqual([]);
  });

  it('escapes a hostile name inside <at> and keeps the entity name plain', () => {
    const r = renderTeamsText([mention('anna', 'Anna</at> <at>**CEO**\n')], { members });
    expect(r.text).toBe('<at>Anna＜/at＞ ＜at＞∗∗CEO∗∗</at>');
    expect(r.mentions[0]!.mentioned.name).toBe('Anna</at> <at>**CEO**');
    expect(mentionViolations(r.mentions, [r.text])).toEqual([]);
  });

  it('one entity for a member mentioned twice', () => {
    const r = renderTeamsText(rich`${mention('anna', 'Anna')} · ${mention('anna', 'Anna')}`, { members });
    expect(r.text).toBe('<at>Anna</at> · <at>Anna</at>');
    expect(r.mentions).toHaveLength(1);
  });

  it('names the second of two people who share a name, so the <at> text stands for one person', () => {
    const registry = new TeamsMentionRegistry();
    const first = renderTeamsText([mention('anna', 'Alex')], { members, registry });
    const second = renderTeamsText(rich`${mention('ben', 'Alex')} ${mention('anna', 'Alex')}`, { members, registry });
    expect(first.text).toBe('<at>Alex</at>');
    expect(second.text).toBe('**Alex** <at>Alex</at>');
    expect(second.mentions.map((m) => m.mentioned.id)).toEqual([ANNA_ID]);
  });

  it('does not bold a name inside bold twice', () => {
    expect(md([bold('by ', mention('nobody', 'Nora'))])).toBe('**by Nora**');
  });
});

describe('renderTeamsText: dates in the reader’s language and zone', () => {
  const at = new Date('2024-05-01T10:00:00Z');

  it('English and German, the zone named', () => {
    expect(md(rich`on ${date(at)}`, { locale: 'en', timeZone: 'Europe/Berlin' })).toBe('on 1 May 2024, 12:00 CEST');
    expect(md(rich`am ${date(at)}`, { locale: 'de', timeZone: 'Europe/Berlin' })).toBe('am 1. Mai 2024, 12:00 MESZ');
    expect(md(rich`um ${date(at, 'time')}`, { locale: 'de', timeZone: 'Europe/Berlin' })).toBe('um 12:00 MESZ');
    expect(md(rich`at ${date(at, 'time')}`, { locale: 'en', timeZone: 'America/New_York' })).toBe('at 06:00 GMT-4');
  });

  it('in UTC when no zone is given; "ago" is a date (a posted card would grow stale)', () => {
    expect(md([date(at, 'ago')])).toBe('1 May 2024, 10:00 UTC');
  });

  it('a German date at a line start is no ordered list', () => {
    const out = md(lines(['x', [date(new Date('2024-05-01T10:00:00Z'), 'datetime')]]), { locale: 'de', timeZone: 'UTC' });
    expect(out).toBe('x\n\n1․ Mai 2024, 10:00 UTC');
  });

  it('an unknown zone falls back to UTC; an invalid instant shows as written', () => {
    expect(teamsDate(at, 'datetime', 'en', 'Mars/Olympus')).toBe('1 May 2024, 10:00 UTC');
    expect(md([{ date: { at: 'not-a-date*', style: 'datetime' } }])).toBe('not-a-date∗');
  });
});

describe('renderTeamsText: channels and links', () => {
  it('channels by name: the token’s, then the lookup, then the id', () => {
    expect(md([channel('19:abc@thread.tacv2', 'crisis-room')])).toBe('#crisis-room');
    expect(md([channel('19:abc@thread.tacv2')], { channelName: () => 'Krisenraum' })).toBe('#Krisenraum');
    expect(md([channel('C0ROOM')])).toBe('#C0ROOM');
    expect(md([channel('x', 'a_b<c>')])).toBe('#a_b＜c＞');
  });

  it('links only http(s), parentheses encoded, labels escaped', () => {
    expect(md([link('https://example.com/a_(b)', 'Open *it*')])).toBe('[Open ∗it∗](https://example.com/a_%28b%29)');
    expect(md([link('https://example.com', '')])).toBe('[https://example.com](https://example.com)');
    expect(md([link('javascript:alert(1)', 'click')])).toBe('click');
    expect(md([link('https://evil.example/a b', 'x')])).toBe('x');
    expect(md([link(`https://x.example/${'a'.repeat(3000)}`, 'long')])).toBe('long');
  });

  it('safeTeamsUrl refuses what Teams would not open safely', () => {
    expect(safeTeamsUrl('https://www.instagram.com/p/abc/')).toBe('https://www.instagram.com/p/abc/');
    for (const bad of [null, '', 'ftp://x', 'data:text/html,x', 'https://a\u202eb', 'https://a<b', 'https://a"b', 'http://']) expect(safeTeamsUrl(bad), String(bad)).toBeNull();
  });
});

describe('teamsMeasure', () => {
  it('counts the rendered text, and records no mentions', () => {
    const measure = teamsMeasure({ members });
    expect(measure([bold('ab')])).toBe(6);
    expect(measure(lines(['a', 'b']))).toBe(4);
  });
});
