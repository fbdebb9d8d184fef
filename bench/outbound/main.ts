import { outboundSection } from './index.ts';

/** `node --import tsx bench/outbound/main.ts`: this section alone (DATABASE_URL adds the PostgreSQL run). */
const results = await outboundSection({
  databaseUrl: process.env['DATABASE_URL'] || undefined,
  seconds: Number(process.env['BENCH_SECONDS'] ?? '5'),
  log: (line) => console.error(`outbound: ${line}`),
});
for (const result of [results].flat()) {
  console.log(result.markdown);
  for (const target of result.targets) console.log(`- ${target.met ? 'met' : 'NOT MET'}: ${target.name}: ${target.target}; ${target.measured}`);
}
process.exit(0);
