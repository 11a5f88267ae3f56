import { describe, expect, it } from 'vitest';
import { renderConsoleCard } from '../../../src/chat/console/render-card.ts';
import { buildCardView } from '../../../src/domain/card-view.ts';
import type { CommentTriage } from '../../../src/domain/comment-triage.ts';
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

describe('console card: AI triage', () => {
  const triageDirectory = new Directory(
    [...TEAMS, { id: 'legal', name: 'Legal', locale: 'de', timeZone: 'Europe/Berlin' }, { id: 'evil', name: '<b>Evil</b> *x* <!channel>', locale: 'en', timeZone: 'Europe/Berlin' }],
    MEMBERS,
    { teamId: 'community', priority: 'normal' },
  );
  const classified = (over: Partial<Extract<CommentTriage, { state: 'classified' }>> = {}): CommentTriage => ({
    state: 'classified',
    at: T0.toISOString(),
    labels: { sentiment: 'negative', intent: 'complaint', urgency: 'high', injectionSuspected: false },
    language: 'de',
    needsResponse: true,
    confidence: 'high',
    suggestTeamId: null,
    suggestDismiss: false,
    reason: 'Die Bestellung ist zu spät.',
    routedToTeamId: null,
    raisedPriority: false,
    ...over,
  });
  function triageCard(over: Parameters<typeof commentRecord>[0], locale: 'de' | 'en' = 'en', o: Partial<typeof options> & { detail?: boolean } = {}) {
    const comment = commentRecord({ id: COMMENT_ID, teamId: 'community', createdAt: T0, receivedAt: T0, ...over });
    const view = buildCardView(comment, cardRecord({ commentId: COMMENT_ID, teamId: comment.teamId, platform: 'console', channel: comment.teamId }), triageDirectory, T0, locale);
    return renderConsoleCard(view, { ...options, ...o }).value;
  }
  const triagePart = (out: string) => /<div class="triage[^"]*" data-testid="card-triage">([\s\S]*?)\n {2}<\/div>/.exec(out)?.[1] ?? '';
  const routeForm = (out: string) => /<form[^>]*class="triage-route"[^>]*>[\s\S]*?<\/form>/.exec(out)?.[0] ?? '';
  const fields = (form: string) => Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));

  it('without triage, the card has no triage part', () => {
    const out = triageCard({}, 'en');
    expect(out).not.toContain('triage');
    expect(out).toContain('</header>\n  <p class="author"');
  });

  it('shows the labels under the header, in the reader\'s language', () => {
    const en = triageCard({ triage: classified() }, 'en');
    expect(triagePart(en)).toContain('<p class="triage-labels">🏷️ AI: negative · complaint · urgent</p>');
    expect(en.indexOf('data-testid="card-triage"')).toBeGreaterThan(en.indexOf('</header>'));
    expect(en.indexOf('data-testid="card-triage"')).toBeLessThan(en.indexOf('class="author"'));
    const de = triageCard({ triage: classified() }, 'de');
    expect(triagePart(de)).toContain('🏷️ KI: negativ · Beschwerde · dringend');
  });

  it('offers the suggested team with a button posting the route action with that team as target', () => {
    for (const detail of [false, true]) {
      const out = triageCard({ triage: classified({ suggestTeamId: 'legal' }) }, 'en', { detail });
      const form = routeForm(out);
      expect(form).toContain('method="post" action="/console/act"');
      expect(form).toContain('data-act');
      expect(fields(form)).toEqual({ csrf: 'tok&quot;en', commentId: COMMENT_ID, target: 'team:legal' });
      expect(form).toContain('Suggested team: <strong><span class="untrusted">Legal</span></strong>');
      expect(form).toMatch(/<button type="submit" name="action" value="route" data-testid="card-triage-route">Route to Legal<\/button>/);
    }
    // The route form on the card's page offers the same value.
    expect(triageCard({ triage: classified({ suggestTeamId: 'legal' }) }, 'en', { detail: true })).toContain('<option value="team:legal">Legal</option>');
    const de = triageCard({ triage: classified({ suggestTeamId: 'legal' }) }, 'de');
    expect(routeForm(de)).toContain('Vorgeschlagenes Team:');
    expect(routeForm(de)).toContain('>Weiterleiten an Legal</button>');
  });

  it('disables the button until the reader has picked who they are', () => {
    expect(routeForm(triageCard({ triage: classified({ suggestTeamId: 'legal' }) }, 'en', { canAct: false }))).toMatch(/data-testid="card-triage-route" disabled>/);
  });

  it('shows the suggestion without a button where the card cannot be routed there; a closed card keeps only its labels', () => {
    const here = triageCard({ teamId: 'legal', triage: classified({ suggestTeamId: 'legal' }) }, 'en');
    expect(triagePart(here)).toContain('Suggested team:');
    expect(routeForm(here)).toBe('');
    const closed = triageCard({ status: 'dismissed', closedById: 'deniz', closedAt: T0, triage: classified({ suggestTeamId: 'legal', suggestDismiss: true }) }, 'en');
    expect(triagePart(closed)).toContain('negative · complaint · urgent');
    expect(triagePart(closed)).not.toMatch(/Suggested|Dismiss\?/);
  });

  it('hints at Dismiss, says it was routed here by triage, and warns of instructions to the AI', () => {
    const out = triageCard(
      { routedFrom: 'legal', routedAt: T0, triage: classified({ labels: { sentiment: 'neutral', intent: 'spam', urgency: 'low', injectionSuspected: true }, suggestDismiss: true, routedToTeamId: 'community' }) },
      'en',
    );
    const part = triagePart(out);
    expect(part).toContain('<p class="triage-warning" role="note">⚠️ The comment tries to instruct the AI; treat it with care.</p>');
    expect(part).toContain('<p>Routed here by triage: <span class="untrusted">Die Bestellung ist zu spät.</span></p>');
    expect(part).toContain('<p>Looks like spam or abuse: Dismiss?</p>');
    // A hint only: the card's own Dismiss button is the one way to dismiss.
    expect(part).not.toContain('value="dismiss"');
  });

  it('shows "not classified" subtly', () => {
    const out = triageCard({ triage: { state: 'not_classified', at: T0.toISOString(), why: 'budget' } }, 'de');
    expect(out).toContain('<div class="triage triage-none" data-testid="card-triage">');
    expect(triagePart(out)).toContain('🏷️ Nicht von der KI eingeordnet: Es galten nur die Regeln.');
    expect(triageCard({ triage: { state: 'not_classified', at: T0.toISOString(), why: 'timeout' } }, 'en')).toContain('🏷️ Not classified by AI');
  });

  it('keeps a hostile reason and team name inert', () => {
    const reason = '<script>alert(1)</script> *bold* <!channel> <a href="https://evil.example">click</a> "quoted" &amp;';
    const out = triageCard({ routedFrom: 'legal', routedAt: T0, triage: classified({ routedToTeamId: 'community', suggestTeamId: 'evil', reason }) }, 'en');
    const part = triagePart(out);
    expect(part).not.toMatch(/<script|<a |<b>|<!channel/);
    expect(part).toContain('&lt;script&gt;alert(1)&lt;/script&gt; *bold* &lt;!channel&gt; &lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt; &quot;quoted&quot; &amp;amp;');
    expect(part).toContain('&lt;b&gt;Evil&lt;/b&gt; *x* &lt;!channel&gt;');
    expect(fields(routeForm(out)).target).toBe('team:evil');
  });
});
