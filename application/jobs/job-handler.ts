import type { Deps } from '../deps.ts';

/** How a job's attempt ended, when it did not simply succeed. Throwing also means "retry later". */
export type JobResult =
  | void
  | { readonly kind: 'retry'; readonly reason: string; readonly afterMs?: number | undefined }
  | { readonly kind: 'give_up'; readonly reason: string };

/** Does one kind of job. */
export type JobHandler = (deps: Deps, payload: Readonly<Record<string, unknown>>, attempt: JobAttempt) => Promise<JobResult>;

/** Which attempt this is, so a handler can record a final failure on the last one. */
export interface JobAttempt {
  readonly number: number;
  readonly isLast: boolean;
}

/** Reads a string field of a job's payload, which was written by us and so is trusted to be there. */
export function payloadString(payload: Readonly<Record<string, unknown>>, field: string): string {
  const value = payload[field];
  if (typeof value !== 'string') throw new Error(`job payload lacks the string field "${field}"`);
  return value;
}
