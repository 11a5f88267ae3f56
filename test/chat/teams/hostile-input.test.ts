import { describe, expect, it } from 'vitest';
import { CARD_BYTES_MAX, type AdaptiveCard, cardBytes } from '../../../src/chat/teams/adaptive-card.ts';
import { MSTEAMS } from '../../../src/chat/teams/markdown.ts';
import { renderTeamsCard } from '../../../src/chat/teams/render-card.ts';
import { renderTeamsReminder, renderTeamsSummary } from '../../../src/chat/teams/render-reminder.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../../src/domain/directory.ts';
import { buildReminderView, buildSummaryView } from '../../../src/domain/reminder-view.ts';
import { DEFAULT_LADDER, defaultTargets } from '../../../src/domain/service-level.ts';
import { WorkingCalendar } from '../../../src/domain/working-calendar.ts';
import { BLOCK_START, MARKUP_CHARACTERS, adaptiveCardViolations, cardTexts, withoutOwnMarkup } from '../../support/adaptive-card.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';
import { mulberry32 } from '../../support/seeded-random.ts';

/**
 * Property tests: the card, reminder and summary renderers get hostile comments, names and links
 * (what a source may send, and worse) and every card must stay a sound Adaptive Card under the size
 * limit, with no markup but the desk's own and no text that could open a Markdown block. A seeded
 * PRNG keeps the runs reproducible: a failure names its seed and case.
 */

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const PIECES = [
  'a', 'a\n', '\n', '\n\n', ' ', '    ', '\t', '\r\n', 'é', 'ß', 'שלום', '中文', '😀', '👨‍👩‍👧', '\uD83D', '\uDE00',
  '&', '&lt;', '&#60;', '<', '>', '<at>', '</at>', '<at>Deniz</at>', '<b>', '<script>', '|', '\\', '{{DATE(2024-05-01T10:00:00Z)}}',
  '*', '**', '_', '__', '~', '~~', '`', '```', '[', ']', '(', ')', '[x](https://evil.example)', '![i](https://evil.example/i.png)',
  '- ', '+ ', '1. ', '2) ', '# ', '> ', '---', '===',
  '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u202e', '\u2066', '\u200b', '\ufeff', '\u2028', '\ufffe',
] as const;
const LENGTHS = [0, 1, 5, 40, 81, 500, 3000, 5000, 20_000, 100_000];

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

const LINKS = [null, 'https://www.instagram.com/p/abc/', `https://x.example/${'a'.repeat(2100)}`, 'javascript:alert(1)', 'https://evil.example/a b', 'https://e.example/(x)', ''];

const calendar = WorkingCalendar.alwaysOpen('UTC');
const level = { calendar, targets: defaultTargets(calendar.workingDayMs()), ladder: DEFAULT_LADDER, mention: 'here' };

function directoryWith(teamName: string, memberName: string): Directory {
  const teams: TeamInfo[] = [
    { id: 'support', name: teamName, leadId: 'lead', locale: 'en', timeZone: 'UTC', serviceLevel: level },
    { id: 'legal', name: 'Legal', locale: 'de', timeZone: 'UTC', serviceLevel: level },
  ];
  const members: MemberInfo[] = [
    { id: 'lead', name: memberName, identities: [{ platform: MSTEAMS, userId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }], roles: ['agent', 'lead'], teamIds: ['support'], timeZone: 'UTC' },
    { id: 'agent', name: 'Deniz', roles: ['agent'], teamIds: ['support'], timeZone: 'UTC' },
  ];
  return new Directory(teams, members, { teamId: 'support', priority: 'normal' });
}

function hostileComment(rng: Rng): CommentRecord {
  const status = pick(rng, ['open', 'claimed', 'answered'] as const);
  return commentRecord({
    teamId: 'support',
    text: hostileString(rng),
    authorName: hostileString(rng),
    source: rng() < 0.2 ? hostileString(rng) : pick(rng, ['facebook', 'instagram']),
    permalink: pick(rng, LINKS),
    editedAt: rng() < 0.3 ? new Date('2024-05-01T10:01:00Z') : null,
    isDrill: rng() < 0.2,
    status,
    holderId: status === 'claimed' ? pick(rng, ['lead', 'agent']) : null,
    claimedAt: status === 'claimed' ? new Date('2024-05-01T10:02:00Z') : null,
    closedById: status === 'answered' ? 'lead' : null,
    closedAt: status === 'answered' ? new Date('2024-05-01T10:03:00Z') : null,
  });
}

const C0 = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function expectHarmless(card: AdaptiveCard, label: string) {
  expect(adaptiveCardViolations(card), label).toEqual([]);
  expect(cardBytes(card), label).toBeLessThanOrEqual(CARD_BYTES_MAX);
  for (const text of [...cardTexts(card), card.fallbackText ?? '']) {
    const sample = JSON.stringify(text.slice(0, 200));
    expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(text)), `${label}: markup in ${sample}`).toBe(false);
    for (const line of text.split('\n\n')) expect(BLOCK_START.test(line), `${label}: block start in ${JSON.stringify(line.slice(0, 100))}`).toBe(false);
    expect(C0.test(text) || BIDI.test(text) || LONE_SURROGATE.test(text), `${label}: control in ${sample}`).toBe(false);
    expect(/&[#a-z0-9]+;/i.test(text), `${label}: entity in ${sample}`).toBe(false);
  }
  expect((card.fallbackText ?? '').includes('\n'), label).toBe(false);
  // The only mention a card may carry is of a desk member (the holder), never one a stranger wrote.
  for (const m of card.msteams.entities ?? []) expect(m.mentioned.id, label).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
}

const NOW = new Date('2024-05-01T10:05:00Z');

describe('Teams renderers with hostile input (seeded property test)', () => {
  it('cards, reminders and summaries stay sound and inert', () => {
    const seed = 47;
    const rng = mulberry32(seed);
    for (let n = 0; n < 60; n++) {
      const label = `seed ${seed}, case ${n}`;
      const comment = hostileComment(rng);
      const directory = directoryWith(rng() < 0.3 ? hostileString(rng) : 'Customer Support', rng() < 0.3 ? hostileString(rng) : 'Ben Meyer');
      const card = buildCardView(comment, cardRecord({ commentId: comment.id, teamId: 'support', platform: MSTEAMS }), directory, NOW);
      expectHarmless(renderTeamsCard(card, { timeZone: 'Europe/Berlin' }), `${label} card`);

      const found = { comment, cards: [] };
      const step = { commentId: comment.id, phase: 'firstResponse' as const, step: 1, percent: 100, notify: 'channel' as const };
      const reminder = buildReminderView({ ...step, audience: { to: 'channel', teamId: 'support', mention: 'holder' } }, found, directory, NOW);
      const links = new Map([[comment.id, pick(rng, LINKS) ?? '']]);
      expectHarmless(renderTeamsReminder(reminder, { links }), `${label} reminder`);

      const summary = buildSummaryView('support', Array.from({ length: 15 }, () => ({ step, found })), directory, NOW);
      expectHarmless(renderTeamsSummary(summary, { links }), `${label} summary`);
    }
  });
});
