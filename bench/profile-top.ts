import { readFileSync } from 'node:fs';

/**
 * `node --import tsx bench/profile-top.ts <file.cpuprofile> [n]`: where a V8 CPU profile (written
 * by a run with BENCH_CPU_PROF=<folder>) spent its time: self time by function and by package.
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, count = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/profile-top.ts <file.cpuprofile> [n]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

/** Sums self time by a key of each sampled node, largest first. */
function top(keyOf: (node: ProfileNode) => string): Array<[string, number]> {
  const sums = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (node) sums.set(keyOf(node), (sums.get(keyOf(node)) ?? 0) + ms);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
}

const where = ({ callFrame: f }: ProfileNode) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules\/|work\/main\/)/, '')}:${f.lineNumber + 1}`;
const packageOf = ({ callFrame: f }: ProfileNode) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)?.[1] ?? (f.url.startsWith('node:') ? 'node core' : f.url.startsWith('wasm:') ? 'wasm (PGlite)' : f.url === '' ? `(${f.functionName || 'native'})` : 'switchboard');
const print = (title: string, rows: Array<[string, number]>) =>
  console.log(`\n${title}\n${rows.map(([key, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`).join('\n')}`);

console.log(`${file}: ${total.toFixed(0)} ms sampled`);
print('Self time by package', top(packageOf));
print('Self time by function', top(where));
print('Self time in our own files', top((node) => (packageOf(node) === 'switchboard' ? where(node) : '(elsewhere)')).slice(1));
