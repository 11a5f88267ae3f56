/**
 * Shared helpers for the benchmarks: one keep-alive HTTP client (used for subject and baseline
 * alike), statistics, option parsing and table printing.
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import type { Backend } from '../test/support/test-database.ts';

// Benchmarks must not be slowed down by log output; startTestDesk reads TEST_LOG_LEVEL.
// BENCH_LOG_LEVEL=info (etc.) shows the desk's logs when debugging a benchmark.
process.env.TEST_LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'silent';
process.env.LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'silent';

export const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';

/**
 * The one client both sides use: node:http with a keep-alive agent. `timeout` drops idle pooled
 * sockets before the servers' 5 s keep-alive timeout can close them under a request.
 */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });

export interface HttpResult {
  status: number;
  /** Milliseconds from writing the request to the end of the response. */
  ms: number;
  text: string;
}

/** POSTs `body` and resolves when the whole response has arrived. */
export function post(url: URL, headers: Record<string, string>, body: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(body);
    const start = performance.now();
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `tasks` with at most `limit` in flight; resolves with their results in order. */
export async function withConcurrency<T>(limit: number, count: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

/** `--db=pglite|postgres|all`; default PGlite, plus PostgreSQL when DATABASE_URL points at a server. */
export function selectedBackends(argv: readonly string[] = process.argv.slice(2)): Backend[] {
  const flag = argv.find((a) => a.startsWith('--db='))?.slice(5);
  const hasServer = !!process.env.DATABASE_URL?.startsWith('postgres');
  if (flag === 'pglite') return ['pglite'];
  if (flag === 'postgres' || flag === 'all') {
    if (!hasServer) {
      throw new Error('--db=postgres needs DATABASE_URL, e.g. DATABASE_URL=postgresql://desk:desk@127.0.0.1:5432/desk_test');
    }
    return flag === 'postgres' ? ['postgres'] : ['pglite', 'postgres'];
  }
  if (flag) throw new Error(`unknown --db=${flag}: use pglite, postgres or all`);
  return hasServer ? ['pglite', 'postgres'] : ['pglite'];
}

/** True when the module at `moduleUrl` is the script tsx was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return !!script && pathToFileURL(script).href === moduleUrl;
}

/** `--name=value` from the command line as a number, or `fallback`. */
export function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const v = argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return v ? Number(v) : fallback;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

/** ABBA order: round `r` runs `a` then `b` when even, `b` then `a` when odd, so drift and after-effects hit both sides alike. */
export async function alternately(r: number, a: () => Promise<void>, b: () => Promise<void>): Promise<void> {
  if (r % 2 === 0) {
    await a();
    await b();
  } else {
    await b();
    await a();
  }
}
