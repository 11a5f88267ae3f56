import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { noticeToSend, platformToReach } from '../../src/domain/outbox-intent.ts';
import { plainText } from '../../src/domain/rich-text.ts';
import { testDeskConfig } from '../support/desk-harness.ts';

describe('noticeToSend', () => {
  const directory = buildDirectory(testDeskConfig());

  it('sends a worded notice as it is', () => {
    const notice = { text: 'Schon erledigt.', permalink: 'https://example.com/c/1' };
    expect(noticeToSend(notice, directory)).toBe(notice);
  });

  it('words a lost claim with the holder’s display name in the clicker’s language', () => {
    const worded = (notice: { heldBy: string; locale: 'de' | 'en' }) => ({ text: plainText(noticeToSend(notice, directory).text) });
    expect(worded({ heldBy: 'deniz', locale: 'en' })).toEqual({
      text: 'Deniz has already claimed this comment. Ask them or the team lead to release or reassign it.',
    });
    expect(worded({ heldBy: 'anna', locale: 'de' })).toEqual({
      text: 'Anna hat diesen Kommentar schon übernommen. Frag Anna oder die Teamleitung, ob er freigegeben oder neu zugewiesen werden kann.',
    });
  });

  it('names a holder no longer in the configuration by id, as cards do', () => {
    expect(plainText(noticeToSend({ heldBy: 'gone', locale: 'en' }, directory).text)).toMatch(/^gone has already claimed/);
  });
});

describe('platformToReach', () => {
  const both = { identities: [{ platform: 'msteams', userId: '29:anna' }, { platform: 'slack', userId: 'U0ANNA0001' }] };

  it('reaches a person where they acted (or where their team works) when they are there', () => {
    expect(platformToReach(both, 'slack')).toBe('slack');
    expect(platformToReach(both, 'msteams')).toBe('msteams');
  });

  it('else on the first platform they use', () => {
    expect(platformToReach(both, 'webex')).toBe('msteams');
    expect(platformToReach(both)).toBe('msteams');
  });

  it('tries the preferred platform for someone who uses none, so its gateway says why it fails', () => {
    expect(platformToReach({ identities: [] }, 'slack')).toBe('slack');
    expect(platformToReach(undefined, 'slack')).toBe('slack');
    expect(platformToReach({}, null)).toBeNull();
  });
});
