// `npm install` runs this (postinstall): makes the template a new embedded data folder is copied from, so the
// first `npm start` on a new DATA_DIR does not run PGlite's initdb (~5 s of CPU). Never fails the install:
// without a template the service runs initdb itself, as before.
import { PGlite } from '@electric-sql/pglite';
import { embeddedStartParams } from './embedded-initdb.ts';
import { ensureTemplate, templateDirFor } from './embedded-template.ts';

try {
  const location = templateDirFor(embeddedStartParams(PGlite.defaultStartParams));
  if (!location) throw new Error('PGlite is not in a node_modules folder here');
  const started = Date.now();
  await ensureTemplate(location, embeddedStartParams(PGlite.defaultStartParams));
  console.log(`switchboard: embedded database template ready in ${location} (${Date.now() - started} ms)`);
} catch (error) {
  console.warn(`switchboard: no embedded database template (${error instanceof Error ? error.message : String(error)}); a new data folder will run initdb`);
}
