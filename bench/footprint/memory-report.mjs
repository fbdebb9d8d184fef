// Preloaded into the service by the footprint bench (`node --import …/memory-report.mjs`): on SIGUSR2 it writes
// what its RSS is made of as one `FOOTPRINT_MEMORY {json}` line on stderr. Plain JavaScript: no loader needed.
import { getHeapSpaceStatistics } from 'node:v8';

const MB = 1024 * 1024;
const mb = (bytes) => Math.round((bytes / MB) * 10) / 10;

process.on('SIGUSR2', () => {
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.physical_space_size)]));
  const report = {
    rssMb: mb(usage.rss),
    // The V8 heap of JavaScript objects (young and old generations, code).
    v8HeapTotalMb: mb(usage.heapTotal), v8HeapUsedMb: mb(usage.heapUsed),
    // Memory V8 does not allocate itself but accounts: PGlite's WASM memory (reserved, not all touched) and buffers.
    externalMb: mb(usage.external), arrayBuffersMb: mb(usage.arrayBuffers),
    spaces,
  };
  process.stderr.write(`FOOTPRINT_MEMORY ${JSON.stringify(report)}\n`);
});
