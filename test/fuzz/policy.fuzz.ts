// The admin policy file through an injected readFile: files that are missing, unreadable (with any
// error, or anything thrown), not UTF-8, not JSON, too large, or JSON shaped like a policy and mutated.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import { loadPolicy, MAX_POLICY_BYTES } from '../../main/policy/load.js';
import { defaultPolicy, policySchema } from '../../main/policy/schema.js';
import { mutatedJson } from './arbitraries/json.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../build/policy.example.json', import.meta.url), 'utf8')) as unknown;
const POLICIES = [
  EXAMPLE,
  {},
  { server: { rootUrl: 'https://lyncdiscover.contoso.com/' }, signIn: { method: 'windows' } },
  { features: { video: false, testCall: false }, settings: { doNotDisturb: 'decline', answerShortcut: 'CommandOrControl+Shift+A' } },
];

/** How `readFile` failed; codes the loader explains, codes it does not, and names every object has. */
const KNOWN_FAILURES: Record<string, RegExp> = { EACCES: /permission denied/, EPERM: /permission denied/, EISDIR: /a folder/ };
const ABSENT = ['ENOENT', 'ENOTDIR'];

type FileBehaviour = { absent: string } | { fails: unknown } | { bytes: Uint8Array };

const errorWithCode = (code: unknown) => Object.assign(new Error(`read failed with code ${fc.stringify(code)}`), { code });

const failure = fc.oneof(
  fc.constantFrom(...Object.keys(KNOWN_FAILURES), 'EIO', 'EMFILE', 'toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty', '').map(errorWithCode),
  fc.string({ maxLength: 12 }).map(errorWithCode),
  fc.anything({ withNullPrototype: true, withBoxedValues: true, maxDepth: 1 }).map(errorWithCode),
  fc.anything({ withNullPrototype: true, withBoxedValues: true, maxDepth: 1 }),
);

const utf8 = (text: string) => new TextEncoder().encode(text);

const bytes = fc.oneof(
  { weight: 6, arbitrary: mutatedJson(POLICIES).map((json) => utf8(JSON.stringify(json) ?? 'undefined')) },
  mutatedJson(POLICIES).map((json) => utf8(`\uFEFF${JSON.stringify(json, null, 2)}`)),
  fc.uint8Array({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }).map(utf8),
  fc.nat(4).map((extra) => utf8(`{"$schema": "${'x'.repeat(MAX_POLICY_BYTES + extra - 16)}"}`)),
);

const fileBehaviour: fc.Arbitrary<FileBehaviour> = fc.oneof(fc.record({ absent: fc.constantFrom(...ABSENT) }), fc.record({ fails: failure }), {
  weight: 3,
  arbitrary: fc.record({ bytes }),
});

const files = fc.array(fileBehaviour, { maxLength: 3 });

const neverThrows = fc.property(files, (behaviours) => {
  const locations = behaviours.map((_, i) => `/etc/softphone/policy-${i}.json`);
  const readFile = (file: string): Uint8Array => {
    const behaviour = behaviours[locations.indexOf(file)];
    if (behaviour === undefined) throw new Error(`read ${file}, which is no location`);
    if ('absent' in behaviour) throw errorWithCode(behaviour.absent);
    if ('fails' in behaviour) throw behaviour.fails;
    return behaviour.bytes;
  };
  const loaded = loadPolicy(locations, readFile);
  expect(policySchema.parse(loaded.policy)).toEqual(loaded.policy);

  const used = behaviours.findIndex((behaviour) => !('absent' in behaviour));
  const file = locations[used];
  const behaviour = behaviours[used];
  if (file === undefined || behaviour === undefined) {
    expect(loaded).toEqual({ policy: defaultPolicy() });
    return;
  }
  if (loaded.problem === undefined) {
    expect('bytes' in behaviour).toBe(true);
    expect(loaded.source).toBe(file);
    return;
  }
  expect(loaded).toEqual({ policy: defaultPolicy(), problem: loaded.problem });
  expect(loaded.problem.startsWith(`The admin policy ${file} was ignored: `)).toBe(true);
  if ('fails' in behaviour) expectReadFailureExplained(loaded.problem, behaviour.fails);
});

/** A code the loader knows reads as its sentence; any other string code is quoted as it is. */
function expectReadFailureExplained(problem: string, thrown: unknown): void {
  const code = (thrown as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || code === '') return;
  const known = Object.hasOwn(KNOWN_FAILURES, code) ? KNOWN_FAILURES[code] : undefined;
  if (known) expect(problem).toMatch(known);
  else expect(problem).toContain(`(${code})`);
}

export const policyTarget: FuzzTarget = {
  name: 'admin policy (loadPolicy)',
  properties: [
    fuzzProperty('any files and read failures: never a throw; a policy, or the defaults and a sentence naming the file', 8_000, neverThrows, [
      [[{ fails: errorWithCode('toString') }]],
      [[{ fails: errorWithCode(Object.create(null)) }]],
      [[{ fails: Object.create(null) as unknown }]],
    ]),
  ],
};
