// build/policy.schema.json and build/policy.example.json, the files administrators get.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { POLICY_SCHEMA_FILE, policyJsonSchemaText } from '../../main/policy/jsonSchema.js';
import { loadPolicy } from '../../main/policy/load.js';
import { policySchema } from '../../main/policy/schema.js';

const repository = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const schemaText = readFileSync(repository(POLICY_SCHEMA_FILE), 'utf8');
const exampleFile = repository('build/policy.example.json');
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(schemaText));

describe('the admin policy files in build/', () => {
  it('the JSON schema is the one the policy schema generates', () => {
    expect(
      schemaText,
      `${POLICY_SCHEMA_FILE} is out of date; regenerate it from the repository's root: npm run build:main && node dist/node/main/policy/writeSchema.js`,
    ).toBe(policyJsonSchemaText());
  });

  it('the example is valid for the app and for the JSON schema', () => {
    const loaded = loadPolicy([exampleFile]);
    expect(loaded.problem).toBeUndefined();
    expect(loaded.policy).toMatchObject({
      server: { sipDomain: 'contoso.com' },
      signIn: { method: 'password' },
      features: { video: true, messaging: true },
      settings: { doNotDisturb: 'off', ringer: { label: 'Speakers (Jabra Speak 510)' }, startAtLogin: 'hidden' },
      history: { maxAgeDays: 180, maxEntries: 5000, keepMessageContent: false },
      updates: { channel: 'off' },
    });
    expect(validate(JSON.parse(readFileSync(exampleFile, 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['an unknown key', { features: { chat: false } }],
    ['an http root URL to another machine', { server: { rootUrl: 'http://lyncdiscover.contoso.com/' } }],
    ['both a root URL and a domain', { server: { rootUrl: 'https://lyncdiscover.contoso.com/', sipDomain: 'contoso.com' } }],
    ['a domain without a dot', { server: { sipDomain: 'contoso' } }],
    ['an undocumented do-not-disturb mode', { settings: { doNotDisturb: 'maybe' } }],
    ['an updates object without a channel', { updates: {} }],
    ['a history kept longer than a year', { history: { maxAgeDays: 366 } }],
    ['a history of more than 10 000 entries', { history: { maxEntries: 10_001 } }],
  ])('the JSON schema, like the app, refuses %s', (_, document) => {
    expect(policySchema.safeParse(document).success).toBe(false);
    expect(validate(document)).toBe(false);
  });
});
