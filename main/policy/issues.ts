// Schema problems as an administrator reads them: the key's path, then what it must be.
import type { z } from 'zod';

const EXPECTED: Record<string, string> = { boolean: 'true or false', string: 'a string', object: 'an object' };

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map(describeIssue).join('; ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the policy';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.map((key) => [...issue.path, key].join('.'));
      return `${keys.join(', ')} ${keys.length === 1 ? 'is not a policy key' : 'are not policy keys'}`;
    }
    case 'invalid_type':
      return `${where} must be ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `${where} must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.join(', ')}`;
    case 'too_big':
      return `${where} must be at most ${characters(issue.maximum)}`;
    case 'too_small':
      return `${where} must be at least ${characters(issue.minimum)}`;
    default:
      // The schema's own messages (formats, refinements, the server union) already say what it must be.
      return `${where} ${issue.message}`;
  }
}

function characters(count: number | bigint): string {
  return `${count} ${count === 1 ? 'character' : 'characters'}`;
}
