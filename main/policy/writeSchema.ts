// Writes build/policy.schema.json from the policy schema. From the repository's root:
//   npm run build:main && node dist/node/main/policy/writeSchema.js
import { writeFileSync } from 'node:fs';
import { POLICY_SCHEMA_FILE, policyJsonSchemaText } from './jsonSchema.js';

writeFileSync(POLICY_SCHEMA_FILE, policyJsonSchemaText());
console.log(`Wrote ${POLICY_SCHEMA_FILE}`);
