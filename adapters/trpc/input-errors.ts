import { StandardSchemaV1Error } from '@trpc/server';

type Issue = StandardSchemaV1Error['issues'][number];

const pathOf = (issue: Issue): string =>
  (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.') || 'input';

/**
 * A readable message for invalid input, one `field: problem` per issue. Valibot's default messages
 * quote what was received; that part is cut, because the input may be a secret.
 */
export function describeInputError(cause: unknown): string | undefined {
  if (!(cause instanceof StandardSchemaV1Error)) return undefined;
  return cause.issues
    .slice(0, 10)
    .map((issue) => `${pathOf(issue)}: ${issue.message.replace(/,? but received .*$/s, '')}`)
    .join('; ');
}
