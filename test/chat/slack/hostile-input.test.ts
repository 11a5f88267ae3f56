import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/chat/slack/render-card.ts';
import { renderReminder, renderSummary } from '../../../src/chat/slack/render-reminder.ts';
import type { SlackMessage } from '../../../src/chat/slack/render-card.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../../src/domain/directory.ts';
import { buildReminderView, buildSummaryView } from '../../../src/domain/reminder-view.ts';
import { DEFAULT_LADDER, defaultTargets } from '../../../src/domain/service-level.ts';
import { WorkingCalendar } from '../../../src/domain/working-calendar.ts';
import { blockKitViolations, textObjects } from '../../support/block-kit.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';
import { mulberry32 } from '../../support/seeded-random.ts';

/**
 * Property tests: the card, reminder and summary renderers get hostile comments (what a source may
 * send, and worse) and every message must stay valid Block Kit, with names that cannot format and
 * texts whose control characters are visible and harmless.
 *
 * A small seeded PRNG (mulberry32) keeps the runs reproducible: a failure names its seed and case.
 */

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const EMOJI = '😀';
const FAMILY = '👨‍👩‍👧';
const PIECES = [
  'a', 'a\n', '\n', '\n\n', ' ', '\t', '\r\n', '\r', 'x', 'é', 'e\u0301', 'ß', 'שלום', 'مرحبا', '中文',
  EMOJI, FAMILY, '🇩🇪', '\uD83D', '\uDE00', // lone surrogates
  '&', '<', '>', '&amp;', '&lt;', '<!channel>', '<@U0ADMIN01>', '<https://evil.example|click>', '|',
  '*', '_', '~', '`', '```', '> ', ':skull:', '*bold*', '_it_', '~x~', '`c`',
  '\u0000', '\u0007', '\u0008', '\u001b', '\u001b[31m', '\u007f', '\u0085', '\u009b',
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c',
  '\u200b', '\u2060', '\ufeff', '\u00ad', '\u2028', '\u2029', '\ufffe',
] as const;
const LENGTHS = [0, 1, 5, 40, 80, 81, 150, 500, 2000, 2999, 3000, 3001, 5000, 20_000, 100_000];

/** A hostile string: a piece repeated, or a random mix of pieces, of a length from LENGTHS. */
function hostileString(rng: Rng): string {
  const target = pick(rng, LENGTHS);
  if (rng() < 0.35) {
    const piece = pick(rng, PIECES);
    return piece.repeat(Math.ceil(target / Math.max(1, piece.length)) || 1).slice(0, Math.max(target, 1));
  }
  let s = '';
  while (s.length < target) s += pick(rng, PIECES);
  return s;
}

const PERMALINKS = [
  null,
  'https://www.instagram.com/p/abc/c/17890000000000001/',
  `https://www.facebook.com/123_${'9'.repeat(5000)}`,
  `https://x.example/${'a'.repeat(2980)}`,
  `https://x.example/${'a'.repeat(2981)}`,
  `https://x.example/${'a'.repeat(2982)}`,
  'javascript:alert(1)',
  'not a url',
  'https://evil.example/a b',
  'https://evil.example/<!channel>|x',
  'https://evil.example/\u202e',
  '',
];

const calendar = WorkingCalendar.alwaysOpen('UTC');
const level = { calendar, targets: defaultTargets(calendar.workingDayMs()), ladder: DEFAULT_LADDER, mention: 'here' };

function directoryWith(teamName: string, memberName: string): Directory {
  const teams: TeamInfo[] = [
    { id: 'support', name: teamName, leadId: 'lead', locale: 'en', timeZone: 'UTC', serviceLevel: level },
    { id: 'legal', name: 'Legal', locale: 'de', timeZone: 'UTC', serviceLevel: level },
  ];
  const members: MemberInfo[] = [
    { id: 'lead', name: memberName, roles: ['agent', 'lead'], teamIds: ['support'], timeZone: 'UTC' },
    { id: 'agent', name: 'Deniz', identities: [{ platform: 'slack', userId: 'U0DENIZ001' }], roles: ['agent'], teamIds: ['support'], timeZone: 'UTC' },
  ];
  return new Directory(teams, members, { teamId: 'support', priority: 'normal' });
}

interface Case {
  comment: CommentRecord;
  directory: Directory;
  cardUrl: string | null;
}

function hostileCase(rng: Rng): Case {
  const status = pick(rng, ['open', 'claimed', 'answered'] as const);
  const comment = commentRecord({
    teamId: 'support',
    text: hostileString(rng),
    authorName: hostileString(rng),
    source: rng() < 0.2 ? hostileString(rng) : pick(rng, ['facebook', 'instagram', 'webhook']),
    permalink: pick(rng, PERMALINKS),
    editedAt: rng() < 0.3 ? new Date('2024-05-01T10:01:00Z') : null,
    isDrill: rng() < 0.2,
    status,
    holderId: status === 'claimed' ? pick(rng, ['lead', 'agent']) : null,
    claimedAt: status === 'claimed' ? new Date('2024-05-01T10:02:00Z') : null,
    closedById: status === 'answered' ? 'lead' : null,
    closedAt: status === 'answered' ? new Date('2024-05-01T10:03:00Z') : null,
  });
  const directory = directoryWith(rng() < 0.3 ? hostileString(rng) : 'Customer Support', rng() < 0.3 ? hostileString(rng) : 'Ben Meyer');
  return { comment, directory, cardUrl: pick(rng, PERMALINKS) };
}

