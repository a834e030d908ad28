// The MIME multipart reader (preload/shared/multipart.ts): any text is split or refused with a
// MultipartError, and any entity written by RFC 2046's rules gives back its parts as written.
import fc from 'fast-check';
import { expect } from 'vitest';
import { MAX_PARTS, MultipartError, splitMultipart } from '../../preload/shared/multipart.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';
import { typedOutcome } from './typedErrors.js';

/** RFC 2046 §5.1.1's bchars: what a boundary is made of (a space anywhere but last). */
const BCHARS = [..."0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? "];
const boundary = fc
  .string({ unit: fc.constantFrom(...BCHARS), minLength: 0, maxLength: 69 })
  .chain((head) => fc.constantFrom(...BCHARS.filter((character) => character !== ' ')).map((last) => `${head}${last}`));
const lineBreak = fc.constantFrom('\r\n', '\n');
/** Lines with no line break in them, from any code points. */
const lineText = fc.string({ unit: 'binary', maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, ' '));
const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
/** A header's value as written: no leading or trailing white space (the reader trims it). */
const headerValue = lineText.map((value) => value.trim());

type WrittenPart = { headers: Array<[string, string]>; body: string };

const part: fc.Arbitrary<WrittenPart> = fc.record({
  headers: fc.uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 4, selector: ([name]) => name.toLowerCase() }),
  body: fc.array(lineText, { maxLength: 6 }).map((lines) => lines.join('\r\n')),
});

/** A multipart entity by the RFC's rules, with what it should split into. */
const written = fc
  .record({
    boundary,
    parts: fc.array(part, { minLength: 1, maxLength: MAX_PARTS }),
    preamble: lineText,
    epilogue: lineText,
    eol: lineBreak,
    closed: fc.boolean(),
  })
  .filter(
    ({ boundary, parts, preamble, epilogue }) =>
      ![preamble, epilogue, ...parts.flatMap((p) => p.body.split('\r\n'))].some((line) => line.startsWith(`--${boundary}`)),
  )
  .map(({ boundary, parts, preamble, epilogue, eol, closed }) => {
    const body = parts.map((p) => [`--${boundary}`, ...p.headers.map(([name, value]) => `${name}: ${value}`), '', p.body].join(eol)).join(eol);
    const entity = `Content-Type: multipart/alternative; boundary="${boundary}"${eol}${eol}${preamble}${eol}${body}${closed ? `${eol}--${boundary}--${eol}${epilogue}` : ''}`;
    return { entity, parts };
  });

const roundTrips = fc.property(written, ({ entity, parts }) => {
  const read = splitMultipart(entity);
  expect(read.map((p) => p.body)).toEqual(parts.map((p) => p.body));
  expect(read.map((p) => [...p.headers])).toEqual(parts.map((p) => p.headers.map(([name, value]) => [name.toLowerCase(), value])));
});

/** Mostly near misses: entities written right, then cut, spliced or with lines of any text put in. */
const anyText = fc.oneof(
  written.chain(({ entity }) =>
    fc
      .tuple(fc.nat(entity.length), fc.string({ unit: 'binary', maxLength: 30 }), fc.nat(entity.length))
      .map(([at, inserted, cut]) => `${entity.slice(0, at)}${inserted}${entity.slice(at)}`.slice(0, cut + inserted.length)),
  ),
  fc
    .array(
      fc.oneof(
        lineText,
        fc.constantFrom('--b', '--b--', 'Content-Type: multipart/mixed; boundary=b', 'content-type: multipart/alternative', '', 'INVITE sip:x SIP/2.0'),
      ),
      { maxLength: 12 },
    )
    .map((lines) => lines.join('\r\n')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const splitsOrRefuses = fc.property(anyText, (text) => {
  const outcome = typedOutcome(() => splitMultipart(text), [MultipartError]);
  if (!outcome.ok) return;
  expect(outcome.value.length).toBeGreaterThan(0);
  expect(outcome.value.length).toBeLessThanOrEqual(MAX_PARTS);
  for (const p of outcome.value) expect(text).toContain(p.body);
});

export const multipartTarget: FuzzTarget = {
  name: 'MIME multipart (splitMultipart)',
  properties: [
    fuzzProperty('any text splits into at most eight parts found in it, or is refused with a MultipartError', 8_000, splitsOrRefuses),
    fuzzProperty('an entity written by RFC 2046’s rules gives back its parts’ headers and bodies as written', 6_000, roundTrips),
  ],
};
