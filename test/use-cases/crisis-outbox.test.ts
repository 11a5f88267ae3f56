import { describe, expect, it } from 'vitest';
import { openRoomItem, pageItems, postItem, refreshItems } from '../../src/use-cases/crisis-outbox.ts';

describe('crisis outbox rows', () => {
  const crisis = { id: '9c1f0c52-8f0e-4d8a-b1a4-0b3f3c1d2e4f', platform: 'msteams', stakeholderChannel: '19:stakeholders' };

  it('go to the platform the crisis was started from, room posts in the room’s order', () => {
    const items = [
      openRoomItem(crisis, true),
      postItem(crisis, 'board', 'room'),
      postItem(crisis, 'announcement', 'stakeholders'),
      ...pageItems(crisis, [{ role: 'lead', memberIds: ['anna', 'ben'] }]),
      ...refreshItems(crisis, ['board'], 'ack:anna'),
    ];
    expect(items.map((i) => [i.intent.kind, i.intent.platform, i.channel])).toEqual([
      ['crisis.room', 'msteams', `crisis-room:${crisis.id}`],
      ['crisis.post', 'msteams', `crisis-room:${crisis.id}`],
      ['crisis.post', 'msteams', '19:stakeholders'],
      ['crisis.page', 'msteams', null],
      ['crisis.page', 'msteams', null],
      ['crisis.refresh', 'msteams', null],
    ]);
  });
});
