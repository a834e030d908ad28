// UCWA-shaped JSON: real samples (the seed pages, the local service's resources) with fields dropped,
// replaced by values of the wrong type, huge strings, deep nesting and hostile hrefs, renamed with the
// `ms:rtc:saas:` prefix, and prototype keys added or hiding real fields.
import fc from 'fast-check';
import { encodeBase64DataUri } from '../../../main/ucwa/dataUri.js';
import { dataUri } from './dataUri.js';
import { sdpText } from './sdp.js';

const SAAS_PREFIX = 'ms:rtc:saas:';
const PROTO = '__proto__';

/** Keys a careless copy (`out[key] = value`) or lookup (`table[key]`) turns into the prototype's. */
const PROTOTYPE_KEYS = [PROTO, `${SAAS_PREFIX}${PROTO}`, 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

export const hostileHref: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'https://evil.example/ucwa/v1/applications/1/communication',
    '//evil.example/x',
    'file:///etc/passwd',
    '../../../../etc/passwd',
    'ms:rtc:saas:self',
    '',
    ' ',
    '\u0000',
    'data:',
    'data:application/sdp;base64,@@@@',
    'data:text/plain,%E0%A4%A',
    'data:text/html,<script>alert(1)</script>',
  ),
  dataUri,
  sdpText.map((sdp) => encodeBase64DataUri('application/sdp', sdp)),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ unit: 'binary', maxLength: 64 }),
);

/** Just over the limits the schemas set (subject 250, hrefs 300 KiB...) and the data URI limit. */
const hugeString = fc
  .tuple(fc.constantFrom(51, 65, 129, 251, 257, 2049, 4097, 8193, 64 * 1024 + 1, 256 * 1024 + 1, 300 * 1024 + 1), fc.constantFrom('x', 'é', '%', '\u{1F600}'))
  .map(([length, character]) => character.repeat(length));

/** Deep enough for any recursion to show, shallow enough for fast-check to print a counterexample. */
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 1000 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { _links: value };
  return value;
});

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 1e308, '', [], {}),
  hugeString,
  deepNesting,
  hostileHref,
  hostileHref.map((href) => ({ href })),
  fc.array(
    hostileHref.map((href) => ({ href })),
    { maxLength: 3 },
  ),
);

type Mutation =
  | { op: 'drop' | 'prefix'; at: number }
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'add'; at: number; key: string; value: unknown }
  | { op: 'hide'; at: number; count: number }
  | { op: 'href'; at: number; href: string };

function mutation(knownKeys: readonly string[]): fc.Arbitrary<Mutation> {
  const key = fc.oneof(
    fc.constantFrom(...knownKeys),
    fc.constantFrom(...knownKeys).map((known) => `${SAAS_PREFIX}${known}`),
    fc.constantFrom(...PROTOTYPE_KEYS),
    fc.string({ maxLength: 12 }),
  );
  return fc.oneof(
    fc.record({ op: fc.constantFrom('drop', 'prefix'), at: fc.nat() }),
    { weight: 2, arbitrary: fc.record({ op: fc.constant('replace'), at: fc.nat(), value: hostileValue }) },
    fc.record({ op: fc.constant('add'), at: fc.nat(), key, value: hostileValue }),
    fc.record({ op: fc.constant('hide'), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
    { weight: 2, arbitrary: fc.record({ op: fc.constant('href'), at: fc.nat(), href: hostileHref }) },
  );
}

/**
 * The samples with up to five mutations each, and now and then a hostile value instead of a document.
 * Every mutation names its place by a number taken modulo the places there are, so any list applies.
 */
export function mutatedJson(samples: readonly unknown[]): fc.Arbitrary<unknown> {
  const keys = [...new Set(samples.flatMap((sample) => slotsOf(sample).map((slot) => slot.key)))].filter((key) => !/^\d+$/.test(key));
  const mutated = fc
    .tuple(fc.constantFrom(...samples), fc.array(mutation(keys), { maxLength: 5 }))
    .map(([sample, mutations]) => mutations.reduce(applyMutation, structuredClone(sample)));
  return fc.oneof({ weight: 12, arbitrary: mutated }, hostileValue);
}

type Container = Record<string, unknown>;
type Slot = { parent: Container; key: string };

/** Every property and array element, depth first; deep nesting a mutation added is not walked into. */
function slotsOf(root: unknown): Slot[] {
  const slots: Slot[] = [];
  const visit = (value: unknown, depth: number) => {
    if (typeof value !== 'object' || value === null || depth > 12) return;
    for (const key of Object.keys(value)) {
      slots.push({ parent: value as Container, key });
      visit((value as Container)[key], depth + 1);
    }
  };
  visit(root, 0);
  return slots;
}

function objectsOf(root: unknown): Container[] {
  const isObject = (value: unknown): value is Container => typeof value === 'object' && value !== null && !Array.isArray(value);
  return [
    ...(isObject(root) ? [root] : []),
    ...slotsOf(root)
      .map((slot) => slot.parent[slot.key])
      .filter(isObject),
  ];
}

/** Defines an own property, as JSON.parse does: `__proto__` becomes a key, not the prototype. */
function define(target: Container, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function pick<T>(items: readonly T[], at: number): T | undefined {
  return items.length === 0 ? undefined : items[at % items.length];
}

/** Mutates `root` in place; values go in as copies, since fast-check reuses what it generated (and constants). */
function applyMutation(root: unknown, change: Mutation): unknown {
  switch (change.op) {
    case 'drop': {
      const slot = pick(slotsOf(root), change.at);
      if (slot && Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
      else if (slot) delete slot.parent[slot.key];
      break;
    }
    case 'prefix': {
      const slot = pick(
        slotsOf(root).filter((candidate) => !Array.isArray(candidate.parent)),
        change.at,
      );
      if (slot) {
        const value = slot.parent[slot.key];
        delete slot.parent[slot.key];
        define(slot.parent, `${SAAS_PREFIX}${slot.key}`, value);
      }
      break;
    }
    case 'replace': {
      const slot = pick(slotsOf(root), change.at);
      if (slot) define(slot.parent, slot.key, structuredClone(change.value));
      break;
    }
    case 'add': {
      const target = pick(objectsOf(root), change.at);
      if (target) define(target, change.key, structuredClone(change.value));
      break;
    }
    case 'hide': {
      // A real field moved under an own `__proto__` key: parsers must not read it from there.
      const target = pick(objectsOf(root), change.at);
      if (target) {
        const hidden: Container = {};
        for (const key of Object.keys(target).slice(0, change.count)) {
          define(hidden, key, target[key]);
          delete target[key];
        }
        define(target, PROTO, hidden);
      }
      break;
    }
    case 'href': {
      const slot = pick(
        slotsOf(root).filter((candidate) => candidate.key === 'href'),
        change.at,
      );
      if (slot) define(slot.parent, slot.key, change.href);
      break;
    }
  }
  return root;
}

/** The same document without its own `__proto__` keys, at any depth. */
export function withoutProtoKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProtoKeys);
  if (typeof value !== 'object' || value === null || !isPlainObject(value)) return value;
  const copy: Container = {};
  for (const [key, item] of Object.entries(value)) if (key !== PROTO) define(copy, key, withoutProtoKeys(item));
  return copy;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
