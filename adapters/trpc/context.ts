import type { Deps } from '../../application/deps.ts';
import type { Viewer } from '../../application/viewer.ts';
import type { ChannelSettings } from '../../domain/channel.ts';
import type { EventFeed } from '../events/event-stream.ts';
import { hashToken, secretsEqual } from '../security/tokens.ts';

/** Checks a provider's settings; throws a valibot-style error when they are wrong. */
export type SettingsChecker = (provider: string, settings: unknown) => ChannelSettings;

/** What the API needs besides the core's ports. */
export interface ApiServices {
  readonly deps: Deps;
  readonly providerNames: readonly string[];
  readonly checkSettings: SettingsChecker;
  /** The settings of a channel that are not secrets (a URL, Meta's verify token to paste in its dashboard). */
  readonly publicSettingsOf: (provider: string, settings: ChannelSettings) => ChannelSettings;
  /** Where messengers reach this service, for channels' webhook URLs; undefined when unknown. */
  readonly publicUrl: string | undefined;
  readonly adminToken: string | undefined;
  /** What the `events` subscription reads: the event log and this instance's hub. */
  readonly eventFeed: EventFeed;
}

/** The context of one call: the services, and who is calling (undefined when unauthenticated). */
export interface Context {
  readonly services: ApiServices;
  readonly viewer: Viewer | undefined;
}

/** A context without transport, for `createCaller` in tests. */
export const createContextInner = (services: ApiServices, viewer: Viewer | undefined): Context => ({ services, viewer });

/** The built-in admin of SWITCHBOARD_ADMIN_TOKEN: no agent id, sees and configures everything. */
export const BOOTSTRAP_ADMIN: Viewer = { agentId: null, role: 'admin', queueIds: [] };

/** Finds who a bearer token belongs to: the bootstrap admin, or an agent by its token's hash. */
export async function viewerForToken(services: ApiServices, token: string | undefined): Promise<Viewer | undefined> {
  if (!token) return undefined;
  if (services.adminToken && secretsEqual(token, services.adminToken)) return BOOTSTRAP_ADMIN;
  // Every request asks this: one read, so no BEGIN and COMMIT around it; no cache, so a revoked token stops at once.
  return services.deps.transaction.read(({ agents }) => agents.findViewerByTokenHash(hashToken(token)));
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** tRPC's connection params of a request, as its fetch adapter hands them to createContext. */
export interface ConnectionInfo {
  readonly connectionParams: Readonly<Record<string, string>> | null;
}

/** The context of an HTTP request: a Bearer header, or (a browser's EventSource sends no headers) the `token` connection param. */
export async function createContext(services: ApiServices, request: Request, info?: ConnectionInfo): Promise<Context> {
  const token = bearerToken(request.headers.get('authorization')) ?? connectionToken(request, info);
  return createContextInner(services, await viewerForToken(services, token));
}

/** The `token` of tRPC's connection params: from `info`, else from the `connectionParams` query parameter tRPC's SSE link sends. */
function connectionToken(request: Request, info: ConnectionInfo | undefined): string | undefined {
  if (info?.connectionParams) return info.connectionParams.token;
  const raw = new URL(request.url).searchParams.get('connectionParams');
  if (raw === null) return undefined;
  try {
    const token: unknown = (JSON.parse(raw) as { token?: unknown } | null)?.token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}
