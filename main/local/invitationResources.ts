// JSON shapes of the local service's invitations, incoming and outgoing, modelled on the UCWA reference
// samples (seeds): audioVideoInvitation, messagingInvitation, onlineMeetingInvitation, participantInvitation.
import { encodeBase64DataUri } from '../ucwa/dataUri.js';
import { prefixedLinks } from './flavour.js';
import { contactHref, formEncode, participant, type Person } from './resources.js';

export type InvitationFields = {
  href: string;
  appPath: string;
  conversationPath: string;
  state: string;
  operationId: string;
  sessionContext: string;
  threadId: string;
  subject: string;
  importance: string;
  from: Person;
  to: string;
};

/** The properties and links every incoming invitation shares. */
function incoming(rel: string, f: InvitationFields, links: Record<string, { href: string }>) {
  const fromHref = `${f.conversationPath}/participants/caller`;
  return {
    rel,
    direction: 'Incoming',
    importance: f.importance,
    operationId: f.operationId,
    state: f.state,
    subject: f.subject,
    threadId: f.threadId,
    to: f.to,
    _links: {
      self: { href: f.href },
      from: { href: fromHref },
      conversation: { href: f.conversationPath },
      decline: { href: `${f.href}/decline` },
      ...links,
    },
    _embedded: { from: participant(fromHref, f.from, f.appPath) },
  };
}

/** Who else an incoming call involves, and how it should start (the audioVideoInvitation's context). */
export type RingContext = {
  delegator?: Person;
  onBehalfOf?: Person;
  forwardedBy?: Person;
  transferredBy?: Person;
  privateLine?: boolean;
  joinAudioMuted?: boolean;
  joinVideoMuted?: boolean;
};

/** The offer as UCWA links it: SDP base64, a Lync multipart body URL-encoded with its media type's boundary. */
export type MediaOffer = { offerSdp: string; offerMediaType?: string; context?: RingContext };

function mediaOfferHref({ offerSdp, offerMediaType = 'application/sdp' }: MediaOffer): string {
  return /^multipart\//i.test(offerMediaType) ? `data:${offerMediaType},${formEncode(offerSdp)}` : encodeBase64DataUri(offerMediaType, offerSdp);
}

export function audioVideoInvitation(f: InvitationFields, offer: MediaOffer, phoneAudio: boolean) {
  const context = offer.context ?? {};
  const people = Object.fromEntries(
    (['delegator', 'onBehalfOf', 'forwardedBy', 'transferredBy'] as const).flatMap((rel) => {
      const person = context[rel];
      return person ? [[rel, { href: contactHref(f.appPath, person) }]] : [];
    }),
  );
  return {
    ...incoming('audioVideoInvitation', f, {
      mediaOffer: { href: mediaOfferHref(offer) },
      acceptWithAnswer: { href: `${f.href}/acceptWithAnswer` },
      ...(phoneAudio && { acceptWithPhoneAudio: { href: `${f.href}/acceptWithPhoneAudio` } }),
      sendProvisionalAnswer: { href: `${f.href}/sendProvisionalAnswer` },
      audioVideo: { href: `${f.conversationPath}/audioVideo` },
      ...people,
    }),
    ...(context.delegator && { delegator: context.delegator.uri }),
    joinAudioMuted: context.joinAudioMuted ?? false,
    joinVideoMuted: context.joinVideoMuted ?? false,
    privateLine: context.privateLine ?? false,
    sessionContext: f.sessionContext,
  };
}

/**
 * The first message goes as UCWA's URL-encoded data: link (`+` for space) in the plain flavour, and with
 * prefixed rels in the Trusted Application API flavour, where plain text is the `ms:rtc:saas:message`
 * property instead.
 */
export function messagingInvitation(f: InvitationFields, message: string, flavour: 'ucwa' | 'saas', format: 'plain' | 'html' = 'plain') {
  const accept = { href: `${f.href}/accept?sessionContext=${f.sessionContext}` };
  const base = incoming('messagingInvitation', f, { accept, messaging: { href: `${f.conversationPath}/messaging` } });
  const messageLink = { message: { href: `data:text/${format};charset=utf-8,${formEncode(message)}` } };
  if (flavour === 'ucwa') return { ...base, _links: { ...base._links, ...messageLink } };
  const links: Record<string, { href: string }> = {
    ...base._links,
    ...(format === 'html' && messageLink),
    acceptAndBridge: { href: `${f.href}/acceptAndBridge` },
    startAdhocMeeting: { href: `${f.href}/startAdhocMeeting` },
  };
  return {
    ...base,
    rel: 'ms:rtc:saas:messagingInvitation',
    ...(format === 'plain' && { 'ms:rtc:saas:message': message }),
    _links: prefixedLinks(links),
  };
}

export type OutgoingFields = Pick<InvitationFields, 'href' | 'appPath' | 'conversationPath' | 'state' | 'operationId' | 'threadId' | 'subject' | 'to'> & {
  onlineMeetingUri?: string;
  /** A call via work: the user's own phone, rung first. */
  phoneNumber?: string;
  /** The contact the invitation is for (its `to` link). */
  toHref?: string;
  /** A messaging invitation's first message. */
  message?: string;
};

/** An invitation the user sent (joinOnlineMeeting, addParticipant, addAudioVideo, ...): cancellable while it connects. */
export function outgoingInvitation(
  rel: 'onlineMeetingInvitation' | 'participantInvitation' | 'messagingInvitation' | 'audioVideoInvitation' | 'phoneAudioInvitation',
  f: OutgoingFields,
) {
  return {
    rel,
    direction: 'Outgoing',
    importance: 'Normal',
    operationId: f.operationId,
    state: f.state,
    subject: f.subject,
    threadId: f.threadId,
    to: f.to,
    ...(f.onlineMeetingUri !== undefined && { onlineMeetingUri: f.onlineMeetingUri }),
    ...(f.phoneNumber !== undefined && { phoneNumber: f.phoneNumber }),
    _links: {
      self: { href: f.href },
      conversation: { href: f.conversationPath },
      ...(rel === 'audioVideoInvitation' && { audioVideo: { href: `${f.conversationPath}/audioVideo` } }),
      ...(rel === 'phoneAudioInvitation' && { phoneAudio: { href: `${f.conversationPath}/phoneAudio` } }),
      ...(rel === 'messagingInvitation' && { messaging: { href: `${f.conversationPath}/messaging` } }),
      ...(f.message !== undefined && { message: { href: `data:text/plain;charset=utf-8,${formEncode(f.message)}` } }),
      from: { href: `${f.conversationPath}/participants/me` },
      ...(f.toHref !== undefined && { to: { href: f.toHref } }),
      ...((f.state === 'Connecting' || f.state === 'Alerting') && { cancel: { href: `${f.href}/cancel` } }),
    },
  };
}

export function onlineMeetingInvitation(f: InvitationFields, onlineMeetingUri: string) {
  return {
    ...incoming('onlineMeetingInvitation', f, { accept: { href: `${f.href}/accept` } }),
    onlineMeetingUri,
    availableModalities: ['Audio', 'Video', 'Messaging'],
  };
}

/** UCWA's data: URL encoding: percent-encoding with `+` for space (SD:PayloadFormat.md). */
