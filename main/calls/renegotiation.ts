import * as z from '../../preload/shared/zod/zod.js';
import { linksSchema, parseWith, readLinks, type Links } from '../ucwa/resources.js';
import { sdpOfLink } from './sdpLinks.js';

const renegotiationSchema = z.looseObject({
  direction: z.enum(['Incoming', 'Outgoing']).optional(),
  _links: linksSchema.optional(),
});

/** An audioVideoRenegotiation resource: a new offer for a connected call's media, and its answer. */
export type Renegotiation = {
  direction: 'Incoming' | 'Outgoing' | undefined;
  offerSdp: string | undefined;
  answerSdp: string | undefined;
  links: Links;
};

export function readRenegotiation(json: unknown): Renegotiation {
  const resource = parseWith(renegotiationSchema, json, 'audioVideoRenegotiation');
  const links = readLinks(resource._links);
  return {
    direction: resource.direction,
    offerSdp: sdpOfLink(links, 'mediaOffer', 'audioVideoRenegotiation'),
    answerSdp: sdpOfLink(links, 'mediaAnswer', 'audioVideoRenegotiation'),
    links,
  };
}

/** The other side's new offer (they hold or resume), held by its call until the renderer answers it. */
export type RemoteOffer = { id: string; url: URL; offerSdp: string; answerHref: string; dismissHref: string | undefined };
