import { footprintSection } from './index.ts';

/** `node --import tsx bench/footprint/main.ts`: the footprint section alone (the suite runs it with the others). */
const seconds = Number(process.env['BENCH_SECONDS'] || '5');
const databaseUrl = process.env['BENCH_DATABASE_URL'] || process.env['DATABASE_URL'] || undefined;
const result = await footprintSection({ databaseUrl, seconds, log: (line) => console.log(`footprint: ${line}`) });
for (const r of Array.isArray(result) ? result : [result]) {
  console.log(`\n${r.markdown}`);
  for (const t of r.targets) console.log(`${t.met ? 'met    ' : 'NOT MET'} ${t.name}: ${t.target}; ${t.measured}`);
}
