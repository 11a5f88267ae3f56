/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`) by where the self time was spent: per
 * package (node_modules/<pkg>), per src/ file, node internals, GC and idle; plus the top functions.
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [topN]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: tsx bench/cpu-profile-summary.ts <file.cpuprofile> [topN]');
const topN = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

function bucket(url: string, fn: string): string {
  if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)') return fn;
  if (!url) return '(native/builtin)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  if (url.includes('/test/support/')) return url.slice(url.indexOf('/test/') + 1);
  if (url.includes('/bench/')) return url.slice(url.indexOf('/bench/') + 1);
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url;
}

const buckets = new Map<string, number>();
const fns = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  const b = bucket(url, functionName);
  buckets.set(b, (buckets.get(b) ?? 0) + us);
  const key = `${functionName || '(anonymous)'}  ${bucket(url, functionName)}:${lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  total += us;
}
const busy = total - (buckets.get('(idle)') ?? 0);
const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled, ${(busy / 1000).toFixed(0)} ms not idle (percentages of not idle)`);
console.log('\nself time by package / file:');
for (const [b, us] of [...buckets].sort((a, b) => b[1] - a[1]).slice(0, topN)) {
  if (b === '(idle)') continue;
  console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${b}`);
}
console.log('\ntop functions by self time:');
for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, topN)) {
  if (f.startsWith('(idle)')) continue;
  console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${f}`);
}
