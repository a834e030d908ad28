// Lync 2010-era offers come as multipart/alternative entities: one part with legacy MS-ICE draft-6
// candidates (`Content-Disposition: ...; ms-proxy-2007fallback`) and one with RFC 5245 ICE. The answer
// answers the RFC 5245 part and names it with processedOfferId. The entity is split by the one MIME reader
// the windows use too (preload/shared/multipart.ts).
import { isMultipartEntity, MultipartError, splitMultipart, type MimePart } from '../../preload/shared/multipart.js';
import { BridgeRefusal } from './refusal.js';

/** The SDP to answer and, for a multipart offer, the Content-ID of the part it came from. */
export type OfferPart = { sdp: string; contentId?: string };

/** UCWA's processedOfferId is at most 100 characters (acceptWithAnswer_ref). */
const MAX_CONTENT_ID = 100;

/** The part to answer: the offer itself when it is plain SDP, else the RFC 5245 part of the multipart entity; a BridgeRefusal otherwise. */
export function selectOfferPart(offer: string): OfferPart {
  if (!isMultipartEntity(offer)) return { sdp: offer };
  const rfc5245 = partsOf(offer).find(
    (part) =>
      /^application\/sdp\b/i.test(part.headers.get('content-type') ?? '') &&
      !/ms-proxy-2007fallback/i.test(part.headers.get('content-disposition') ?? '') &&
      hasRfc5245Candidates(part.body),
  );
  if (!rfc5245) throw new BridgeRefusal('InvalidMediaOffer', 'The caller’s offer has only the Lync 2010 form, which this app cannot answer.');
  const contentId = rfc5245.headers.get('content-id');
  // The line break before the closing delimiter belongs to the delimiter: an SDP that ended there gets its own back.
  const sdp = /\r?\n$/.test(rfc5245.body) ? rfc5245.body : `${rfc5245.body}\r\n`;
  return { sdp, ...(contentId && contentId.length <= MAX_CONTENT_ID && { contentId }) };
}

function partsOf(offer: string): MimePart[] {
  try {
    return splitMultipart(offer);
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    throw new BridgeRefusal('InvalidMediaOffer', `The caller’s multipart offer could not be read: ${error.message}.`);
  }
}

/** RFC 5245 candidates have `typ` as their seventh field; draft-6 ones carry base64 credentials instead. */
function hasRfc5245Candidates(sdp: string): boolean {
  return /^a=candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ /m.test(sdp);
}
