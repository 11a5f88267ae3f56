import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { CardRecord } from '../../src/domain/comment.ts';
import type { DeskStore } from '../../src/domain/ports.ts';
import { viewCard } from '../../src/use-cases/view-card.ts';
import { CHANNELS, testDeskConfig } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { cardRecord, commentRecord } from '../support/records.ts';

const comment = commentRecord();
const directory = buildDirectory(testDeskConfig());

function depsWith(cards: CardRecord[]) {
  const store = { getCommentWithCards: async (id: string) => (id === comment.id ? { comment, cards } : null) } as Partial<DeskStore> as DeskStore;
  return { store, directory, clock: new FakeClock('2024-05-01T10:05:00Z') };
}

const click = (messageId: string, channel: string = CHANNELS.community) => ({ commentId: comment.id, platform: 'slack', channel, messageId });

describe('viewCard', () => {
  it('knows a click on the card’s own message from a click on a message about it (a reminder)', async () => {
    const deps = depsWith([cardRecord({ commentId: comment.id, platform: 'slack', channel: CHANNELS.community, messageId: '1714557600.000100' })]);
    expect(await viewCard(click('1714557600.000100'), deps)).toMatchObject({ commentId: comment.id, clickedOnCard: true });
    expect(await viewCard(click('1714557900.000200'), deps)).toMatchObject({ clickedOnCard: false });
    expect(await viewCard({ commentId: comment.id, platform: 'slack', channel: CHANNELS.community }, deps)).toMatchObject({ clickedOnCard: true });
  });

  it('counts a click from the channel as one on its card while the card’s post is not recorded yet', async () => {
    const deps = depsWith([cardRecord({ commentId: comment.id, platform: 'slack', channel: CHANNELS.community, messageId: null })]);
    expect(await viewCard(click('1714557600.000100'), deps)).toMatchObject({ clickedOnCard: true });
    // From elsewhere (a reminder in a direct message) it is still a click about the card, not on it.
    expect(await viewCard(click('1714557600.000100', 'D0PERSONAL'), deps)).toMatchObject({ clickedOnCard: false });
  });

  it('answers nothing for an unknown or malformed id', async () => {
    const deps = depsWith([]);
    expect(await viewCard({ commentId: 'not-a-uuid', platform: 'slack' }, deps)).toBeNull();
    expect(await viewCard({ commentId: '00000000-0000-4000-8000-000000000000', platform: 'slack' }, deps)).toBeNull();
  });
});
