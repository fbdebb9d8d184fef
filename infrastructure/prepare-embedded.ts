// `npm install` runs this (postinstall): makes the template a new embedded data folder is copied from, so the
// first `npm start` on a new DATA_DIR runs neither PGlite's initdb (~5 s of CPU) nor the migrations (~0.5-0.9 s):
// the template carries the schema (embedded-template.ts). Never fails the install: without a template the
// service runs initdb and the migrations itself, as before.
import { embeddedStartParams } from './embedded-initdb.ts';
import { ensureTemplate, templateDirFor } from './embedded-template.ts';

try {
  const { PGlite } = await import('@electric-sql/pglite');
  const startParams = embeddedStartParams(PGlite.defaultStartParams);
  const location = templateDirFor(startParams);
  if (!location) throw new Error('PGlite is not in a node_modules folder here');
  const started = Date.now();
  await ensureTemplate(location, startParams);
  console.log(`switchboard: embedded database template ready in ${location} (${Date.now() - started} ms)`);
} catch (error) {
  console.warn(`switchboard: no embedded database template (${error instanceof Error ? error.message : String(error)}); a new data folder will run initdb`);
}
