// JSON shapes of the local service's resources, modelled on the UCWA reference samples (seeds).
import { encodeBase64DataUri } from '../ucwa/dataUri.js';

export type Person = { name: string; uri: string };

export function participant(href: string, person: Person, appPath: string) {
  return {
    rel: 'participant',
    anonymous: false,
    inLobby: false,
    local: false,
    name: person.name,
    organizer: false,
    role: 'Attendee',
    sourceNetwork: 'SameEnterprise',
    uri: person.uri,
    _links: {
      self: { href },
      contact: { href: `${appPath}/people/${encodeURIComponent(person.uri)}` },
      me: { href: `${appPath}/me` },
    },
  };
}

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
  offerSdp: string;
};

export function audioVideoInvitation(f: InvitationFields) {
  const fromHref = `${f.conversationPath}/participants/caller`;
  return {
    rel: 'audioVideoInvitation',
    direction: 'Incoming',
    importance: f.importance,
    joinAudioMuted: false,
    joinVideoMuted: false,
    operationId: f.operationId,
    privateLine: false,
    sessionContext: f.sessionContext,
    state: f.state,
    subject: f.subject,
    threadId: f.threadId,
    to: f.to,
    _links: {
      self: { href: f.href },
      mediaOffer: { href: encodeBase64DataUri('application/sdp', f.offerSdp) },
      from: { href: fromHref },
      acceptWithAnswer: { href: `${f.href}/acceptWithAnswer` },
      sendProvisionalAnswer: { href: `${f.href}/sendProvisionalAnswer` },
      audioVideo: { href: `${f.conversationPath}/audioVideo` },
      conversation: { href: f.conversationPath },
      decline: { href: `${f.href}/decline` },
    },
    _embedded: { from: participant(fromHref, f.from, f.appPath) },
  };
}

export function audioVideo(conversationPath: string, state: string) {
  return {
    rel: 'audioVideo',
    state,
    _links: {
      self: { href: `${conversationPath}/audioVideo` },
      conversation: { href: conversationPath },
      ...(state === 'Connected' && { stopAudioVideo: { href: `${conversationPath}/audioVideo/stopAudioVideo` } }),
    },
  };
}

export function conversation(conversationPath: string, state: string, threadId: string, subject: string) {
  return {
    rel: 'conversation',
    state,
    threadId,
    subject,
    importance: 'Normal',
    _links: {
      self: { href: conversationPath },
      audioVideo: { href: `${conversationPath}/audioVideo` },
    },
  };
}

export function application(appPath: string, eventsHref: string, user: Person, endpointId: string) {
  return {
    culture: 'en-US',
    endpointId,
    userAgent: 'softphone',
    _links: {
      self: { href: appPath },
      policies: { href: `${appPath}/policies` },
      batch: { href: `${appPath}/batch` },
      events: { href: eventsHref },
    },
    _embedded: {
      me: {
        rel: 'me',
        name: user.name,
        uri: user.uri,
        _links: {
          self: { href: `${appPath}/me` },
          makeMeAvailable: { href: `${appPath}/me/makeMeAvailable` },
          reportMyActivity: { href: `${appPath}/me/reportMyActivity` },
        },
      },
      communication: {
        rel: 'communication',
        supportedModalities: [],
        supportedMessageFormats: ['Plain'],
        _links: {
          self: { href: `${appPath}/communication` },
          conversations: { href: `${appPath}/communication/conversations` },
        },
      },
    },
    rel: 'application',
  };
}
