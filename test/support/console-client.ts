import { request } from 'node:http';

/**
 * A browser-like client for the web console over plain HTTP: keeps the session cookie, reads the CSRF
 * token from each page, and posts forms the way the page does (same-origin, with the token).
 */
export class ConsoleClient {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { ...this.headers, ...this.cookieHeader(), ...headers }, redirect: 'manual' });
    this.remember(response);
    const body = await response.text();
    const token = /name="csrf-token" content="([^"]+)"/.exec(body) ?? /name="csrf" value="([^"]+)"/.exec(body);
    if (token?.[1]) this.csrf = token[1];
    return { status: response.status, body, headers: response.headers };
  }

  /** Posts a form as the page's script does (JSON answer); `csrf` and a same-origin Origin are added unless overridden. */
  async post(path: string, fields: Record<string, string>, options: { headers?: Record<string, string>; json?: boolean; csrf?: string | null } = {}) {
    const form = new URLSearchParams(fields);
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null && !form.has('csrf')) form.set('csrf', token);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.baseUrl,
        ...(options.json === false ? {} : { accept: 'application/json' }),
        ...this.headers,
        ...this.cookieHeader(),
        ...options.headers,
      },
      body: form.toString(),
      redirect: 'manual',
    });
    this.remember(response);
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // An HTML page or a redirect.
    }
    return { status: response.status, json, text, location: response.headers.get('location') };
  }

  /** Signs in as a member: GET / for the session and token, then picks the member. */
  async actAs(memberId: string): Promise<void> {
    await this.get('/');
    const picked = await this.post('/console/me', { member: memberId, return: '/' }, { json: false });
    if (picked.status !== 303) throw new Error(`picking ${memberId} answered ${picked.status}: ${picked.text}`);
  }

  /** Opens the live stream; `next(predicate)` resolves with the first `changed` event matching it. */
  events(): Promise<ConsoleEvents> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.baseUrl}/console/events`, { headers: { accept: 'text/event-stream', ...this.headers, ...this.cookieHeader() } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`events answered ${res.statusCode}`));
          return;
        }
        resolve(new ConsoleEvents(res, () => req.destroy()));
      });
      req.on('error', reject);
      req.end();
    });
  }

  private cookieHeader(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private remember(response: Response): void {
    const set = response.headers.get('set-cookie');
    const match = set ? /desk_console=([^;]*)/.exec(set) : null;
    if (match) this.cookie = match[1] ? `desk_console=${match[1]}` : null;
  }
}

export interface LiveChangeEvent {
  comments: string[];
  crises: string[];
}

export class ConsoleEvents {
  private readonly seen: LiveChangeEvent[] = [];
  private waiters: { test: (e: LiveChangeEvent) => boolean; resolve: (e: LiveChangeEvent) => void }[] = [];
  private buffer = '';
  /** Resolves once the stream has opened (the server's first `retry:` line). */
  readonly opened: Promise<void>;

  constructor(
    res: NodeJS.ReadableStream,
    readonly close: () => void,
  ) {
    let open: () => void = () => {};
    this.opened = new Promise((r) => {
      open = r;
    });
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        if (block.startsWith('retry:')) open();
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: changed$/m.test(block) && data) this.push(JSON.parse(data) as LiveChangeEvent);
      }
    });
  }

  next(test: (e: LiveChangeEvent) => boolean): Promise<LiveChangeEvent> {
    const found = this.seen.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private push(event: LiveChangeEvent): void {
    this.seen.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(event)) return true;
      w.resolve(event);
      return false;
    });
  }
}
