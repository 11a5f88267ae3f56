/**
 * Resident memory of the running desk, idle and at its peak, beside a bare Bolt app's.
 *
 * Each case is the real product start (`node --import tsx src/main.ts` with the variables `npm start` sets, no Slack tokens,
 * RUN_JOBS=true, the example desk configuration) in a child process of its own; the baseline is a
 * bare Bolt app (bench/memory-bare-bolt.ts: HTTPReceiver, one listener that acks) started the same
 * way in the same run. Once a child logs that it is running, it settles, then its VmRSS (idle) and
 * VmHWM (peak since exec) are read from /proc/<pid>/status. Processes it starts itself (the
 * migration engine's) count too: from spawn to the measurement the resident memory of the whole
 * process tree is summed every 20 ms, and the peak is the higher of that and VmHWM.
 * Cases: PGlite first start (fresh folder: initdb and every migration), PGlite restart (same folder),
 * and with DATABASE_URL a PostgreSQL server: first start on a fresh database, then a restart.
 *
 *   npx tsx bench/memory.ts [--db=pglite|postgres|all] [--settle=5000] [--repeat=1]
 *   BENCH_QUICK=1 for a short run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Backend } from '../test/support/test-database.ts';
import { QUICK, fmt, isMain, median, numberArg, selectedBackends, sleep, table, verdict } from './lib.ts';

/** The issue's targets, in MiB of resident memory. */
export const MEMORY_TARGETS = { idlePostgres: 200, idlePglite: 350, peakFirstStart: 600 } as const;

const ROOT = resolve(import.meta.dirname, '..');

export interface MemoryOptions {
  /** Milliseconds a started process is left alone before it is measured. */
  settleMs: number;
  /** Starts per case; the median of each figure is reported. */
  repeat: number;
}

export interface MemorySample {
  /** VmRSS after settling, MiB. */
  idleMb: number;
  /** VmHWM, the highest resident size since the process started, MiB. */
  peakMb: number;
  /** Milliseconds from spawn to the "running" log line. */
  startMs: number;
}

export interface MemoryCase extends MemorySample {
  name: string;
  db: Backend | 'none';
  firstStart: boolean;
}

export interface MemoryResult {
  options: MemoryOptions;
  baseline: MemoryCase;
  cases: MemoryCase[];
}

export function defaultMemoryOptions(argv: readonly string[] = process.argv.slice(2)): MemoryOptions {
  return { settleMs: numberArg(argv, 'settle', QUICK ? 3000 : 5000), repeat: numberArg(argv, 'repeat', 1) };
}

