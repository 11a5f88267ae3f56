import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { noticeToSend } from '../../src/domain/outbox-intent.ts';
import { testDeskConfig } from '../support/desk-harness.ts';

describe('noticeToSend', () => {
  const directory = buildDirectory(testDeskConfig());

  it('sends a worded notice as it is', () => {
    const notice = { text: 'Schon erledigt.', permalink: 'https://example.com/c/1' };
    expect(noticeToSend(notice, directory)).toBe(notice);
  });

  it('words a lost claim with the holder’s display name in the clicker’s language', () => {
    expect(noticeToSend({ heldBy: 'deniz', locale: 'en' }, directory)).toEqual({
      text: 'Deniz has already claimed this comment. Ask them or the team lead to release or reassign it.',
    });
    expect(noticeToSend({ heldBy: 'anna', locale: 'de' }, directory)).toEqual({
      text: 'Anna hat diesen Kommentar schon übernommen. Frag Anna oder die Teamleitung, ob er freigegeben oder neu zugewiesen werden kann.',
    });
  });

  it('names a holder no longer in the configuration by id, as cards do', () => {
    expect(noticeToSend({ heldBy: 'gone', locale: 'en' }, directory).text).toMatch(/^gone has already claimed/);
  });
});
