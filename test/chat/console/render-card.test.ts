import { describe, expect, it } from 'vitest';
import { renderConsoleCard } from '../../../src/chat/console/render-card.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../../src/domain/directory.ts';
import { cardRecord, commentRecord } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const T0 = new Date('2024-05-01T10:00:00Z');
const TEAMS: TeamInfo[] = [
  { id: 'community', name: 'Community', leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin' },
  { id: 'support', name: '<i>Support</i>', locale: 'en', timeZone: 'Europe/Berlin' },
];
const MEMBERS: MemberInfo[] = [
  { id: 'anna', name: 'Anna Schmidt', roles: ['agent', 'lead'], teamIds: ['community'], timeZone: 'Europe/Berlin' },
  { id: 'deniz', name: 'Deniz <b>Y</b>', roles: ['agent'], teamIds: ['community'], timeZone: 'Europe/Berlin' },
];
const directory = new Directory(TEAMS, MEMBERS, { teamId: 'community', priority: 'normal' });
const options = { timeZone: 'Europe/Berlin', csrf: 'tok"en', canAct: true, returnTo: '/' };

function card(over: Parameters<typeof commentRecord>[0] = {}, locale?: 'de' | 'en', detail = false) {
  const comment = commentRecord({ id: COMMENT_ID, teamId: 'community', createdAt: T0, receivedAt: T0, ...over });
  return renderConsoleCard(buildCardView(comment, cardRecord({ commentId: COMMENT_ID, teamId: 'community', platform: 'console', channel: 'community' }), directory, T0, locale), { ...options, detail }).value;
}

describe('console card', () => {
  it('shows the comment with the same parts as a chat card, in the reader\'s language', () => {
    const en = card({ text: 'Where is my order?', authorName: 'Max', source: 'instagram', priority: 'high' }, 'en');
    expect(en).toContain('data-status="open"');
    expect(en).toContain('Instagram');
    expect(en).toContain('High priority');
    expect(en).toContain('<strong data-testid="card-author">Max</strong>');
    expect(en).toContain('Where is my order?');
    expect(en).toContain('Waiting for someone to claim it');
    for (const action of ['claim', 'answer', 'dismiss', 'route-open', 'snooze-open']) expect(en).toContain(`data-testid="card-${action}"`);
    expect(en).not.toContain('data-testid="card-release"');
    // In a column, Route and Snooze open the card's page (a route choice per card would make a column heavy).
    expect(en).toContain(`href="/card?id=${COMMENT_ID}#route"`);
    expect(en).not.toContain('<select');
    const de = card({ text: 'Wo bleibt meine Bestellung?' }, 'de', true);
    expect(de).toContain('Übernehmen');
    expect(de).toContain('Weiterleiten an');
    for (const action of ['route', 'route-target', 'snooze']) expect(de).toContain(`data-testid="card-${action}"`);
  });

  it('names the holder and offers Release once claimed; a closed card has no buttons', () => {
    const claimed = card({ status: 'claimed', holderId: 'deniz', claimedAt: T0 }, 'en');
    expect(claimed).toContain('data-testid="card-release"');
    expect(claimed).not.toContain('data-testid="card-claim"');
    expect(claimed).toContain('Claimed by <strong><span class="untrusted">Deniz &lt;b&gt;Y&lt;/b&gt;</span></strong>');
    const closed = card({ status: 'answered', holderId: 'deniz', closedById: 'deniz', closedAt: T0 }, 'en');
    expect(closed).not.toMatch(/data-testid="card-(claim|release|answer|dismiss|route|snooze)"/);
  });

  it('keeps hostile text, names and links inert', () => {
    const out = card({ text: '<script>alert(1)</script>\n<img src=x onerror=alert(2)>', authorName: '"><svg onload=alert(3)>', permalink: 'javascript:alert(4)' }, 'en');
    expect(out).not.toMatch(/<script|<img|<svg|javascript:/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;img src=x onerror=alert(2)&gt;');
    expect(out).toContain('&quot;&gt;&lt;svg onload=alert(3)&gt;');
    // Team names in the route choice are text too.
    expect(card({}, 'en', true)).toContain('&lt;i&gt;Support&lt;/i&gt;');
    expect(out).toContain('value="tok&quot;en"');
  });

  it('opens the original only over http(s)', () => {
    expect(card({ permalink: 'https://www.instagram.com/p/abc/' }, 'en')).toContain('href="https://www.instagram.com/p/abc/"');
  });

  it('shows the first part of a very long comment and the rest on request; its own page shows it whole', () => {
    const long = 'a'.repeat(1200) + 'TAIL';
    const out = card({ text: long }, 'en');
    expect(out).toContain('<details><summary>…</summary><span class="untrusted">TAIL</span></details>');
    expect(card({ text: long }, 'en', true)).toContain('aTAIL</span></blockquote>');
  });

  it('disables the buttons until the reader has picked who they are', () => {
    const comment = commentRecord({ id: COMMENT_ID, teamId: 'community', createdAt: T0, receivedAt: T0 });
    const out = renderConsoleCard(buildCardView(comment, cardRecord({ commentId: COMMENT_ID, teamId: 'community' }), directory, T0, 'en'), { ...options, canAct: false }).value;
    expect(out).toMatch(/data-testid="card-claim" disabled/);
  });
});
