import { describe, expect, it } from 'vitest';
import { CRISIS_BUTTON_PATH, renderCrisisBoard } from '../../../src/chat/console/render-crisis.ts';
import type { CrisisRecord, CrisisSnapshot } from '../../../src/domain/crisis.ts';
import type { Locale } from '../../../src/domain/directory.ts';
import { CRISIS_ID, NOW, PEOPLE, at, eventHandlers, snapshot, tagsOf } from './try-it-fixtures.ts';

const options = (locale: Locale, over: { configured?: boolean } = {}) => ({ locale, timeZone: 'Europe/Berlin', csrf: 'csrf-token-123', returnPath: '/try', ...over });
const board = (s: CrisisSnapshot, locale: Locale = 'en') => renderCrisisBoard({ kind: 'board', snapshot: s, people: PEOPLE, now: NOW }, options(locale)).value;
const count = (html: string, needle: string) => html.split(needle).length - 1;
const ALLOWED = new Set(['section', 'p', 'h2', 'h3', 'span', 'blockquote', 'ul', 'ol', 'li', 'div', 'strong', 'em', 'code', 'br', 'time', 'form', 'input', 'button']);

describe('renderCrisisBoard', () => {
  it('shows a running drill: title, kind, roster, checklist with Done buttons, statement with Approve, counts and burst', () => {
    const out = board(snapshot());
    expect(out).toMatch(/^<section id="crisis-board" data-testid="crisis-board" data-crisis-id="5b0c6f0e-8d7a-4c1e-9f3b-2a6d8e4c1f00" data-crisis-status="active"/);
    expect(out).toContain('🧪 DRILL #3 — Recall');
    expect(out).toContain('data-testid="crisis-kind">Drill<');
    expect(out).toContain('Roster · 2/3 acknowledged');
    expect(out).toContain('Checklist · 2/4 done');
    // Two open steps, two Done buttons (the late one is marked), each posting its step.
    expect(count(out, 'data-testid="crisis-step-done"')).toBe(2);
    expect(out).toContain('data-testid="crisis-step-done" data-step-id="approve"');
    expect(out).toContain('data-testid="crisis-step-done" data-step-id="all-clear"');
    expect(out).toContain('name="stepId" value="all-clear"');
    // A step done after its target is done (its line says how late); an open one past its target is marked.
    expect(out).toContain('class="step done" data-step-id="assess"');
    expect(out).toContain('class="step open late" data-step-id="approve"');
    expect(out).toContain(`action="${CRISIS_BUTTON_PATH}"`);
    expect(out).toContain(`name="crisisId" value="${CRISIS_ID}"`);
    expect(count(out, 'name="csrf" value="csrf-token-123"')).toBe(4);
    expect(out).toContain('data-testid="crisis-approve"');
    expect(out).toContain('data-testid="crisis-ack"');
    expect(out).toContain('Practice comments injected: 12/30');
    expect(out).toContain('12 received');
    expect(out).toContain('Holding statement: waiting for approval');
  });

  it('shows the board in the reader\'s language, whatever the room\'s', () => {
    const out = board(snapshot({ locale: 'en' }), 'de');
    expect(out).toContain('🧪 ÜBUNG #3 — Rückruf');
    expect(out).toContain('Checkliste');
    expect(out).toContain('>Erledigt</button>');
    expect(out).toContain('>Freigeben</button>');
    expect(out).toContain('Krisen-Board');
    expect(out).not.toContain('Acknowledge the page');
  });

  it('keeps every name and configured text as text', () => {
    for (const locale of ['en', 'de'] as const) {
      const out = board(snapshot(), locale);
      expect([...tagsOf(out)].filter((t) => !ALLOWED.has(t))).toEqual([]);
      expect(out).not.toMatch(/<script|<img|<svg/i);
      expect(eventHandlers(out)).toEqual([]);
      expect(out).toContain('Anna &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(out).toContain('Deniz &quot;&gt;&lt;svg onload=alert(1)&gt;');
    }
  });

  it('an approved statement and an acknowledged roster offer no buttons for them', () => {
    const s = snapshot({ statementApprovedAt: at(10 * 60_000), statementApprovedById: 'deniz' } satisfies Partial<CrisisRecord>);
    s.acks.push({ memberId: 'ben', at: at(60_000) });
    const out = board(s);
    expect(out).not.toContain('data-testid="crisis-approve"');
    expect(out).not.toContain('data-testid="crisis-ack"');
    expect(out).toContain('Approved by');
    // Approving ticked its step: only the last one is open.
    expect(count(out, 'data-testid="crisis-step-done"')).toBe(1);
  });

  it('an ended drill shows how it ended and no buttons', () => {
    const out = board(snapshot({ status: 'ended', endedAt: at(60 * 60_000), endedById: 'anna', endReason: 'command' }));
    expect(out).toContain('data-crisis-status="ended"');
    expect(out).toContain('crisis-ended');
    expect(out).toContain('Ended');
    expect(out).not.toContain('<button');
  });

  it('says how to start a drill when none runs, or that none is configured', () => {
    const none = renderCrisisBoard(null, options('en')).value;
    expect(none).toContain('id="crisis-board" data-testid="crisis-board" data-crisis-id=""');
    expect(none).toContain('No drill running. Start one with /crisis drill');
    expect(renderCrisisBoard(null, options('de')).value).toContain('Keine Übung läuft');
    expect(renderCrisisBoard(null, options('en', { configured: false })).value).toContain('no crisis section');
  });
});
