import { MalformedError } from './errors.js';

/** `mediaType` is the essence in lower case; `parameters` its parameters (names in lower case), `base64` left out. */
export type DecodedDataUri = { mediaType: string; parameters: Record<string, string>; text: string };

const MAX_DATA_URI_LENGTH = 256 * 1024;
/** Standard and URL-safe alphabets: Node's decoder takes both. */
const BASE64_BODY = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decodes the `data:` URIs UCWA puts in links (mediaOffer, message, customContent).
 * Written by hand because UCWA's URL-encoded form uses `+` for space (form encoding, SD:PayloadFormat.md),
 * which RFC 2397 / WHATWG data: URL parsers do not do; base64 bodies are decoded as usual.
 */
export function decodeDataUri(uri: string, field: string): DecodedDataUri {
  if (uri.length > MAX_DATA_URI_LENGTH) {
    throw new MalformedError(field, `data URI longer than ${MAX_DATA_URI_LENGTH} characters`);
  }
  if (!/^data:/i.test(uri)) throw new MalformedError(field, 'not a data: URI');
  const comma = uri.indexOf(',');
  if (comma < 0) throw new MalformedError(field, 'data URI has no comma');
  const params = uri
    .slice(5, comma)
    .split(';')
    .map((part) => part.trim());
  const isBase64 = params.at(-1)?.toLowerCase() === 'base64';
  const mediaType = (params[0] || 'text/plain').toLowerCase();
  const parameters = readParameters(params.slice(1, isBase64 ? -1 : undefined), field);
  const body = uri.slice(comma + 1);
  if (isBase64) {
    const compact = body.replace(/\s+/g, '');
    if (!BASE64_BODY.test(compact)) throw new MalformedError(field, 'invalid base64 in data URI');
    return { mediaType, parameters, text: Buffer.from(compact, 'base64').toString('utf8') };
  }
  return { mediaType, parameters, text: percentDecoded(body.replace(/\+/g, ' '), field) };
}

/**
 * `name=value` parameters (RFC 2397: percent-encoded), kept for whoever reads the body (a multipart
 * offer's boundary); a value in quotes, as MIME headers write it, loses them. A parameter without `=` is
 * not one and is left out; control characters are refused, since a value may be written into a header.
 */
function readParameters(params: readonly string[], field: string): Record<string, string> {
  const entries = params.flatMap((param) => {
    const equals = param.indexOf('=');
    if (equals <= 0) return [];
    const name = param.slice(0, equals).trim().toLowerCase();
    const value = percentDecoded(param.slice(equals + 1).trim(), field).replace(/^"(.*)"$/s, '$1');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    if (/[\x00-\x1f\x7f]/.test(name + value)) throw new MalformedError(field, 'control character in a data URI parameter');
    return [[name, value] as const];
  });
  return Object.fromEntries(entries);
}

function percentDecoded(text: string, field: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new MalformedError(field, 'invalid percent-encoding in data URI');
  }
}

export function encodeBase64DataUri(mediaType: string, text: string): string {
  return `data:${mediaType};base64,${Buffer.from(text, 'utf8').toString('base64')}`;
}
