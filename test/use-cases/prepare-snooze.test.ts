import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { CommentRecord } from '../../src/domain/comment.ts';
import { textsFor } from '../../src/domain/i18n.ts';
import type { DeskStore } from '../../src/domain/ports.ts';
import { prepareSnooze } from '../../src/use-cases/prepare-snooze.ts';
import { staleSnoozeMessage } from '../../src/use-cases/snooze-reminders.ts';
import { USERS, testDeskConfig } from '../support/desk-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const directory = buildDirectory(testDeskConfig());

function depsWith(comment: Partial<CommentRecord> | null) {
  const store = { getComment: async (id: string) => (comment && id === COMMENT_ID ? (comment as CommentRecord) : null) } as Partial<DeskStore> as DeskStore;
  return { store, directory, clock: new FakeClock('2026-11-26T10:00:00Z') };
}

const who = (userId: string) => ({ platform: 'slack', platformUserId: userId });

describe('prepareSnooze', () => {
  it('shows the comment by its author and a one-line excerpt, in the language of the person snoozing', async () => {
    const deps = depsWith({ id: COMMENT_ID, authorName: 'Max <Muster>', text: `Wo bleibt\nmeine Bestellung? ${'x'.repeat(300)}` });
    const view = await prepareSnooze({ commentId: COMMENT_ID, ...who(USERS.ben) }, deps);
    expect(view).toMatchObject({ locale: 'en', commentId: COMMENT_ID, comment: { authorName: 'Max <Muster>' } });
    // The excerpt is the core's (one line, cut); escaping it is the platform's business.
    expect(view.comment?.excerpt).toMatch(/^Wo bleibt meine Bestellung\? x+…$/);
    expect(view.comment?.excerpt.length).toBe(200);
    expect((await prepareSnooze({ commentId: COMMENT_ID, ...who(USERS.anna) }, deps)).locale).toBe('de');
  });

  it('says when the comment is gone', async () => {
    expect(await prepareSnooze({ commentId: COMMENT_ID, ...who(USERS.stranger) }, depsWith(null))).toEqual({ locale: 'de', commentId: COMMENT_ID, comment: null });
  });
});

describe('staleSnoozeMessage', () => {
  it('asks to reopen an outdated dialog, in the person’s language', async () => {
    expect(await staleSnoozeMessage({ directory }, who(USERS.ben))).toBe('This dialog is out of date. Close it and try again.');
    expect(await staleSnoozeMessage({ directory }, who(USERS.anna))).toBe(textsFor('de').snooze.outOfDate);
    expect(textsFor('de').snooze.outOfDate).not.toBe(textsFor('en').snooze.outOfDate);
  });
});
