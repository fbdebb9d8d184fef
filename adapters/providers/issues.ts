import * as v from 'valibot';

const MAX_LISTED = 5;

/**
 * A readable one-line account of what is wrong with a payload: `path: problem; ...`. A missing
 * key says "is required" (valibot would repeat the object's own message there).
 */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const lines = issues.slice(0, MAX_LISTED).map((issue) => {
    const path = v.getDotPath(issue);
    const missing = issue.kind === 'schema' && issue.input === undefined && /^".*"$/.test(issue.expected ?? '');
    const problem = missing ? 'is required' : issue.message;
    return path ? `${path}: ${problem}` : problem;
  });
  const more = issues.length > MAX_LISTED ? `; and ${issues.length - MAX_LISTED} more` : '';
  return lines.join('; ') + more;
}
