// Lync 2010-era offers come as multipart/alternative bodies: one part with legacy MS-ICE draft-6
// candidates (`Content-Disposition: ...; ms-proxy-2007fallback`) and one with RFC 5245 ICE. The answer
// answers the RFC 5245 part and names it with processedOfferId. Written by hand: no MIME parser is a
// dependency, and only this one shape (parts of headers, a blank line, an SDP body) matters.

/** The SDP to answer and, for a multipart body, the Content-ID of the part it came from. */
export type OfferPart = { sdp: string; contentId?: string };

/** UCWA's processedOfferId is at most 100 characters (acceptWithAnswer_ref). */
const MAX_CONTENT_ID = 100;
const MAX_PARTS = 8;

export function isMultipart(body: string): boolean {
  return /^\s*--\S/.test(body);
}

/** The part to answer: the body itself when it is plain SDP, the RFC 5245 part of a multipart body, or undefined. */
export function selectOfferPart(body: string): OfferPart | undefined {
  if (!isMultipart(body)) return { sdp: body };
  const boundary = /^\s*--(\S{1,200})/.exec(body)?.[1];
  if (boundary === undefined) return undefined;
  const parts = body
    .split(`--${boundary}`)
    .slice(1, MAX_PARTS + 1)
    .filter((part) => !part.startsWith('--'))
    .map(readPart)
    .filter((part) => part !== undefined && /^application\/sdp\b/i.test(part.headers.get('content-type') ?? ''));
  const rfc5245 = parts.find((part) => !/ms-proxy-2007fallback/i.test(part?.headers.get('content-disposition') ?? '') && hasRfc5245Candidates(part!.sdp));
  if (!rfc5245) return undefined;
  const contentId = rfc5245.headers.get('content-id')?.trim();
  return { sdp: rfc5245.sdp, ...(contentId && contentId.length <= MAX_CONTENT_ID && { contentId }) };
}

function readPart(raw: string): { headers: Map<string, string>; sdp: string } | undefined {
  const text = raw.replace(/^\r?\n/, '');
  const split = /\r?\n\r?\n/.exec(text);
  if (!split) return undefined;
  const headers = new Map<string, string>();
  for (const line of text.slice(0, split.index).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, sdp: text.slice(split.index + split[0].length).replace(/\r?\n$/, '') + '\r\n' };
}

/** RFC 5245 candidates have `typ` as their seventh field; draft-6 ones carry base64 credentials instead. */
function hasRfc5245Candidates(sdp: string): boolean {
  return /^a=candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ /m.test(sdp);
}
