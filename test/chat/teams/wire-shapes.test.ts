import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTeamsCard, renderTeamsCardAttachment } from '../../../src/chat/teams/render-card.ts';
import { renderTeamsReminder } from '../../../src/chat/teams/render-reminder.ts';
import { renderTeamsSnoozeDialog } from '../../../src/chat/teams/render-snooze-dialog.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import { Directory } from '../../../src/domain/directory.ts';
import { buildReminderView } from '../../../src/domain/reminder-view.ts';
import { DEFAULT_LADDER, defaultTargets } from '../../../src/domain/service-level.ts';
import { WorkingCalendar } from '../../../src/domain/working-calendar.ts';
import { adaptiveCardViolations } from '../../support/adaptive-card.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';

/**
 * The desk's Teams payloads as they go on the wire, kept whole in test/fixtures/teams/: a comment
 * card and a reminder with a mention (as message attachments) and the snooze dialog (the answer to
 * `task/fetch`). A change to any of them shows here as a diff to review, not only as a broken
 * assertion elsewhere.
 */

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/teams/${name}`, import.meta.url), 'utf8')) as unknown;

const calendar = WorkingCalendar.alwaysOpen('Europe/Berlin');
const level = { calendar, targets: defaultTargets(calendar.workingDayMs()), ladder: DEFAULT_LADDER, mention: 'here' };
const directory = new Directory(
  [
    { id: 'community', name: 'Community', leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin', serviceLevel: level },
    { id: 'legal', name: 'Legal', locale: 'de', timeZone: 'Europe/Berlin', serviceLevel: level },
  ],
  [{ id: 'anna', name: 'Anna Schmidt', roles: ['agent', 'lead'], teamIds: ['community'], timeZone: 'Europe/Berlin', identities: [{ platform: 'msteams', userId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }] }],
  { teamId: 'community', priority: 'normal' },
);
const NOW = new Date('2024-05-01T10:30:00Z');
const comment = commentRecord({
  source: 'instagram',
  text: 'Wo bleibt **meine** Bestellung?\n<at>Anna</at>',
  authorName: 'erika_m',
  permalink: 'https://www.instagram.com/p/abc/c/17890000000000001/',
  priority: 'high',
  status: 'claimed',
  holderId: 'anna',
  claimedAt: new Date('2024-05-01T10:05:00Z'),
});

describe('Teams wire shapes', () => {
  it('a claimed comment’s card, German, as a message attachment', () => {
    const card = renderTeamsCard(buildCardView(comment, cardRecord({ platform: 'msteams', channel: '19:community@thread.tacv2' }), directory, NOW), { timeZone: 'Europe/Berlin' });
    expect(renderTeamsCardAttachment(card)).toEqual(fixture('card-claimed-de.attachment.json'));
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('a reminder mentioning the holder, German, as a message attachment', () => {
    const step = { commentId: comment.id, phase: 'firstResponse' as const, step: 1, percent: 100, notify: 'channel' as const };
    const view = buildReminderView({ ...step, audience: { to: 'channel', teamId: 'community', mention: 'holder' } }, { comment, cards: [] }, directory, NOW);
    const card = renderTeamsReminder(view, { timeZone: 'Europe/Berlin', links: new Map([[comment.id, 'https://teams.microsoft.com/l/message/19:community@thread.tacv2/1714557900000']]) });
    expect(renderTeamsCardAttachment(card)).toEqual(fixture('reminder-mention-de.attachment.json'));
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('the snooze dialog as the answer to task/fetch, English', () => {
    const response = renderTeamsSnoozeDialog({ locale: 'en', commentId: comment.id, comment: { authorName: 'erika_m', excerpt: 'Wo bleibt **meine** Bestellung?' } });
    expect(response).toEqual(fixture('snooze-task-fetch-response-en.json'));
  });
});
