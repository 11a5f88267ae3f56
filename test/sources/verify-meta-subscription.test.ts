import { describe, expect, it } from 'vitest';
import { verifyMetaSubscription } from '../../src/sources/verify-meta-subscription.ts';

const token = 'meatyhamhock';
// The request Meta sends when the callback URL is saved in the App Dashboard.
const valid = { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': token };

describe('verifyMetaSubscription', () => {
  it('returns the challenge for a correct request', () => {
    expect(verifyMetaSubscription(valid, token)).toEqual({ ok: true, challenge: '1158201444' });
  });

  it('answers 403 for a wrong verify token', () => {
    const result = verifyMetaSubscription({ ...valid, 'hub.verify_token': 'meatyhamhocks' }, token);
    expect(result).toMatchObject({ ok: false, status: 403 });
    expect(result.ok === false && result.error).toContain('hub.verify_token');
  });

  it('answers 403 when no verify token is configured, even if the request sends an empty one', () => {
    const result = verifyMetaSubscription({ ...valid, 'hub.verify_token': '' }, '');
    expect(result).toMatchObject({ ok: false, status: 403 });
  });

  it.each([
    ['hub.mode missing', { ...valid, 'hub.mode': undefined }, 'hub.mode'],
    ['hub.mode not subscribe', { ...valid, 'hub.mode': 'unsubscribe' }, 'hub.mode'],
    ['hub.challenge missing', { ...valid, 'hub.challenge': undefined }, 'hub.challenge'],
    ['hub.challenge empty', { ...valid, 'hub.challenge': '' }, 'hub.challenge'],
    ['hub.challenge with markup', { ...valid, 'hub.challenge': '<script>alert(1)</script>' }, 'hub.challenge'],
    ['hub.challenge repeated', { ...valid, 'hub.challenge': ['1', '2'] }, 'hub.challenge'],
    ['hub.verify_token missing', { ...valid, 'hub.verify_token': undefined }, 'hub.verify_token'],
    ['hub.verify_token repeated', { ...valid, 'hub.verify_token': [token, token] }, 'hub.verify_token'],
  ])('answers 400 when %s', (_label, query, field) => {
    const result = verifyMetaSubscription(query, token);
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(result.ok === false && result.error).toContain(field);
  });
});
