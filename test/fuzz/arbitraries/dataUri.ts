// data: URIs as UCWA links carry them (mediaOffer, message, plainMessage...): real media types and
// parameters, base64 and URL-encoded bodies, and the ways each goes wrong.
import fc from 'fast-check';

const TOKEN_CHARACTERS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&-^_.+'"];
const BASE64_CHARACTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_'];

/** Well-formed text: any code point but half surrogates, which UTF-8 cannot carry. */
export const unicodeText = (maxLength: number) => fc.string({ unit: 'binary', maxLength });

/** The text as UTF-8 carries it: a half surrogate (a cut through a pair) becomes U+FFFD. */
export const asUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

/** An RFC 2045 token, the `type` and `subtype` of a media type. */
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARACTERS), minLength: 1, maxLength: 16 });

/** `type/subtype`, as encodeBase64DataUri takes it. */
export const mediaTypeEssence = fc.oneof(
  fc.constantFrom('application/sdp', 'text/plain', 'text/html', 'multipart/alternative', 'Application/SDP'),
  fc.tuple(token, token).map(([type, subtype]) => `${type}/${subtype}`),
);

const parameter = fc.oneof(
  fc.constantFrom('charset=utf-8', 'charset=UTF-8', 'charset=', 'boundary=x', ' base64 ', 'BASE64', ''),
  fc.tuple(token, token).map(([name, value]) => `${name}=${value}`),
  fc.string({ maxLength: 24 }),
);

const text = unicodeText(200);
const percentEncoded = text.map(encodeURIComponent);

const body = fc.oneof(
  text.map((value) => Buffer.from(value).toString('base64')),
  text.map((value) => Buffer.from(value).toString('base64url')),
  fc.tuple(text, fc.nat()).map(([value, at]) => {
    const base64 = Buffer.from(value).toString('base64');
    return `${base64.slice(0, at % (base64.length + 1))}\r\n ${base64.slice(at % (base64.length + 1))}`;
  }),
  fc.string({ unit: fc.constantFrom(...BASE64_CHARACTERS, '=', ' ', '\n', '%', '@'), maxLength: 80 }),
  percentEncoded,
  percentEncoded.map((value) => value.replaceAll('%20', '+')),
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%%', '%C0%80', '%ED%A0%80', '+++', '=', '===', 'A===', ','),
  unicodeText(80),
);

export const dataUri: fc.Arbitrary<string> = fc
  .record({
    scheme: fc.constantFrom('data:', 'data:', 'DATA:', 'Data:', ' data:', 'data'),
    mediaType: fc.oneof(mediaTypeEssence, fc.constantFrom('', 'multipart/alternative;boundary=x'), fc.string({ maxLength: 40 })),
    parameters: fc.array(parameter, { maxLength: 3 }),
    base64: fc.boolean(),
    comma: fc.constantFrom(',', ',', ''),
    body,
  })
  .map(
    ({ scheme, mediaType, parameters, base64, comma, body }) =>
      `${scheme}${[mediaType, ...parameters, ...(base64 ? ['base64'] : [])].join(';')}${comma}${body}`,
  );
