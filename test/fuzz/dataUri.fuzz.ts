// data: URIs: decoding anything UCWA might put in a link, and the base64 round trip.
import fc from 'fast-check';
import { expect } from 'vitest';
import { decodeDataUri, encodeBase64DataUri } from '../../main/ucwa/dataUri.js';
import { MalformedError } from '../../main/ucwa/errors.js';
import { dataUri, mediaTypeEssence, unicodeText } from './arbitraries/dataUri.js';
import { fuzzProperty, type FuzzTarget } from './fuzzProperty.js';
import { typedOutcome } from './typedErrors.js';

const FIELD = 'audioVideoInvitation._links.mediaOffer';
const MAX_DATA_URI_LENGTH = 256 * 1024;

const decodesOrNamesTheField = fc.property(fc.oneof({ weight: 4, arbitrary: dataUri }, fc.string({ unit: 'binary' })), (uri) => {
  const outcome = typedOutcome(() => decodeDataUri(uri, FIELD), [MalformedError]);
  if (!outcome.ok) {
    expect((outcome.error as MalformedError).field).toBe(FIELD);
    return;
  }
  const { mediaType, text } = outcome.value;
  expect(mediaType).toBe(mediaType.toLowerCase());
  // Decoding only shrinks: %XX and base64 quartets become fewer characters, never more.
  expect(text.length).toBeLessThanOrEqual(uri.length);
  // The media type is the URI's own, or text/plain when it names none.
  if (mediaType !== 'text/plain') expect(mediaType.length).toBeLessThanOrEqual(uri.length);
});

/** Mostly short texts; now and then one whose URI lands either side of the 256 KiB limit. */
const roundTripText = fc.oneof(
  { weight: 20, arbitrary: unicodeText(300) },
  fc.tuple(fc.constantFrom('a', 'é', '\u{1F600}'), fc.integer({ min: 45_000, max: 200_000 })).map(([character, count]) => character.repeat(count)),
);

const roundTrip = fc.property(mediaTypeEssence, fc.constantFrom('', ';charset=utf-8', ';boundary=x'), roundTripText, (essence, parameters, text) => {
  const uri = encodeBase64DataUri(`${essence}${parameters}`, text);
  if (uri.length > MAX_DATA_URI_LENGTH) {
    expect(() => decodeDataUri(uri, FIELD)).toThrow(MalformedError);
    return;
  }
  const named = /^;(\w+)=(.*)$/.exec(parameters);
  expect(decodeDataUri(uri, FIELD)).toEqual({ mediaType: essence.toLowerCase(), parameters: named ? { [named[1]!]: named[2] } : {}, text });
});

export const dataUriTarget: FuzzTarget = {
  name: 'data URIs (decodeDataUri, encodeBase64DataUri)',
  properties: [
    fuzzProperty('any URI decodes to lower-case media type and no longer text, or a MalformedError naming the field', 12_000, decodesOrNamesTheField),
    fuzzProperty('encodeBase64DataUri then decodeDataUri gives back the media type, its parameters and the text', 6_000, roundTrip),
  ],
};
