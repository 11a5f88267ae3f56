import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Directory, Locale, MemberInfo } from '../../domain/directory.ts';
import type { Logger } from '../../logger.ts';
import { BodyTooLargeError, readRawBody, sendJson } from '../../http/respond.ts';
import type { Routes } from '../../http/server.ts';
import { type ConsoleSession, ConsoleSessions, SignInThrottle, clearedCookie, fromLoopback, passwordMatches, sameOrigin, sessionCookie, tokensEqual } from './console-auth.ts';
import { CONSOLE } from './console-identity.ts';
import { type ConsoleTexts, consoleTexts, localeFromAcceptLanguage } from './console-texts.ts';
import { type Html, html } from './html.ts';
import { type ConsoleNav, type PageFrame, SECURITY_HEADERS, localPath, redirect, renderPage, sendBody, sendHtml } from './layout.ts';

/** One request to the console, past the gate: who, in which language, and the form it sent (POST). */
export interface ConsoleRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  session: ConsoleSession;
  locale: Locale;
  t: ConsoleTexts;
  /** The desk member this browser acts as; undefined until they pick one. */
  member: MemberInfo | undefined;
  /** The reader's zone for dates: the member's, else the default team's. */
  timeZone: string;
  /** The urlencoded form of a POST (already checked for origin and CSRF token); empty for GET. */
  form: URLSearchParams;
  /** Whether the page's script asked (fetch with Accept: application/json) rather than a plain form post. */
  wantsJson: boolean;
  /** A unique id per request, for use cases' idempotency (`requestId`). */
  requestId: string;
}

export type ConsoleHandler = (c: ConsoleRequest) => Promise<void> | void;

/** A part of the console (inbox, try it, operator): its routes, `"GET /path"` → handler. */
export interface ConsoleSection {
  routes: Record<string, ConsoleHandler>;
  stop?(): void;
}

export interface ConsoleOptions {
  /** CONSOLE_PASSWORD; unset: the console answers on loopback addresses only. */
  password: string | undefined;
  directory: Directory;
  log: Logger;
  sections: ConsoleSection[];
  now?: () => number;
}

export interface ConsoleServer {
  routes: Routes;
  stop(): void;
}

const ASSETS: Record<string, string> = { 'console.css': 'text/css; charset=utf-8', 'console.js': 'text/javascript; charset=utf-8' };
const FORM_LIMIT = 64 * 1024;
let requestCounter = 0;

/** The page frame (navigation, member, language) for a request. */
export function frameOf(c: ConsoleRequest, flash?: PageFrame['flash']): PageFrame {
  return { locale: c.locale, t: c.t, csrf: c.session.csrf, member: c.member, signedIn: c.session.signedIn, path: c.url.pathname + c.url.search, flash: flash ?? takeFlash(c.session) };
}

/** Sends a full page in the console's frame. */
export function sendPage(c: ConsoleRequest, page: { title: string; nav: ConsoleNav; body: Html; live?: boolean; status?: number }): void {
  sendBody(c.req, c.res, page.status ?? 200, renderPage(frameOf(c), page).value, 'text/html; charset=utf-8');
}

const flashes = new WeakMap<ConsoleSession, { kind: 'ok' | 'error'; text: string }>();
function takeFlash(session: ConsoleSession): PageFrame['flash'] {
  const flash = flashes.get(session) ?? null;
  flashes.delete(session);
  return flash;
}

/**
 * The answer to an action: JSON for the page's script (`{ ok, message }`, 200 or the given error
 * status), else a one-time message and a redirect back to the page it came from (`return` field).
 */
export function answerAction(c: ConsoleRequest, result: { ok: boolean; message: string; status?: number; extra?: Record<string, unknown> }): void {
  if (c.wantsJson) {
    sendJson(c.res, result.ok ? 200 : (result.status ?? 409), { ok: result.ok, message: result.message, ...result.extra });
    return;
  }
  flashes.set(c.session, { kind: result.ok ? 'ok' : 'error', text: result.message });
  redirect(c.res, localPath(c.form.get('return')));
}

/**
 * The web console: a third door beside Slack and Teams, on the same use cases, hanging off the desk's
 * node:http server. The gate: without a password only loopback peers get in; with one, every request
 * needs a signed-in session. Every POST must come from our own page (Sec-Fetch-Site / Origin) and carry
 * the session's CSRF token.
 */
