import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** A source file, by its path from the repository root (with `/`). */
interface SourceFile {
  readonly path: string;
  readonly source: string;
}

/** Where each inner layer may import from: arrows point inward only. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  domain: ['domain'],
  application: ['domain', 'application'],
};

const SPECIFIER_PATTERNS = [
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, // import … from 'x', export … from 'x', import type …
  /\bimport\s*['"]([^'"]+)['"]/g, // import 'x' (side effects only)
  /\b(?:import|require)\s*\(\s*([^)]*)\)/g, // import('x'), require('x'), and computed ones
];

/** Every module specifier a source imports, in any form; computed ones are kept as written. */
function specifiersOf(source: string): string[] {
  return SPECIFIER_PATTERNS.flatMap((pattern) =>
    [...source.matchAll(pattern)].map((match) => (match[1] ?? '').trim().replace(/^['"]|['"]$/g, '')));
}

/** What breaks the layer rule in these files, one line per offending import. */
function layerViolations(files: readonly SourceFile[]): string[] {
  return files.flatMap((file) => {
    const allowed = ALLOWED[file.path.split('/')[0] ?? ''] ?? [];
    return specifiersOf(file.source).flatMap((specifier) => {
      const problem = problemWith(file.path, specifier, allowed);
      return problem ? [`${file.path}: ${specifier} (${problem})`] : [];
    });
  });
}

function problemWith(path: string, specifier: string, allowed: readonly string[]): string | undefined {
  if (!specifier.startsWith('.')) return specifier.startsWith('node:') ? 'a node: module' : 'a package or computed import';
  const target = posix.normalize(posix.join(posix.dirname(path), specifier));
  const layer = target.split('/')[0] ?? '';
  return allowed.includes(layer) ? undefined : `reaches into ${layer === '..' ? 'outside the repository' : `${layer}/`}`;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The TypeScript and JavaScript files under a layer's folder, read from disk. */
function sourcesOf(layer: string): SourceFile[] {
  const entries = readdirSync(posix.join(ROOT, layer), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name))
    .map((entry) => posix.join(posix.relative(ROOT, entry.parentPath), entry.name).replaceAll('\\', '/'))
    .map((path) => ({ path, source: readFileSync(posix.join(ROOT, path), 'utf8') }));
}

describe('layer rule in domain/ and application/', () => {
  it('holds for every file in the repository', () => {
    const files = [...sourcesOf('domain'), ...sourcesOf('application')];
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['domain/chat.ts', 'application/deps.ts', 'application/ports/transaction.ts']));
    expect(layerViolations(files)).toEqual([]);
  });
});

describe('the layer scanner', () => {
  const sample = (path: string, source: string) => layerViolations([{ path, source }]);

  it('flags packages and node: modules in every import form', () => {
    const forms = [
      "import { Hono } from 'hono';",
      'import type { Options } from "@mikro-orm/core";',
      "import * as v from 'valibot'",
      "import {\n  readFile,\n  writeFile,\n} from 'node:fs/promises';",
      "import 'reflect-metadata';",
      "export { ofetch } from 'ofetch';",
      "export * from 'pino';",
      "const m = await import('node:crypto');",
      "const m = require('fs');",
      'const m = await import(name);',
    ];
    for (const source of forms) expect(sample('application/x.ts', source), source).toHaveLength(1);
    expect(sample('domain/x.ts', "import { randomUUID } from 'node:crypto';")).toEqual(['domain/x.ts: node:crypto (a node: module)']);
  });

  it('flags relative imports into adapters/, infrastructure/ or outside the layers', () => {
    expect(sample('application/jobs/x.ts', "import { a } from '../../adapters/memory/a.ts';")).toHaveLength(1);
    expect(sample('application/x.ts', "import { c } from '../infrastructure/config.ts';")).toHaveLength(1);
    expect(sample('domain/x.ts', "import { t } from '../tests/support/t.ts';")).toHaveLength(1);
    expect(sample('domain/x.ts', "import { t } from '../../elsewhere.ts';")).toHaveLength(1);
  });

  it('flags domain/ importing application/, but lets application/ import domain/', () => {
    expect(sample('domain/chat.ts', "import type { Deps } from '../application/deps.ts';")).toEqual([
      'domain/chat.ts: ../application/deps.ts (reaches into application/)',
    ]);
    expect(sample('application/ports/x.ts', "import type { Chat } from '../../domain/chat.ts';\nimport type { Deps } from '../deps.ts';")).toEqual([]);
    expect(sample('domain/chat.ts', "import { DomainError } from './errors.ts';")).toEqual([]);
  });

  it('does not mistake ordinary code and strings for imports', () => {
    const source = "export const KIND = 'contact.enrich';\nexport function f(from: string) { return from + 'x'; }\nconst important = 'node:fs';";
    expect(sample('application/x.ts', source)).toEqual([]);
  });
});
