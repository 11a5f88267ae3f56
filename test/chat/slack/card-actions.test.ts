import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCardAction } from '../../../src/chat/slack/listeners/card-actions.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';

type Payload = Record<string, unknown> & { actions: Record<string, unknown>[]; user?: Record<string, unknown>; channel?: unknown; container?: unknown };

function fixture(name: string): Payload {
  return JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}`, import.meta.url), 'utf8')) as Payload;
}

const button = () => fixture('block_actions_claim_button.json');
const select = () => fixture('block_actions_route_select.json');

function errorOf(body: unknown): string {
  const parsed = parseCardAction(body);
  if (parsed.ok) throw new Error(`expected a parse error, got ${JSON.stringify(parsed)}`);
  expect(parsed.error.length).toBeGreaterThan(0);
  return parsed.error;
}

describe('parseCardAction', () => {
  describe('buttons', () => {
    it('parses a real-shaped claim click', () => {
      expect(parseCardAction(button())).toEqual({
        ok: true,
        commentId: COMMENT_ID,
        userId: 'U0DENIZ001',
        channelId: 'C0SUPPORT01',
        requestId: 'U0DENIZ001:1714557900.194939',
        actionId: 'desk.claim',
      });
    });

    it.each(['desk.release', 'desk.answer', 'desk.dismiss'])('parses %s the same way', (actionId) => {
      const body = button();
      body.actions[0]!.action_id = actionId;
      body.actions[0]!.action_ts = '1714558000.000001';
      const parsed = parseCardAction(body);
      expect(parsed).toMatchObject({ ok: true, actionId, commentId: COMMENT_ID, requestId: 'U0DENIZ001:1714558000.000001' });
    });

    it('request ids differ between two clicks of the same user and between users', () => {
      const first = button();
      const second = button();
      second.actions[0]!.action_ts = '1714557901.000000';
      const other = button();
      other.user = { ...other.user, id: 'U0BEN00001' };
      const ids = [first, second, other].map((b) => {
        const p = parseCardAction(b);
        if (!p.ok) throw new Error(p.error);
        return p.requestId;
      });
      expect(new Set(ids).size).toBe(3);
      expect(ids[2]).toBe('U0BEN00001:1714557900.194939');
    });

    it('ignores the version and extra keys in the value', () => {
      const body = button();
      body.actions[0]!.value = JSON.stringify({ c: 'abc', v: 99, extra: true });
      expect(parseCardAction(body)).toMatchObject({ ok: true, commentId: 'abc' });
    });

    it('takes the channel from the container when the payload has no channel object', () => {
      const body = button();
      delete body.channel;
      expect(parseCardAction(body)).toMatchObject({ ok: true, channelId: 'C0SUPPORT01' });
    });

    it('has no channel when neither channel nor container name one', () => {
      const body = button();
      delete body.channel;
      body.container = { type: 'view', view_id: 'V0123' };
      const parsed = parseCardAction(body);
      expect(parsed.ok).toBe(true);
      expect(parsed.ok && parsed.channelId).toBeUndefined();
    });

    it('uses only the first action', () => {
      const body = button();
      body.actions.push({ ...body.actions[0]!, action_id: 'desk.dismiss', value: JSON.stringify({ c: 'other', v: 1 }) });
      expect(parseCardAction(body)).toMatchObject({ ok: true, actionId: 'desk.claim', commentId: COMMENT_ID });
    });
  });

  describe('route select', () => {
    it('parses a team target with the comment id from the block id', () => {
      expect(parseCardAction(select())).toEqual({
        ok: true,
        commentId: COMMENT_ID,
        route: { kind: 'team', teamId: 'legal' },
        userId: 'U0ANNA0001',
        channelId: 'C0COMMUNITY',
        requestId: 'U0ANNA0001:1714557960.531337',
        actionId: 'desk.route',
      });
    });

    it('parses a member target', () => {
      const body = select();
      body.actions[0]!.selected_option = { text: { type: 'plain_text', text: 'Anna Schmidt', emoji: true }, value: 'member:anna' };
      expect(parseCardAction(body)).toMatchObject({ ok: true, commentId: COMMENT_ID, route: { kind: 'person', memberId: 'anna' } });
    });

    it('keeps ids with colons and dashes intact', () => {
      const body = select();
      body.actions[0]!.selected_option = { value: 'member:team-lead_2' };
      expect(parseCardAction(body)).toMatchObject({ ok: true, route: { kind: 'person', memberId: 'team-lead_2' } });
    });

    it('rejects a select without the card block id', () => {
      const body = select();
      delete body.actions[0]!.block_id;
      expect(errorOf(body)).toBe('route select without a card block_id');
      const other = select();
      other.actions[0]!.block_id = 'something.else:abc';
      expect(errorOf(other)).toBe('route select without a card block_id');
    });

    it.each([
      ['no selected option', undefined],
      ['an unknown prefix', { value: 'channel:C0123' }],
      ['an empty team', { value: 'team:' }],
      ['an empty member', { value: 'member:' }],
    ])('rejects %s', (_label, selected) => {
      const body = select();
      if (selected === undefined) delete body.actions[0]!.selected_option;
      else body.actions[0]!.selected_option = selected;
      expect(errorOf(body)).toBe('route select without a team: or member: option');
    });
  });

  describe('suggested route button (AI triage)', () => {
    const suggested = (value: unknown) => {
      const body = button();
      body.actions[0]!.action_id = 'desk.route.suggested';
      body.actions[0]!.value = typeof value === 'string' ? value : JSON.stringify(value);
      return body;
    };

    it('parses the comment and the team from the value, as a route to that team', () => {
      expect(parseCardAction(suggested({ c: COMMENT_ID, v: 3, r: 'team:legal' }))).toEqual({
        ok: true,
        commentId: COMMENT_ID,
        route: { kind: 'team', teamId: 'legal' },
        userId: 'U0DENIZ001',
        channelId: 'C0SUPPORT01',
        requestId: 'U0DENIZ001:1714557900.194939',
        actionId: 'desk.route.suggested',
      });
    });

    it.each([
      ['no target', { c: COMMENT_ID }],
      ['an unknown prefix', { c: COMMENT_ID, r: 'channel:C0123' }],
      ['an empty team', { c: COMMENT_ID, r: 'team:' }],
      ['no comment id', { r: 'team:legal' }],
    ])('rejects %s', (_label, value) => {
      expect(errorOf(suggested(value))).toBe('suggested route button without a comment id and a team: or member: value');
    });

    it('rejects a value that is not JSON', () => {
      expect(errorOf(suggested('team:legal'))).toBe('button desk.route.suggested has no JSON value');
    });
  });

  describe('malformed payloads', () => {
    it('rejects a payload without a user', () => {
      const body = button();
      delete body.user;
      expect(errorOf(body)).toMatch(/^block_actions payload: user /);
    });

    it('rejects an empty user id', () => {
      const body = button();
      body.user = { id: '' };
      expect(errorOf(body)).toMatch(/^block_actions payload: user\.id /);
    });

    it('rejects a payload without actions', () => {
      const body = button();
      body.actions = [];
      expect(errorOf(body)).toMatch(/^block_actions payload: actions /);
    });

    it('rejects an action without action_ts', () => {
      const body = button();
      delete body.actions[0]!.action_ts;
      expect(errorOf(body)).toMatch(/^block_actions payload: actions\.0\.action_ts /);
    });

    it('rejects non-objects', () => {
      expect(errorOf(null)).toMatch(/^block_actions payload: /);
      expect(errorOf('payload=%7B%7D')).toMatch(/^block_actions payload: /);
    });

    it('rejects a button without a value', () => {
      const body = button();
      delete body.actions[0]!.value;
      expect(errorOf(body)).toBe('button desk.claim has no JSON value');
    });

    it('rejects a button whose value is not JSON', () => {
      const body = button();
      body.actions[0]!.value = 'click_me_123';
      expect(errorOf(body)).toBe('button desk.claim has no JSON value');
    });

    it.each([
      ['null', 'null'],
      ['an array', '[1,2]'],
      ['no c', '{"v":1}'],
      ['an empty c', '{"c":"","v":1}'],
      ['a numeric c', '{"c":42,"v":1}'],
    ])('rejects a button value with %s', (_label, value) => {
      const body = button();
      body.actions[0]!.value = value;
      expect(errorOf(body)).toBe('button desk.claim value lacks the comment id');
    });
  });
});
