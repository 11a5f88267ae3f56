import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Locale, MemberInfo } from '../../domain/directory.ts';
import { NAME_MAX, plainName } from '../../domain/untrusted-text.ts';
import type { ConsoleTexts } from './console-texts.ts';
import { type Html, html } from './html.ts';

export type ConsoleNav = 'inbox' | 'try' | 'operator' | null;

export interface PageFrame {
  locale: Locale;
  t: ConsoleTexts;
  csrf: string | null;
  member: MemberInfo | undefined;
  /** Whether sign-out is offered (a password protects the console). */
  signedIn: boolean;
  /** The path of this page, to come back to after switching language. */
  path: string;
  /** A one-time message from the last action (shown once). */
  flash?: { kind: 'ok' | 'error'; text: string } | null;
}

const NAV: { id: Exclude<ConsoleNav, null>; path: string }[] = [
  { id: 'inbox', path: '/' },
  { id: 'try', path: '/try' },
  { id: 'operator', path: '/operator' },
];

/**
 * The page shell: navigation, who you act as, language switch; the CSRF token in a meta tag for the
 * page's script. One stylesheet and one small script of our own, no external fonts or scripts.
 */
export function renderPage(frame: PageFrame, page: { title: string; nav: ConsoleNav; body: Html; live?: boolean }): Html {
  const { t, locale } = frame;
  const navLabel = { inbox: t.nav.inbox, try: t.nav.tryIt, operator: t.nav.operator };
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
${frame.csrf ? html`<meta name="csrf-token" content="${frame.csrf}">` : ''}
<title>${page.title} · ${t.title}</title>
<link rel="stylesheet" href="/console/assets/console.css">
<script src="/console/assets/console.js" defer></script>
</head>
<body data-live="${page.live ? 'on' : 'off'}" data-locale="${locale}">
<a class="skip" href="#main">${t.skip}</a>
<header class="top">
  <span class="brand">${t.title}</span>
  ${page.nav === null ? '' : html`<nav aria-label="${t.title}"><ul>${NAV.map((n) => html`<li><a href="${n.path}"${n.id === page.nav ? html` aria-current="page"` : ''}>${navLabel[n.id]}</a></li>`)}</ul></nav>`}
  <div class="who">
    ${page.live ? html`<span class="live" data-testid="live" role="status" aria-live="polite" data-connected="${t.live.connected}" data-reconnecting="${t.live.reconnecting}"></span>` : ''}
    ${frame.member ? html`<span data-testid="acting-as">${t.actingAs} <strong>${plainName(frame.member.name, NAME_MAX)}</strong></span>
      <form method="post" action="/console/me" class="inline"><input type="hidden" name="csrf" value="${frame.csrf ?? ''}"><input type="hidden" name="member" value=""><input type="hidden" name="return" value="${frame.path}"><button type="submit" class="link">${t.switchMember}</button></form>` : ''}
    ${frame.csrf ? html`<form method="post" action="/console/lang" class="inline lang"><input type="hidden" name="csrf" value="${frame.csrf}"><input type="hidden" name="return" value="${frame.path}">
      <label class="sr-only" for="lang-select">${t.language}</label>
      <select id="lang-select" name="lang" data-autosubmit>${(['de', 'en'] as const).map((l) => html`<option value="${l}"${l === locale ? html` selected` : ''}>${l === 'de' ? 'Deutsch' : 'English'}</option>`)}</select>
      <noscript><button type="submit">OK</button></noscript></form>` : ''}
    ${frame.signedIn && frame.csrf ? html`<form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="${frame.csrf}"><button type="submit" class="link">${t.signOut}</button></form>` : ''}
  </div>
</header>
${frame.flash ? html`<div class="flash ${frame.flash.kind}" role="${frame.flash.kind === 'error' ? 'alert' : 'status'}" data-testid="flash">${frame.flash.text}</div>` : ''}
<div id="toast" class="toast" role="status" aria-live="polite" data-testid="toast" hidden></div>
<main id="main" tabindex="-1">
${page.live ? html`<noscript><p class="hint">${t.noScript}</p></noscript>` : ''}
${page.body}
</main>
</body>
</html>`;
}

/** Headers every console response carries: no framing, no sniffing, nothing loaded from elsewhere. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

export function sendHtml(res: ServerResponse, status: number, body: Html, headers: Record<string, string> = {}): void {
  const text = body.value;
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Bodies larger than this go gzip-compressed to clients that accept it (a column of cards is mostly repeated markup). */
const COMPRESS_FROM = 8 * 1024;

/** A page or JSON body, compressed when it is large and the client accepts gzip. */
export function sendBody(req: IncomingMessage, res: ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const raw = Buffer.from(text, 'utf8');
  const gzip = accepts && raw.length >= COMPRESS_FROM;
  const body = gzip ? gzipSync(raw, { level: 4 }) : raw;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': contentType,
    'content-length': body.length,
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    ...headers,
  });
  res.end(body);
}

/** After a form post: back to a page of ours (never elsewhere: `return` is checked to be a local path). */
export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { ...SECURITY_HEADERS, location: localPath(location), 'content-length': 0, ...headers });
  res.end();
}

/** A local path, or `/`: `//evil.example`, `https://…` and `/\evil` are not local. */
export function localPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
