import { MalformedError } from './errors.js';

export type DecodedDataUri = { mediaType: string; text: string };

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
  const body = uri.slice(comma + 1);
  if (isBase64) {
    const compact = body.replace(/\s+/g, '');
    if (!BASE64_BODY.test(compact)) throw new MalformedError(field, 'invalid base64 in data URI');
    return { mediaType, text: Buffer.from(compact, 'base64').toString('utf8') };
  }
  try {
    return { mediaType, text: decodeURIComponent(body.replace(/\+/g, ' ')) };
  } catch {
    throw new MalformedError(field, 'invalid percent-encoding in data URI');
  }
}

export function encodeBase64DataUri(mediaType: string, text: string): string {
  return `data:${mediaType};base64,${Buffer.from(text, 'utf8').toString('base64')}`;
}
