import { MAX_SDP_LENGTH } from '../../preload/shared/contract.js';
import { decodeDataUri } from '../ucwa/dataUri.js';
import { MalformedError } from '../ucwa/errors.js';
import type { Links } from '../ucwa/resources.js';

/** The SDP a resource carries as a `data:application/sdp` link (mediaAnswer, mediaOffer), if it has one. */
export function sdpOfLink(links: Links, rel: string, resource: string): string | undefined {
  const href = links.get(rel);
  if (href === undefined) return undefined;
  const field = `${resource}._links.${rel}`;
  const sdp = decodeDataUri(href, field);
  if (sdp.mediaType !== 'application/sdp') throw new MalformedError(field, `unexpected media type ${sdp.mediaType}`);
  if (sdp.text.length > MAX_SDP_LENGTH) throw new MalformedError(field, `longer than ${MAX_SDP_LENGTH} characters`);
  return sdp.text;
}
