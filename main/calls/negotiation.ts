import * as z from '../../preload/shared/zod/zod.js';
import { linksSchema, parseWith, readLinks } from '../ucwa/resources.js';
import { sdpOfLink } from './sdpLinks.js';

const negotiationSchema = z.looseObject({ _links: linksSchema.optional() });

/** The other side's answer to an offer of ours: early media's (`provisional`) or the final one. */
export type RemoteAnswer = { sdp: string; provisional: boolean };

/** An audioVideoNegotiation resource: its `mediaAnswer`, else its `mediaProvisionalAnswer` (early media), if any. */
export function readNegotiation(json: unknown): RemoteAnswer | undefined {
  const links = readLinks(parseWith(negotiationSchema, json, 'audioVideoNegotiation')._links);
  const final = sdpOfLink(links, 'mediaAnswer', 'audioVideoNegotiation');
  if (final !== undefined) return { sdp: final, provisional: false };
  const early = sdpOfLink(links, 'mediaProvisionalAnswer', 'audioVideoNegotiation');
  return early === undefined ? undefined : { sdp: early, provisional: true };
}
