import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConsoleSessions, SignInThrottle, fromLoopback, isLoopback, passwordMatches, readCookie, sameOrigin, sessionCookie, tokensEqual } from '../../../src/chat/console/console-auth.ts';
import { localPath } from '../../../src/chat/console/layout.ts';

const req = (headers: Record<string, string>, remoteAddress = '127.0.0.1') => ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('console gate', () => {
  it('knows loopback addresses, IPv4-mapped ones included, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', '0.0.0.0', '', undefined, '127.0.0.1.evil']) expect(isLoopback(a)).toBe(false);
  });

  it('treats a request relayed by a local proxy as coming from elsewhere', () => {
    expect(fromLoopback(req({}))).toBe(true);
    expect(fromLoopback(req({ 'x-forwarded-for': '203.0.113.9' }))).toBe(false);
    expect(fromLoopback(req({ forwarded: 'for=203.0.113.9' }))).toBe(false);
    expect(fromLoopback(req({}, '192.168.1.5'))).toBe(false);
  });

  it('accepts same-origin posts only', () => {
    expect(sameOrigin(req({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(sameOrigin(req({ host: '127.0.0.1:3000' }))).toBe(true);
    expect(sameOrigin(req({ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(sameOrigin(req({ host: '127.0.0.1:3000', 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(sameOrigin(req({ host: '127.0.0.1:3000', origin: 'http://127.0.0.2:3000' }))).toBe(false);
    expect(sameOrigin(req({ host: '127.0.0.1:3000', origin: 'not a url' }))).toBe(false);
  });

  it('compares passwords and tokens exactly', () => {
    expect(passwordMatches('secret password', 'secret password')).toBe(true);
    expect(passwordMatches('secret passwor', 'secret password')).toBe(false);
    expect(passwordMatches('', 'secret password')).toBe(false);
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
    expect(tokensEqual('ab', 'abc')).toBe(false);
  });

  it('keeps sessions by cookie until they idle out, with HttpOnly SameSite=Strict cookies', () => {
    let now = 0;
    const sessions = new ConsoleSessions(() => now);
    const s = sessions.create(true);
    const cookie = sessionCookie(s, true);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('; Secure');
    const withCookie = req({ cookie: `other=1; desk_console=${s.id}` });
    expect(readCookie(withCookie, 'desk_console')).toBe(s.id);
    expect(sessions.find(withCookie)?.id).toBe(s.id);
    now += 13 * 60 * 60 * 1000;
    expect(sessions.find(withCookie)).toBeUndefined();
    expect(sessions.find(req({ cookie: 'desk_console=forged' }))).toBeUndefined();
  });

  it('slows down guessing: five wrong passwords block the address for the rest of ten minutes', () => {
    let now = 0;
    const throttle = new SignInThrottle(() => now);
    for (let i = 0; i < 4; i++) throttle.fail('a');
    expect(throttle.blockedFor('a')).toBe(0);
    throttle.fail('a');
    expect(throttle.blockedFor('a')).toBe(600_000);
    expect(throttle.blockedFor('b')).toBe(0);
    now += 600_001;
    expect(throttle.blockedFor('a')).toBe(0);
  });

  it('redirects only to local paths', () => {
    expect(localPath('/try?x=1')).toBe('/try?x=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', '', null, 'try']) expect(localPath(bad)).toBe('/');
  });
});
