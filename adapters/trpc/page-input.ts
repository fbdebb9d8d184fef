import * as v from 'valibot';
import { CursorSchema, LimitSchema } from './inputs.ts';

/** The input of a list without filters: `{ cursor?, limit? }`, or nothing at all. */
export const PageInputSchema = v.optional(v.object({ cursor: CursorSchema, limit: LimitSchema }), {});

/** The sort key of anything listed oldest first. */
export const byCreation = (row: { readonly createdAt: Date; readonly id: string }) => ({ at: row.createdAt, id: row.id });
