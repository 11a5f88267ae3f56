import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Locale } from '../../domain/directory.ts';

/** One browser's session: signed in (or on loopback without a password), who they act as, their language. */
export interface ConsoleSession {
  id: string;
  /** Sent back with every state-changing request (form field `csrf` or header `x-csrf-token`). */
  csrf: string;
  /** The desk member this browser acts as (picked after signing in). */
  memberId: string | null;
  /** Chosen on the page; null: the browser's language. */
  locale: Locale | null;
  signedIn: boolean;
  lastSeen: number;
}

export const SESSION_COOKIE = 'desk_console';
/** Sessions are kept in memory: a restart signs everyone out, nothing secret is stored on disk. */
const IDLE_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 10_000;

/** Loopback as Node reports the peer: 127.0.0.0/8, ::1, and IPv4-mapped 127.x. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Whether a request comes from this machine. A request relayed by a proxy on the same machine
 * (it carries `Forwarded` or `X-Forwarded-For`) is from wherever the proxy got it: not loopback.
 */
export function fromLoopback(req: IncomingMessage): boolean {
  if (req.headers.forwarded !== undefined || req.headers['x-forwarded-for'] !== undefined) return false;
  return isLoopback(req.socket.remoteAddress);
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Constant-time comparison of a typed password with the configured one (hashed first: equal lengths). */
export function passwordMatches(typed: string, expected: string): boolean {
  const a = createHash('sha256').update(typed, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function tokensEqual(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The session behind the request's cookie, if it is alive. */
  find(req: IncomingMessage): ConsoleSession | undefined {
    const id = readCookie(req, SESSION_COOKIE);
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastSeen > IDLE_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = this.now();
    return session;
  }

  create(signedIn: boolean): ConsoleSession {
    if (this.sessions.size >= MAX_SESSIONS) this.evictOldest();
    const session: ConsoleSession = { id: randomBytes(32).toString('base64url'), csrf: randomBytes(32).toString('base64url'), memberId: null, locale: null, signedIn, lastSeen: this.now() };
    this.sessions.set(session.id, session);
    return session;
  }

  end(session: ConsoleSession): void {
    this.sessions.delete(session.id);
  }

  private evictOldest(): void {
    let oldest: ConsoleSession | undefined;
    for (const s of this.sessions.values()) if (!oldest || s.lastSeen < oldest.lastSeen) oldest = s;
    if (oldest) this.sessions.delete(oldest.id);
  }
}

/**
 * The Set-Cookie header for a session: not readable by scripts, Secure behind HTTPS, and `SameSite=Lax`:
 * sent when someone follows a link to the console from elsewhere (a chat message, a wiki), never with
 * another site's posts or fetches. Posts are guarded by their origin and the CSRF token besides.
 */
export function sessionCookie(session: ConsoleSession, secure: boolean): string {
  return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${IDLE_MS / 1000}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/**
 * A state-changing request must come from our own page: same-origin by the browser's own word
 * (`Sec-Fetch-Site`, or `Origin` matching the Host), and carrying the session's CSRF token.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }
  return origin === undefined;
}

/** Failed sign-ins per address: after 5 within 10 minutes, the next waits until the window passes. */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(private readonly now: () => number = Date.now) {}

  blockedFor(address: string): number {
    const recent = this.recent(address);
    return recent.length >= 5 ? Math.max(0, (recent[0] ?? 0) + 600_000 - this.now()) : 0;
  }

  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    return (this.failures.get(address) ?? []).filter((t) => this.now() - t < 600_000);
  }
}
