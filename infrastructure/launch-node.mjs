// `npm start`: runs infrastructure/main-node.ts from one esbuild bundle of our TypeScript instead of through
// tsx's loader. On Node 20 tsx transpiles in a loader thread (a second V8 isolate, ~35 MB of RSS) and every one of
// our ~200 modules crosses to that thread to be resolved and loaded; the bundle is one plain ES module (packages
// stay in node_modules), which took a warm start from ~3.9 to ~2.5 s of CPU and the idle RSS down by ~85 MB
// (bench/footprint). Plain JavaScript because nothing may transpile it. The bundle is rebuilt only when one of
// its source files changed (size or mtime); if bundling is impossible (no esbuild, read-only folder) the
// service starts through tsx as before.
// `npm start` also passes --max-semi-space-size=8 (MB; Node 20's default is 16): V8's young generation is two
// semi-spaces, and a webhook's objects die young, so halving them took ~16 MB off the RSS under load with no
// loss of throughput measured (bench/footprint, both databases). And --heap-growing-percent=30: after each full
// GC, V8 lets the old generation grow to 1.3 × what survived before the next one, instead of up to 4 × (its
// factor on a machine with gigabytes to spare). The live heap under load is ~35 MB on PostgreSQL; with the
// default the old space reached 50-66 MB between full GCs and RSS peaked at 136-164 MB, with 1.3 × it stays at
// 35-41 MB and RSS peaked at 122-135 MB; GC pauses over a 5 s load went from ~375 to ~440 ms in all (5-7 full
// GCs of ~10 ms instead of 2-3). Flags must be on the command line: V8 sizes its heap before any of this runs.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const ENTRY = 'infrastructure/main-node.ts';
const LAUNCHER = 'infrastructure/launch-node.mjs';
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'switchboard');
const BUNDLE = join(CACHE_DIR, 'main-node.mjs');
const MANIFEST = join(CACHE_DIR, 'main-node.inputs.json');

/** The bundle, rebuilt first when a source changed; undefined when it cannot be built here. */
async function freshBundle() {
  try {
    if (await isFresh()) return BUNDLE;
    await rebuild();
    return BUNDLE;
  } catch (error) {
    console.error(`switchboard: starting through tsx (no bundle: ${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

/** Fresh when every file the last build read still has its size and modification time. */
async function isFresh() {
  const manifest = await readFile(MANIFEST, 'utf8').then(JSON.parse, () => undefined);
  if (!manifest?.inputs) return false;
  for (const [path, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    const now = await stat(join(ROOT, path)).catch(() => undefined);
    if (!now || now.size !== size || now.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/**
 * Packages whose ES module entry only re-exports their CommonJS one (MikroORM's index.mjs, pg's esm/index.mjs)
 * or that are CommonJS only. Imported from an ES module, Node first scans their sources and every module they
 * re-export for export names (cjs-module-lexer: ~150-200 ms of a start, most of it MikroORM); the bundle
 * `require`s them instead, which loads the very same CommonJS modules (one instance either way).
 */
const COMMONJS_PACKAGES = new Set(['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/migrations', '@mikro-orm/postgresql', 'pg', 'pino', 'proper-lockfile']);
const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
const requireCommonJsPackages = {
  name: 'require-commonjs-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.namespace === 'commonjs-package') return { path: args.path, external: true };
      return COMMONJS_PACKAGES.has(args.path) ? { path: args.path, namespace: 'commonjs-package' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'commonjs-package' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

/** Bundles our sources (packages stay external), writes it and its inputs; a rename makes both starts-at-once safe. */
async function rebuild() {
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT, entryPoints: [ENTRY], bundle: true, packages: 'external', platform: 'node', format: 'esm',
      target: 'node20', write: false, outfile: BUNDLE, sourcemap: 'linked', sourcesContent: false, keepNames: true, metafile: true, logLevel: 'error',
      plugins: [requireCommonJsPackages], banner: { js: REQUIRE_BANNER },
    });
    await mkdir(CACHE_DIR, { recursive: true });
    const inputs = {};
    // This file too: a change of how the bundle is built makes it stale like a change of a source.
    for (const path of [...Object.keys(result.metafile.inputs), LAUNCHER]) {
      if (path.startsWith('commonjs-package:')) continue; // the plugin's, not a file
      const { size, mtimeMs } = await stat(join(ROOT, path));
      inputs[path] = [size, mtimeMs];
    }
    const suffix = `.${process.pid}.tmp`;
    for (const file of result.outputFiles) await writeFile(file.path + suffix, file.contents);
    for (const file of result.outputFiles) await rename(file.path + suffix, file.path);
    await writeFile(MANIFEST + suffix, JSON.stringify({ inputs }));
    await rename(MANIFEST + suffix, MANIFEST);
  } finally {
    // esbuild's service is a child process: end it, or it would live as long as the service.
    await esbuild.stop();
  }
}

const bundle = await freshBundle();
if (bundle) {
  // Stack traces in logs name the TypeScript files and lines, as under tsx (the map holds no copy of the
  // sources: Node keeps every map it loads in the heap, and only needs the mappings).
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(ROOT, ENTRY)).href);
}