export function createConsole(options: ConsoleOptions): ConsoleServer {
  const { directory, log } = options;
  const now = options.now ?? Date.now;
  const sessions = new ConsoleSessions(now);
  const throttle = new SignInThrottle(now);
  const assetDir = new URL('./assets/', import.meta.url);
  const assets = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(new URL(name, assetDir))]));

  const handlers = new Map<string, ConsoleHandler>();
  for (const section of options.sections) for (const [key, handler] of Object.entries(section.routes)) handlers.set(key, handler);

  const browserLocale = (req: IncomingMessage, session?: ConsoleSession): Locale => session?.locale ?? localeFromAcceptLanguage(req.headers['accept-language'] as string | undefined);

  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, message: (t: ConsoleTexts) => string) => {
    const t = consoleTexts(browserLocale(req, sessions.find(req)));
    if ((req.headers.accept ?? '').includes('application/json')) {
      sendJson(res, status, { ok: false, message: message(t) });
      return;
    }
    const frame: PageFrame = { locale: browserLocale(req), t, csrf: null, member: undefined, signedIn: false, path: '/' };
    sendHtml(res, status, renderPage(frame, { title: String(status), nav: null, body: html`<section class="panel"><h1>${String(status)}</h1><p data-testid="refusal">${message(t)}</p></section>` }));
  };

  const signInPage = (req: IncomingMessage, res: ServerResponse, session: ConsoleSession, error: string | null, status = 200) => {
    const locale = browserLocale(req, session);
    const t = consoleTexts(locale);
    const next = localPath(new URL(req.url ?? '/', 'http://x').searchParams.get('next'));
    const frame: PageFrame = { locale, t, csrf: session.csrf, member: undefined, signedIn: false, path: '/login' };
    const body = html`<section class="panel narrow"><h1>${t.signInTitle}</h1>
      ${error ? html`<p class="error" role="alert" data-testid="signin-error">${error}</p>` : ''}
      <form method="post" action="/login"><input type="hidden" name="csrf" value="${session.csrf}"><input type="hidden" name="next" value="${next}">
      <label for="password">${t.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required autofocus>
      <button type="submit" class="primary">${t.signInButton}</button></form></section>`;
    sendHtml(res, status, renderPage(frame, { title: t.signInTitle, nav: null, body }), { 'set-cookie': sessionCookie(session, secureRequest(req)) });
  };

  /** The gate: which session this request runs in, or an answer already sent. */
  const admit = (req: IncomingMessage, res: ServerResponse, path: string): ConsoleSession | null => {
    if (!options.password) {
      if (!fromLoopback(req)) {
        log.warn({ peer: req.socket.remoteAddress, path }, 'console refused: not loopback and CONSOLE_PASSWORD is not set');
        refuse(req, res, 403, (t) => t.loopbackOnly);
        return null;
      }
      let session = sessions.find(req);
      if (!session) {
        // A post without a session is refused, and no new session is handed out: a cross-site post
        // (its cookie stays home) must not replace the one the person has. Pages start sessions.
        if (req.method !== 'GET') {
          refuse(req, res, 403, (t) => t.badCsrf);
          return null;
        }
        // No password, no signing in (and no signing out): loopback is the gate.
        session = sessions.create(false);
        res.setHeader('set-cookie', sessionCookie(session, secureRequest(req)));
      }
      return session;
    }
    const session = sessions.find(req);
    if (session?.signedIn) return session;
    if (req.method === 'GET' && !(req.headers.accept ?? '').includes('application/json') && path !== '/console/events') {
      redirect(res, `/login?next=${encodeURIComponent(path + (new URL(req.url ?? '/', 'http://x').search || ''))}`);
    } else {
      sendJson(res, 401, { ok: false, message: 'sign in first (POST /login with CONSOLE_PASSWORD)' });
    }
    return null;
  };

  const readForm = async (req: IncomingMessage): Promise<URLSearchParams> => {
    const raw = await readRawBody(req, FORM_LIMIT);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    if (type === 'application/json') {
      const value = JSON.parse(raw.toString('utf8')) as unknown;
      const form = new URLSearchParams();
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') form.set(k, String(v));
      }
      return form;
    }
    return new URLSearchParams(raw.toString('utf8'));
  };

  const checkPost = (req: IncomingMessage, res: ServerResponse, session: ConsoleSession, form: URLSearchParams): boolean => {
    if (!sameOrigin(req)) {
      log.warn({ origin: req.headers.origin, site: req.headers['sec-fetch-site'], path: req.url }, 'console refused a cross-site request');
      refuse(req, res, 403, (t) => t.forbiddenOrigin);
      return false;
    }
    const token = form.get('csrf') ?? (req.headers['x-csrf-token'] as string | undefined);
    if (!tokensEqual(token ?? undefined, session.csrf)) {
      refuse(req, res, 403, (t) => t.badCsrf);
      return false;
    }
    return true;
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const path = url.pathname;

    if (req.method === 'GET' && path.startsWith('/console/assets/')) {
      if (!options.password && !fromLoopback(req)) return refuse(req, res, 403, (t) => t.loopbackOnly);
      const name = path.slice('/console/assets/'.length);
      const body = assets.get(name);
      if (!body) return refuse(req, res, 404, (t) => t.notFound);
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': ASSETS[name]!, 'content-length': body.length, 'cache-control': 'no-cache' });
      res.end(body);
      return;
    }

    if (path === '/login' && options.password) {
      let session = sessions.find(req);
      if (session?.signedIn) return redirect(res, '/');
      session ??= sessions.create(false);
      if (req.method === 'GET') return signInPage(req, res, session, null);
      const form = await readForm(req);
      if (!checkPost(req, res, session, form)) return;
      const t = consoleTexts(browserLocale(req, session));
      const peer = req.socket.remoteAddress ?? 'unknown';
      const wait = throttle.blockedFor(peer);
      if (wait > 0) return signInPage(req, res, session, t.tooManyTries(Math.ceil(wait / 60_000)), 429);
      if (!passwordMatches(form.get('password') ?? '', options.password)) {
        throttle.fail(peer);
        log.warn({ peer }, 'console sign-in failed: wrong password');
        return signInPage(req, res, session, t.wrongPassword, 401);
      }
      throttle.succeed(peer);
      // A new session id on sign-in: a session id planted before cannot ride along.
      sessions.end(session);
      const fresh = sessions.create(true);
      fresh.locale = session.locale;
      return redirect(res, localPath(form.get('next')), { 'set-cookie': sessionCookie(fresh, secureRequest(req)) });
    }

    const session = admit(req, res, path);
    if (!session) return;
    const key = `${req.method} ${path}`;
    const handler = handlers.get(key) ?? builtIn.get(key);
    if (!handler) return refuse(req, res, 404, (t) => t.notFound);
    let form = new URLSearchParams();
    if (req.method === 'POST') {
      try {
        form = await readForm(req);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw error;
        return sendJson(res, 400, { ok: false, message: 'the form could not be read (send application/x-www-form-urlencoded or a JSON object)' });
      }
      if (!checkPost(req, res, session, form)) return;
    }
    const member = session.memberId ? directory.member(session.memberId) : undefined;
    const locale = session.locale ?? member?.locale ?? browserLocale(req);
    const c: ConsoleRequest = {
      req,
      res,
      url,
      session,
      locale,
      t: consoleTexts(locale),
      member,
      timeZone: member?.timeZone ?? directory.team(directory.defaults.teamId)?.timeZone ?? 'UTC',
      form,
      wantsJson: (req.headers.accept ?? '').includes('application/json'),
      requestId: `${CONSOLE}:${session.id.slice(0, 12)}:${Date.now().toString(36)}:${(requestCounter++).toString(36)}`,
    };
    await handler(c);
  };

  const builtIn = new Map<string, ConsoleHandler>([
    [
      'POST /logout',
      (c) => {
        sessions.end(c.session);
        redirect(c.res, options.password ? '/login' : '/', { 'set-cookie': clearedCookie() });
      },
    ],
    [
      'POST /console/lang',
      (c) => {
        const lang = c.form.get('lang');
        if (lang === 'de' || lang === 'en') c.session.locale = lang;
        redirect(c.res, localPath(c.form.get('return')));
      },
    ],
    [
      'POST /console/me',
      (c) => {
        const id = c.form.get('member') ?? '';
        if (id === '') {
          c.session.memberId = null;
          return redirect(c.res, localPath(c.form.get('return')));
        }
        const member = directory.member(id);
        if (!member) return answerAction(c, { ok: false, status: 400, message: c.t.pickMember });
        c.session.memberId = member.id;
        ensureConsoleIdentity(directory, member);
        log.info({ member: member.id }, 'console user acts as a desk member');
        redirect(c.res, localPath(c.form.get('return')));
      },
    ],
  ]);

  const routes: Routes = {};
  const keys = new Set([...handlers.keys(), ...builtIn.keys(), 'GET /console/assets/console.css', 'GET /console/assets/console.js', 'GET /login', 'POST /login']);
  for (const key of keys) routes[key] = dispatch;
  return {
    routes,
    stop() {
      for (const s of options.sections) s.stop?.();
    },
  };
}

/**
 * A member acting in the console is found by the core like on any platform: by an identity on the
 * console's platform, whose user id is the member's own id.
 */
export function ensureConsoleIdentity(directory: Directory, member: MemberInfo): void {
  if (directory.memberByIdentity(CONSOLE, member.id)) return;
  directory.add({ ...member, identities: [...(member.identities ?? []).filter((i) => i.platform !== CONSOLE), { platform: CONSOLE, userId: member.id }] });
}

function secureRequest(req: IncomingMessage): boolean {
  return req.headers['x-forwarded-proto'] === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
}