// ---- what every rendered message must satisfy --------------------------------------------

/** Tabs and line breaks are the only C0 characters a text may keep. */
const C0_EXCEPT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function expectHarmless(m: SlackMessage, label: string) {
  expect(blockKitViolations(m), label).toEqual([]);
  for (const t of [...textObjects(m.blocks).map((o) => o.text), m.text]) {
    expect(C0_EXCEPT_NEWLINE.test(t), `${label}: control character in ${JSON.stringify(t.slice(0, 200))}`).toBe(false);
    expect(BIDI_CONTROLS.test(t), `${label}: bidi control in ${JSON.stringify(t.slice(0, 200))}`).toBe(false);
    expect(LONE_SURROGATE.test(t), `${label}: lone surrogate`).toBe(false);
  }
  // The notification is one line and short: it is a preview, not the card.
  expect(m.text.includes('\n'), label).toBe(false);
  expect(m.text.length, label).toBeLessThanOrEqual(3000);
}

/** The author as the card's body section shows it: the first line, between the bold markers. */
function shownAuthor(m: SlackMessage): string {
  const body = (m.blocks.filter((b) => b.type === 'section')[1] as unknown as { text: { text: string } }).text.text;
  const first = body.split('\n')[0]!;
  const match = /^\*(.*)\*(?: _\([^)]*\)_)?$/.exec(first);
  if (!match) throw new Error(`unexpected author line ${JSON.stringify(first.slice(0, 200))}`);
  return match[1]!;
}

function expectInertName(shown: string, label: string) {
  expect(shown, label).not.toMatch(/[*~`\n]/);
  // An underscore only between two letters or digits, where Slack does not start or end italics.
  expect(shown.replace(/(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}])/gu, ''), label).not.toContain('_');
  // Capped: 80 characters before escaping (&amp; counts as one).
  expect([...shown.replace(/&(amp|lt|gt);/g, '&')].length, label).toBeLessThanOrEqual(80);
}

const NOW = new Date('2024-05-01T10:05:00Z');

describe('renderers with hostile input (seeded property test)', () => {
  const SEEDS = [1, 2, 3, 42, 2024];
  const CASES_PER_SEED = 60;

  it.each(SEEDS)('seed %i: cards, reminders and summaries stay valid and harmless', (seed) => {
    const rng = mulberry32(seed);
    for (let i = 0; i < CASES_PER_SEED; i++) {
      const { comment, directory, cardUrl } = hostileCase(rng);
      const label = `seed ${seed} case ${i}`;
      const card = renderCard(buildCardView(comment, cardRecord({ teamId: 'support', active: rng() < 0.9 }), directory, NOW));
      expectHarmless(card, `${label} card`);
      expectInertName(shownAuthor(card), `${label} card author`);

      const links = new Map(cardUrl ? [[comment.id, cardUrl]] : []);
      const step = { commentId: comment.id, phase: 'firstResponse' as const, step: 1, percent: 100, notify: 'channel' as const };
      const audience = pick(rng, [
        { to: 'channel' as const, teamId: 'support', mention: 'team' as const },
        { to: 'channel' as const, teamId: 'support', mention: 'holder' as const },
        { to: 'person' as const, memberId: 'lead', role: 'lead' as const },
      ]);
      const reminder = renderReminder(buildReminderView({ ...step, audience }, { comment, cards: [] }, directory, NOW), links);
      expectHarmless(reminder, `${label} reminder`);

      const items = Array.from({ length: 1 + Math.floor(rng() * 20) }, (_, j) => ({ step, found: { comment: { ...comment, id: `c-${j}` }, cards: [] } }));
      const summary = renderSummary(buildSummaryView('support', items, directory, NOW), new Map(cardUrl ? items.map((it) => [it.found.comment.id, cardUrl]) : []));
      expectHarmless(summary, `${label} summary`);
    }
  });

  it('cuts a text of emoji at every position around the quote budget without splitting one', () => {
    const directory = directoryWith('Support', 'Ben');
    for (let k = 2700; k <= 3000; k++) {
      const comment = commentRecord({ teamId: 'support', text: `${'x'.repeat(k)}${EMOJI.repeat(2000)}`, authorName: `${'y'.repeat(k % 90)}${EMOJI.repeat(50)}` });
      const card = renderCard(buildCardView(comment, cardRecord({ teamId: 'support' }), directory, NOW));
      expectHarmless(card, `k=${k}`);
      expectInertName(shownAuthor(card), `k=${k}`);
    }
  });

  it('cuts the notification text of a card and a reminder without splitting an emoji', () => {
    const directory = directoryWith('Support', 'Ben');
    for (let k = 0; k <= 400; k++) {
      const comment = commentRecord({ teamId: 'support', text: `${'x'.repeat(k)}${EMOJI.repeat(200)}`, authorName: `${'y'.repeat(k)}${FAMILY.repeat(40)}` });
      expectHarmless(renderCard(buildCardView(comment, cardRecord({ teamId: 'support' }), directory, NOW)), `card k=${k}`);
      const step = { commentId: comment.id, phase: 'firstResponse' as const, step: 0, percent: 75, notify: 'holder' as const };
      const view = buildReminderView({ ...step, audience: { to: 'channel', teamId: 'support', mention: 'team' } }, { comment, cards: [] }, directory, NOW);
      expectHarmless(renderReminder(view, new Map()), `reminder k=${k}`);
    }
  });
});
