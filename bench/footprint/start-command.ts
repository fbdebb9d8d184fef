import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root (the service and the ceilings run from it, as `npm start` does). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * The command of `npm start`, read from package.json so the benchmark times exactly what users run
 * (its Node flags included), with `node` replaced by this Node binary.
 */
export function npmStartCommand(): string[] {
  const manifest = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (manifest.scripts?.['start'] ?? '').trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`npm start is not a plain node command: ${words.join(' ')}`);
  return [process.execPath, ...words.slice(1)];
}

/** The bare ceiling: Node itself answering /health from `node -e`, no loader, no modules of ours. */
export const bareNodeCommand = (): string[] => [
  process.execPath, '-e',
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')",
];

/** The loader ceiling: `node --import tsx` of a file that only serves a Hono /health. */
export const tsxHonoCommand = (): string[] => [process.execPath, '--import', 'tsx', 'bench/footprint/hono-health.ts'];

/** The embedded database's floor: `node` opening PGlite on a folder, as the service's start does, then answering /health. */
export const pgliteOpenCommand = (): string[] => [process.execPath, 'bench/footprint/pglite-health.mjs'];
