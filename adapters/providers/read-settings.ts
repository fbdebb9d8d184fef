import * as v from 'valibot';
import type { Channel } from '../../domain/channel.ts';

type AnySchema = v.GenericSchema<unknown, unknown>;

// Per schema, the outcome for each settings object already read: every webhook and every call reads its channel's
// settings, and a channel's settings object is replaced, never changed in place, when an admin edits it.
const readBefore = new WeakMap<AnySchema, WeakMap<object, unknown>>();

/** A channel's settings as `schema` accepts them; undefined when they are not valid. */
export function readSettings<S extends AnySchema>(schema: S, channel: Channel): v.InferOutput<S> | undefined {
  const settings = channel.settings as unknown;
  if (typeof settings !== 'object' || settings === null) return parse(schema, settings);
  let outcomes = readBefore.get(schema);
  if (!outcomes) readBefore.set(schema, (outcomes = new WeakMap()));
  if (outcomes.has(settings)) return outcomes.get(settings) as v.InferOutput<S> | undefined;
  const outcome = parse(schema, settings);
  outcomes.set(settings, outcome);
  return outcome;
}

function parse<S extends AnySchema>(schema: S, settings: unknown): v.InferOutput<S> | undefined {
  const result = v.safeParse(schema, settings);
  return result.success ? result.output : undefined;
}