function readStatusMb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Resident MiB of `pid` and every process below it (0 once it is gone). */
export function treeRssMb(pid: number): number {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended meanwhile
    }
  }
  const inTree = (p: number): boolean => {
    for (let q: number | undefined = p; q && q > 1; q = parentOf.get(q)) if (q === pid) return true;
    return false;
  };
  let total = 0;
  for (const p of parentOf.keys()) {
    if (!inTree(p)) continue;
    try {
      // Zombies and kernel threads have no VmRSS.
      const { rss } = readStatusMb(p);
      if (Number.isFinite(rss)) total += rss;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

/**
 * The variables `npm start` sets for the process (package.json: glibc malloc settings that give freed
 * memory back), so every case here, the baseline included, runs as the product is started.
 */
function startScriptEnv(): Record<string, string> {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return Object.fromEntries([...start.matchAll(/(?:^|\s)([A-Z_][A-Z0-9_]*)=(\S+)(?=\s)/g)].map((m) => [m[1]!, m[2]!]));
}

/** The environment of a child: the product's defaults, minus anything that would connect outside. */
function childEnv(databaseUrl: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(SLACK_|OPENAI_|META_|INGEST_|TEST_|BENCH_|VITEST)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    ...startScriptEnv(),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    DESK_CONFIG: join(ROOT, 'config/desk.example.yaml'),
    PORT: '0',
    HOST: '127.0.0.1',
    RUN_JOBS: 'true',
    LOG_LEVEL: 'info',
  };
}

/**
 * Starts `script` with node and the tsx loader, waits for `readyMessage` in its JSON log, lets it
 * settle, reads its memory and stops it.
 */
export async function measureStart(script: string, readyMessage: string, databaseUrl: string | undefined, settleMs: number): Promise<MemorySample> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: childEnv(databaseUrl), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let treePeak = 0;
  const sampler = setInterval(() => {
    treePeak = Math.max(treePeak, treeRssMb(child.pid!));
  }, 20);
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  try {
    const startMs = await new Promise<number>((res, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} did not log "${readyMessage}" within 180 s:\n${output.slice(-2000)}`)), 180_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes(`"msg":"${readyMessage}"`)) {
          clearTimeout(timer);
          res(performance.now() - started);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code}) before it was running:\n${output.slice(-2000)}`));
      });
    });
    await sleep(settleMs);
    const { rss, hwm } = readStatusMb(child.pid!);
    return { idleMb: rss, peakMb: Math.max(hwm, treePeak), startMs };
  } finally {
    clearInterval(sampler);
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

async function repeated(repeat: number, once: () => Promise<MemorySample>): Promise<MemorySample> {
  const samples: MemorySample[] = [];
  for (let i = 0; i < repeat; i++) samples.push(await once());
  return {
    idleMb: median(samples.map((s) => s.idleMb)),
    peakMb: median(samples.map((s) => s.peakMb)),
    startMs: median(samples.map((s) => s.startMs)),
  };
}

const DESK = 'src/main.ts';
const DESK_READY = 'Community Desk is running';

export async function runMemory(backends: readonly Backend[], options: MemoryOptions): Promise<MemoryResult> {
  const baseline = { name: 'bare Bolt', db: 'none' as const, firstStart: false, ...(await repeated(options.repeat, () => measureStart('bench/memory-bare-bolt.ts', 'bare Bolt is running', undefined, options.settleMs))) };
  const cases: MemoryCase[] = [];
  for (const backend of backends) {
    if (backend === 'pglite') {
      const base = join(ROOT, '.bench-data', `memory-${randomBytes(4).toString('hex')}`);
      let n = 0;
      const fresh = () => join(base, `pglite-${n++}`);
      try {
        let dir = '';
        const first = await repeated(options.repeat, async () => {
          dir = fresh();
          mkdirSync(dir, { recursive: true });
          return measureStart(DESK, DESK_READY, dir, options.settleMs);
        });
        cases.push({ name: 'desk, PGlite first start', db: 'pglite', firstStart: true, ...first });
        const again = await repeated(options.repeat, () => measureStart(DESK, DESK_READY, dir, options.settleMs));
        cases.push({ name: 'desk, PGlite restart', db: 'pglite', firstStart: false, ...again });
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    } else {
      const server = process.env.DATABASE_URL!;
      const names: string[] = [];
      const freshDb = async () => {
        const name = `desk_memory_${randomBytes(5).toString('hex')}`;
        await adminQuery(server, `CREATE DATABASE ${name}`);
        names.push(name);
        const url = new URL(server);
        url.pathname = `/${name}`;
        return url.toString();
      };
      try {
        let url = '';
        const first = await repeated(options.repeat, async () => {
          url = await freshDb();
          return measureStart(DESK, DESK_READY, url, options.settleMs);
        });
        cases.push({ name: 'desk, PostgreSQL first start', db: 'postgres', firstStart: true, ...first });
        const again = await repeated(options.repeat, () => measureStart(DESK, DESK_READY, url, options.settleMs));
        cases.push({ name: 'desk, PostgreSQL restart', db: 'postgres', firstStart: false, ...again });
      } finally {
        for (const name of names) await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      }
    }
  }
  return { options, baseline, cases };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function idleTarget(c: MemoryCase): number {
  return c.db === 'postgres' ? MEMORY_TARGETS.idlePostgres : MEMORY_TARGETS.idlePglite;
}

/** Rows for npm run bench's summary: [benchmark, db, baseline, desk, ratio, target, result]. */
export function memoryRows(result: MemoryResult): string[][] {
  const b = result.baseline;
  const rows: string[][] = [];
  for (const c of result.cases) {
    const what = c.firstStart ? 'first start' : 'restart';
    rows.push([`memory idle, ${what} (MB)`, c.db, fmt(b.idleMb, 0), fmt(c.idleMb, 0), fmt(c.idleMb / b.idleMb, 2), `≤ ${idleTarget(c)}`, verdict(c.idleMb <= idleTarget(c))]);
    rows.push([
      `memory peak, ${what} (MB)`,
      c.db,
      fmt(b.peakMb, 0),
      fmt(c.peakMb, 0),
      fmt(c.peakMb / b.peakMb, 2),
      c.firstStart ? `≤ ${MEMORY_TARGETS.peakFirstStart}` : '(info)',
      c.firstStart ? verdict(c.peakMb <= MEMORY_TARGETS.peakFirstStart) : '–',
    ]);
  }
  return rows;
}

export function formatMemory(result: MemoryResult): string {
  const { baseline: b, options } = result;
  const rows: string[][] = [['process', 'idle RSS (MB)', 'peak RSS (MB)', 'idle ÷ Bolt', 'peak ÷ Bolt', 'start (s)', 'targets', 'result']];
  rows.push([b.name, fmt(b.idleMb, 0), fmt(b.peakMb, 0), '1.00', '1.00', fmt(b.startMs / 1000, 1), '(baseline)', '–']);
  for (const c of result.cases) {
    const idleOk = c.idleMb <= idleTarget(c);
    const peakOk = !c.firstStart || c.peakMb <= MEMORY_TARGETS.peakFirstStart;
    rows.push([
      c.name,
      fmt(c.idleMb, 0),
      fmt(c.peakMb, 0),
      fmt(c.idleMb / b.idleMb, 2),
      fmt(c.peakMb / b.peakMb, 2),
      fmt(c.startMs / 1000, 1),
      `idle ≤ ${idleTarget(c)}${c.firstStart ? `, peak ≤ ${MEMORY_TARGETS.peakFirstStart}` : ''}`,
      verdict(idleOk && peakOk),
    ]);
  }
  return [
    `Resident memory (MiB; idle after ${fmt(options.settleMs / 1000, 0)} s settled, peak = VmHWM; median of ${options.repeat} start(s) each)`,
    table(rows),
  ].join('\n');
}

if (isMain(import.meta.url)) {
  console.log(formatMemory(await runMemory(selectedBackends(), defaultMemoryOptions())));
  process.exit(0);
}
