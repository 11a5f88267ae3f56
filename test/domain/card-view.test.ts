import { describe, expect, it } from 'vitest';
import { mrkdwn } from '../../src/chat/slack/mrkdwn.ts';
import { buildCardView, sourceLabel } from '../../src/domain/card-view.ts';
import type { CardRecord, CommentRecord } from '../../src/domain/comment.ts';
import { Directory } from '../../src/domain/directory.ts';
import { cardRecord as baseCard, commentRecord as baseComment } from '../support/records.ts';

const directory = new Directory(
  [
    { id: 'community', name: 'Community', channels: [{ platform: 'slack', channel: 'C0COMMUNITY' }], leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin' },
    { id: 'support', name: 'Customer Support', channels: [{ platform: 'slack', channel: 'C0SUPPORT01' }], leadId: 'ben', locale: 'en', timeZone: 'Europe/Berlin' },
    { id: 'legal', name: 'Legal', channels: [{ platform: 'slack', channel: 'C0LEGAL0001' }], leadId: 'clara', locale: 'de', timeZone: 'Europe/Berlin' },
  ],
  [
    { id: 'anna', name: 'Anna Schmidt', identities: [{ platform: 'slack', userId: 'U0ANNA0001' }], roles: ['agent', 'lead'], teamIds: ['community'], locale: 'de', timeZone: 'Europe/Berlin' },
    { id: 'ben', name: 'Ben Meyer', identities: [{ platform: 'slack', userId: 'U0BEN00001' }], roles: ['agent', 'lead'], teamIds: ['support'], timeZone: 'Europe/Berlin' },
    { id: 'clara', name: 'Clara Wolf', identities: [{ platform: 'slack', userId: 'U0CLARA001' }], roles: ['agent', 'lead'], teamIds: ['legal'], locale: 'de', timeZone: 'Europe/Berlin' },
    { id: 'deniz', name: 'Deniz Yilmaz', identities: [{ platform: 'slack', userId: 'U0DENIZ001' }], roles: ['agent'], teamIds: ['community', 'support'], timeZone: 'Europe/Berlin' },
    { id: 'ops', name: 'Desk Admin', identities: [{ platform: 'slack', userId: 'U0OPS00001' }], roles: ['admin'], teamIds: [], timeZone: 'Europe/Berlin' },
  ],
  { teamId: 'community', priority: 'normal' },
);

const T0 = new Date('2024-05-01T10:00:00Z');
const T1 = new Date('2024-05-01T10:05:00Z');
const T2 = new Date('2024-05-01T10:30:00Z');
/** When the card is rendered (teams here work around the clock: normal priority, first response due 4 h after arrival). */
const NOW = new Date('2024-05-01T10:40:00Z');

function commentRecord(over: Partial<CommentRecord> = {}): CommentRecord {
  return baseComment({
    externalId: '123_456',
    authorId: '999',
    permalink: 'https://facebook.com/123_456',
    postId: '123',
    language: 'de',
    createdAt: T0,
    receivedAt: T1,
    version: 4,
    ...over,
  });
}

function cardRecord(over: Partial<CardRecord> = {}): CardRecord {
  return baseCard({ messageId: '1700000000.000100', ...over });
}

/** The state lines rendered with a fixed "when" marker. */
function stateTexts(view: ReturnType<typeof buildCardView>, when = '@WHEN'): string[] {
  return view.state.map((s) => mrkdwn(s.text(when)));
}

describe('buildCardView', () => {
  describe('actions', () => {
    it('an open comment offers claim, answer, dismiss and route, in that order', () => {
      expect(buildCardView(commentRecord(), cardRecord(), directory, NOW).actions).toEqual(['claim', 'answer', 'dismiss', 'route']);
    });

    it('a claimed comment offers release first instead of claim', () => {
      const view = buildCardView(commentRecord({ status: 'claimed', holderId: 'deniz', claimedAt: T2 }), cardRecord(), directory, NOW);
      expect(view.actions).toEqual(['release', 'answer', 'dismiss', 'route']);
    });

    it.each(['answered', 'dismissed', 'removed'] as const)('a %s comment offers no actions', (status) => {
      const view = buildCardView(commentRecord({ status, closedById: status === 'removed' ? null : 'deniz', closedAt: T2 }), cardRecord(), directory, NOW);
      expect(view.actions).toEqual([]);
    });

    it.each(['open', 'claimed'] as const)('an inactive card of a %s comment offers no actions', (status) => {
      const comment = commentRecord({
        status,
        holderId: status === 'claimed' ? 'ben' : null,
        teamId: 'support',
        routedFrom: 'community',
        routedById: 'anna',
        routedAt: T2,
      });
      expect(buildCardView(comment, cardRecord({ active: false }), directory, NOW).actions).toEqual([]);
    });
  });

  describe('state lines', () => {
    it('open: waiting (German for a German team)', () => {
      const view = buildCardView(commentRecord(), cardRecord(), directory, NOW);
      expect(stateTexts(view)).toEqual(['Wartet darauf, dass jemand ihn übernimmt']);
      expect(view.state[0]!.at).toBeNull();
    });

    it('claimed: names the holder and carries claimedAt', () => {
      const view = buildCardView(commentRecord({ status: 'claimed', holderId: 'deniz', claimedAt: T2 }), cardRecord(), directory, NOW);
      expect(stateTexts(view)).toEqual(['Übernommen von *Deniz Yilmaz* @WHEN']);
      expect(view.state[0]!.at).toEqual(T2);
    });

    it('claimed, in English for an English team', () => {
      const comment = commentRecord({ teamId: 'support', status: 'claimed', holderId: 'ben', claimedAt: T2 });
      const view = buildCardView(comment, cardRecord({ teamId: 'support', channel: 'C0SUPPORT01' }), directory, NOW);
      expect(stateTexts(view)).toEqual(['Claimed by *Ben Meyer* @WHEN']);
    });

    it('answered and dismissed: status label and the closer’s name, at closedAt', () => {
      const answered = buildCardView(commentRecord({ status: 'answered', holderId: 'deniz', closedById: 'anna', closedAt: T2 }), cardRecord(), directory, NOW);
      expect(stateTexts(answered)).toEqual(['Beantwortet von *Anna Schmidt* @WHEN']);
      expect(answered.state[0]!.at).toEqual(T2);

      const dismissed = buildCardView(
        commentRecord({ teamId: 'support', status: 'dismissed', closedById: 'ben', closedAt: T2 }),
        cardRecord({ teamId: 'support' }),
        directory,
        NOW,
      );
      expect(stateTexts(dismissed)).toEqual(['Dismissed by *Ben Meyer* @WHEN']);
    });

    it('removed at the source', () => {
      const view = buildCardView(commentRecord({ status: 'removed', closedAt: T2 }), cardRecord(), directory, NOW);
      expect(stateTexts(view)).toEqual(['An der Quelle entfernt oder ausgeblendet @WHEN']);
      expect(view.state[0]!.at).toEqual(T2);
    });

    it('an unknown member id is shown as the id, a missing one as a dash', () => {
      const view = buildCardView(commentRecord({ status: 'claimed', holderId: 'ghost', claimedAt: T2 }), cardRecord(), directory, NOW);
      expect(stateTexts(view)).toEqual(['Übernommen von *ghost* @WHEN']);
      const closed = buildCardView(commentRecord({ status: 'answered', closedById: null, closedAt: T2 }), cardRecord(), directory, NOW);
      expect(stateTexts(closed)).toEqual(['Beantwortet von *—* @WHEN']);
    });

    it('a routed-in comment says where it came from and who routed it, before its status', () => {
      const comment = commentRecord({ teamId: 'support', routedFrom: 'community', routedById: 'anna', routedAt: T2 });
      const view = buildCardView(comment, cardRecord({ teamId: 'support' }), directory, NOW);
      expect(stateTexts(view)).toEqual(['Came from *Community*, routed here by Anna Schmidt', 'Waiting for someone to claim it']);
      expect(view.state[0]!.at).toBeNull();
    });

    it('no "came from" line when the comment was routed to a person within its team; the card names who assigned it', () => {
      const comment = commentRecord({ status: 'claimed', holderId: 'deniz', claimedAt: T2, routedFrom: 'community', routedById: 'anna', routedAt: T2 });
      expect(stateTexts(buildCardView(comment, cardRecord(), directory, NOW))).toEqual(['*Deniz Yilmaz* zugewiesen von Anna Schmidt @WHEN']);
    });

    it('a claim after an earlier route reads as a claim, not an assignment', () => {
      const comment = commentRecord({ status: 'claimed', holderId: 'deniz', claimedAt: T2, routedById: 'anna', routedAt: T1 });
      expect(stateTexts(buildCardView(comment, cardRecord(), directory, NOW))).toEqual(['Übernommen von *Deniz Yilmaz* @WHEN']);
    });

    it('an inactive card says only that the comment moved, naming the new team and the router', () => {
      const comment = commentRecord({ teamId: 'support', status: 'claimed', holderId: 'ben', claimedAt: T2, routedFrom: 'community', routedById: 'anna', routedAt: T2 });
      const view = buildCardView(comment, cardRecord({ active: false }), directory, NOW);
      expect(view.active).toBe(false);
      expect(stateTexts(view)).toEqual(['➡️ An *Customer Support* weitergeleitet von Anna Schmidt @WHEN. Diese Karte ist nicht mehr aktiv.']);
      expect(view.state[0]!.at).toEqual(T2);
    });

    it('the moved line is in the old card’s language (English team card)', () => {
      const comment = commentRecord({ teamId: 'legal', routedFrom: 'support', routedById: 'ben', routedAt: T2 });
      const view = buildCardView(comment, cardRecord({ teamId: 'support', active: false }), directory, NOW);
      expect(stateTexts(view)).toEqual(['➡️ Moved to *Legal* by Ben Meyer @WHEN. This card is no longer active.']);
    });
  });

  describe('route options', () => {
    it('exclude the comment’s current team and list assignable people only', () => {
      const view = buildCardView(commentRecord(), cardRecord(), directory, NOW);
      expect(view.routeOptions.teams).toEqual([
        { value: 'team:support', label: 'Customer Support' },
        { value: 'team:legal', label: 'Legal' },
      ]);
      // ops is admin only: cannot hold comments.
      expect(view.routeOptions.people).toEqual([
        { value: 'member:anna', label: 'Anna Schmidt' },
        { value: 'member:ben', label: 'Ben Meyer' },
        { value: 'member:clara', label: 'Clara Wolf' },
        { value: 'member:deniz', label: 'Deniz Yilmaz' },
      ]);
    });

    it('exclude the holder of a claimed comment', () => {
      const view = buildCardView(commentRecord({ status: 'claimed', holderId: 'deniz', claimedAt: T2 }), cardRecord(), directory, NOW);
      expect(view.routeOptions.people.map((p) => p.value)).toEqual(['member:anna', 'member:ben', 'member:clara']);
    });

    it('follow the comment’s team, not the card’s', () => {
      const comment = commentRecord({ teamId: 'legal' });
      const view = buildCardView(comment, cardRecord({ teamId: 'community' }), directory, NOW);
      expect(view.routeOptions.teams.map((t) => t.value)).toEqual(['team:community', 'team:support']);
    });
  });

  describe('locale and labels', () => {
    it('uses German texts for a German team', () => {
      const view = buildCardView(commentRecord({ priority: 'high' }), cardRecord(), directory, NOW);
      expect(view.locale).toBe('de');
      expect(view.texts.button.claim).toBe('Übernehmen');
      expect(view.statusLabel).toBe('Offen');
      expect(view.priorityLabel).toBe('Hohe Priorität');
      expect(view.teamName).toBe('Community');
    });

    it('uses English texts for an English team', () => {
      const comment = commentRecord({ teamId: 'support', priority: 'low', status: 'claimed', holderId: 'ben', claimedAt: T2 });
      const view = buildCardView(comment, cardRecord({ teamId: 'support' }), directory, NOW);
      expect(view.locale).toBe('en');
      expect(view.texts.button.claim).toBe('Claim');
      expect(view.statusLabel).toBe('Claimed');
      expect(view.priorityLabel).toBe('Low priority');
      expect(view.teamName).toBe('Customer Support');
    });

    it('falls back to English and the raw team id for a card of an unknown team', () => {
      const view = buildCardView(commentRecord({ teamId: 'gone' }), cardRecord({ teamId: 'gone' }), directory, NOW);
      expect(view.locale).toBe('en');
      expect(view.teamName).toBe('gone');
    });

    it('labels known sources by name and capitalises unknown ones', () => {
      expect(buildCardView(commentRecord({ source: 'youtube' }), cardRecord(), directory, NOW).sourceLabel).toBe('YouTube');
      expect(sourceLabel('linkedin')).toBe('LinkedIn');
      expect(sourceLabel('x')).toBe('X');
      expect(sourceLabel('tiktok')).toBe('Tiktok');
    });
  });

  it('flags a comment of a running crisis, and says when the end of its drill closed a practice comment', () => {
    const crisisId = '2c5e8f60-0d7e-4a8e-9a43-6f1b1c2d3e4f';
    const flagged = buildCardView(commentRecord({ crisisId, priority: 'crisis' }), cardRecord(), directory, NOW);
    expect(flagged).toMatchObject({ inCrisis: true, isDrill: false, priority: 'crisis' });
    // A drill's comments carry the DRILL mark instead.
    expect(buildCardView(commentRecord({ crisisId, isDrill: true }), cardRecord(), directory, NOW).inCrisis).toBe(false);
    expect(buildCardView(commentRecord(), cardRecord(), directory, NOW).inCrisis).toBe(false);
    const ended = buildCardView(commentRecord({ crisisId, isDrill: true, status: 'dismissed', closedAt: T2, closedById: null }), cardRecord(), directory, NOW);
    expect(stateTexts(ended, '⟨when⟩')).toContain(mrkdwn(ended.texts.stateDrillEnded('⟨when⟩')));
  });

  it('copies the comment fields the card shows', () => {
    const comment = commentRecord({ isDrill: true, editedAt: T2, version: 9, permalink: null });
    const view = buildCardView(comment, cardRecord(), directory, NOW);
    expect(view).toMatchObject({
      commentId: comment.id,
      version: 9,
      active: true,
      source: 'facebook',
      sourceLabel: 'Facebook',
      priority: 'normal',
      status: 'open',
      isDrill: true,
      author: 'Erika Mustermann',
      text: 'Wo bleibt meine Bestellung?',
      permalink: null,
      createdAt: T0,
      receivedAt: T1,
      edited: true,
    });
    const plain = buildCardView(commentRecord(), cardRecord(), directory, NOW);
    expect(plain.isDrill).toBe(false);
    expect(plain.edited).toBe(false);
    expect(plain.permalink).toBe('https://facebook.com/123_456');
  });
});
