import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody listens on right now (the OS picks it; we let go of it at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface DeskProcess {
  child: ChildProcess;
  url: string;
  /** Parsed JSON log lines (pino) so far; other output lines as `{ msg }`. */
  logs: { level?: number; msg?: string; [key: string]: unknown }[];
  stderr: string[];
  waitForLog(match: (line: { msg?: string; [key: string]: unknown }) => boolean, what: string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm start` as an operator runs it: the real src/main.ts in its own Node process, configured only
 * through the environment (and a `.env` in `cwd`, if there is one).
 */
export async function startDeskProcess(env: Record<string, string>, options: { cwd?: string } = {}): Promise<DeskProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  // tsx by path: the working directory may be elsewhere (a folder with its own .env).
  const child = spawn(process.execPath, ['--import', pathToFileURL(`${PROJECT_ROOT}node_modules/tsx/dist/loader.mjs`).href, `${PROJECT_ROOT}src/main.ts`], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', DESK_CONFIG: `${PROJECT_ROOT}config/desk.example.yaml`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: DeskProcess['logs'] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ msg: line });
      }
    }
    notify();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString('utf8'));
    notify();
  });
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
      notify();
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    logs,
    stderr,
    exited,
    waitForLog(match, what, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (logs.some(match)) return finish(resolve);
          if (hasExited) finish(() => reject(new Error(`the desk exited before ${what}; log:\n${logs.map((l) => l.msg).join('\n')}\n${stderr.join('')}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what}`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (!hasExited) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls `url` until `accept` says yes (the desk's state, not a timer, decides when the test goes on). */
export async function waitForHttp(url: string, accept: (status: number, body: string) => boolean, what: string, timeoutMs = 60_000): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      const body = await res.text();
      if (accept(res.status, body)) return { status: res.status, body };
      last = `${res.status} ${body}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} at ${url} (last: ${last})`);
}
