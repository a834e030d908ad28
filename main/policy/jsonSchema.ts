// The policy's JSON schema, for administrators and their editors; build/policy.schema.json holds it.
import * as z from '../../preload/shared/zod/zod.js';
import { policyLocations } from './locations.js';
import { policySchema } from './schema.js';

export const POLICY_SCHEMA_ID = 'urn:softphone:admin-policy';
export const POLICY_SCHEMA_FILE = 'build/policy.schema.json';

const [windows] = policyLocations('win32', () => '%ProgramData%');
const [macOS] = policyLocations('darwin');
const [linux] = policyLocations('linux');

export function policyJsonSchema(): Record<string, unknown> {
  // io 'input': the file as an administrator writes it, where keys with defaults may be left out.
  const { $schema, ...schema } = z.toJSONSchema(policySchema, { target: 'draft-2020-12', io: 'input' });
  return {
    $schema,
    $id: POLICY_SCHEMA_ID,
    title: 'Softphone admin policy',
    description:
      `Machine-wide settings an administrator gives the Softphone, in ${windows} (Windows), ${macOS} (macOS) or ${linux} (Linux). ` +
      'An invalid file is ignored as a whole, with a message saying why.',
    ...schema,
  };
}

/** The schema file's exact text. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
