import type { Section, SectionContext, SectionResult } from './section.ts';

/** What one section came to: its results, or the error that stopped it. */
export interface SectionOutcome {
  readonly section: string;
  readonly results: readonly SectionResult[];
  readonly error: string | null;
  readonly durationMs: number;
}

/** Names of the sections to run: all of them, or those given (in registry order); unknown names throw. */
export function selectSections(registry: Readonly<Record<string, Section>>, names: readonly string[]): string[] {
  const known = Object.keys(registry);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`unknown section(s): ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return names.length === 0 ? known : known.filter((name) => names.includes(name));
}

/** Runs the sections one after the other; a failing section is recorded and the next one still runs. */
export async function runSections(
  registry: Readonly<Record<string, Section>>, names: readonly string[], context: Omit<SectionContext, 'log'>,
): Promise<SectionOutcome[]> {
  const outcomes: SectionOutcome[] = [];
  for (const name of names) {
    const section = registry[name];
    if (!section) continue;
    const log = (line: string) => console.log(`bench ${name}: ${line}`);
    const started = Date.now();
    try {
      const result = await section({ ...context, log });
      outcomes.push({ section: name, results: Array.isArray(result) ? result : [result], error: null, durationMs: Date.now() - started });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`FAILED: ${message}`);
      outcomes.push({ section: name, results: [], error: message, durationMs: Date.now() - started });
    }
  }
  return outcomes;
}
