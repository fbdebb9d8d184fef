import { footprintSection } from '../footprint/index.ts';
import { ingestSection } from '../ingest/index.ts';
import { outboundSection } from '../outbound/index.ts';
import { readsSection } from '../reads/index.ts';
import { realtimeSection } from '../realtime/index.ts';
import type { Section } from './section.ts';

/** Every section of `npm run bench`, by name, in the order they run. */
export const SECTIONS: Readonly<Record<string, Section>> = {
  ingest: ingestSection,
  reads: readsSection,
  realtime: realtimeSection,
  outbound: outboundSection,
  footprint: footprintSection,
};
