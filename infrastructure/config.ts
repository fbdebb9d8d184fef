import { join } from 'node:path';
import * as v from 'valibot';

const MIB = 1024 * 1024;

const integer = (name: string, min: number, fallback: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^\d+$/, `${name} must be a whole number`),
      v.transform(Number),
      v.minValue(min, `${name} must be at least ${min}`),
    ),
    String(fallback),
  );

const url = (name: string, protocols: RegExp) =>
  v.optional(v.pipe(v.string(), v.trim(), v.url(`${name} must be a URL`), v.regex(protocols, `${name} has the wrong scheme`)));

/** Every environment variable the service reads, with its default. */
export const ConfigSchema = v.object({
  PORT: integer('PORT', 0, 3000),
  HOST: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty('HOST must not be empty')), '0.0.0.0'),
  DATA_DIR: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty('DATA_DIR must not be empty')), '.switchboard'),
  DATABASE_URL: url('DATABASE_URL', /^postgres(ql)?:\/\//),
  PUBLIC_URL: url('PUBLIC_URL', /^https?:\/\//),
  FILE_LINK_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'FILE_LINK_SECRET must be at least 32 characters'))),
  SWITCHBOARD_ADMIN_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'SWITCHBOARD_ADMIN_TOKEN must be at least 16 characters'))),
  SWITCHBOARD_ENCRYPTION_KEY: v.optional(
    v.pipe(v.string(), v.trim(), v.regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'SWITCHBOARD_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64')),
  ),
  BODY_LIMIT_BYTES: integer('BODY_LIMIT_BYTES', 1024, MIB),
  FILE_LIMIT_BYTES: integer('FILE_LIMIT_BYTES', 1024, 25 * MIB),
  ATTACHMENT_LIMIT_BYTES: integer('ATTACHMENT_LIMIT_BYTES', 1024, 50 * MIB),
  JOB_CONCURRENCY: integer('JOB_CONCURRENCY', 1, 4),
  DELIVERY_CONCURRENCY: integer('DELIVERY_CONCURRENCY', 1, 16),
  LOG_LEVEL: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'), 'info'),
});

/** The service's configuration, validated. */
export type Config = v.InferOutput<typeof ConfigSchema>;

/** A configuration that cannot start the service; the message names each wrong variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration from environment variables; unset and empty variables take their default. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const present = Object.fromEntries(
    Object.keys(ConfigSchema.entries).flatMap((key) => (env[key] ? [[key, env[key]]] : [])),
  );
  const result = v.safeParse(ConfigSchema, present);
  if (result.success) return result.output;
  const lines = result.issues.map((issue) => `- ${v.getDotPath(issue) ?? 'configuration'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** The embedded database's folder (when DATABASE_URL is unset). */
export const embeddedDataDir = (config: Config): string => join(config.DATA_DIR, 'pgdata');
