// JSON shapes of the local service's resources, modelled on the UCWA reference samples (seeds).
import { encodeBase64DataUri } from '../ucwa/dataUri.js';
import { prefixedLinks, type Flavour } from './flavour.js';

/** Why an invitation failed, as its `completed` event says (code, subcode and message). */
export type FailureReason = { code: string; subcode?: string; message: string };

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

export { formEncode, message, messaging, typingEvent } from './messagingResources.js';

/**
 * `addable`: the user may add audio/video to the conversation themselves (a meeting they are in).
 * `withSession`: a connected call links its audioVideoSession (where hold and resume are renegotiated).
 */
export function audioVideo(conversationPath: string, state: string, { addable = false, withSession = false } = {}) {
  const self = `${conversationPath}/audioVideo`;
  const connected = state === 'Connected';
  return {
    rel: 'audioVideo',
    state,
    _links: {
      self: { href: self },
      conversation: { href: conversationPath },
      ...(addable && { addAudioVideo: { href: `${self}/addAudioVideo` } }),
      ...(connected && { stopAudioVideo: { href: `${self}/stopAudioVideo` } }),
      ...(connected && withSession && { audioVideoSession: { href: audioVideoSessionHref(conversationPath) } }),
    },
  };
}

export function audioVideoSessionHref(conversationPath: string): string {
  return `${conversationPath}/audioVideo/audioVideoSession`;
}

/** The media session of a connected call; its renegotiations carry new offers both ways. */
export function audioVideoSession(conversationPath: string, sessionContext: string) {
  const self = audioVideoSessionHref(conversationPath);
  return {
    rel: 'audioVideoSession',
    state: 'Established',
    sessionContext,
    _links: {
      self: { href: self },
      audioVideo: { href: `${conversationPath}/audioVideo` },
      conversation: { href: conversationPath },
      renegotiations: { href: `${self}/renegotiations` },
    },
  };
}

export type RenegotiationFields = {
  href: string;
  conversationPath: string;
  /** Outgoing: the user's new offer; Incoming: the other side's, for the user to answer or dismiss. */
  direction: 'Incoming' | 'Outgoing';
  operationId: string;
  offerSdp: string;
  answerSdp?: string | undefined;
  /** An incoming renegotiation still waiting for the user. */
  awaitingUser: boolean;
};

export function audioVideoRenegotiation(f: RenegotiationFields) {
  return {
    rel: 'audioVideoRenegotiation',
    direction: f.direction,
    operationId: f.operationId,
    _links: {
      self: { href: f.href },
      mediaOffer: { href: encodeBase64DataUri('application/sdp', f.offerSdp) },
      ...(f.answerSdp !== undefined && { mediaAnswer: { href: encodeBase64DataUri('application/sdp', f.answerSdp) } }),
      ...(f.awaitingUser && { answer: { href: `${f.href}/answer` }, dismiss: { href: `${f.href}/dismiss` } }),
      audioVideoSession: { href: audioVideoSessionHref(f.conversationPath) },
      conversation: { href: f.conversationPath },
    },
  };
}

/** The media answer to the user's offer in an outgoing audioVideoInvitation; `early`: early media's, before the call is accepted. */
export function audioVideoNegotiation(invitationHref: string, conversationPath: string, sessionContext: string, answerSdp: string, early = false) {
  return {
    rel: 'audioVideoNegotiation',
    sessionContext,
    _links: {
      self: { href: `${invitationHref}/audioVideoNegotiation` },
      [early ? 'mediaProvisionalAnswer' : 'mediaAnswer']: { href: encodeBase64DataUri('application/sdp', answerSdp) },
      audioVideoInvitation: { href: invitationHref },
      audioVideoSession: { href: audioVideoSessionHref(conversationPath) },
    },
  };
}

/** `meeting`: the conversation is in an online meeting, whose onlineMeeting it links. */
export function conversation(conversationPath: string, state: string, threadId: string, subject: string, { meeting = false } = {}) {
  const live = state === 'Connected' || state === 'Conferenced';
  return {
    rel: 'conversation',
    state,
    threadId,
    subject,
    importance: 'Normal',
    _links: {
      self: { href: conversationPath },
      audioVideo: { href: `${conversationPath}/audioVideo` },
      messaging: { href: `${conversationPath}/messaging` },
      ...(meeting && { onlineMeeting: { href: `${conversationPath}/onlineMeeting` }, phoneAudio: { href: `${conversationPath}/phoneAudio` } }),
      ...(live && { addParticipant: { href: `${conversationPath}/participantInvitations` } }),
    },
  };
}

/** The communication links that start a call; startPhoneAudio: a call via work. */
export type StartLink = 'startAudioVideo' | 'startAudio' | 'startPhoneAudio';

/** One of the user's phones (me/phones). */
export type LocalPhone = { type: 'Work' | 'Mobile' | 'Home' | 'Other'; number: string };

export function phones(appPath: string, listed: readonly LocalPhone[]) {
  const self = `${appPath}/me/phones`;
  return {
    rel: 'phones',
    _links: { self: { href: self } },
    _embedded: {
      phone: listed.map((phone, index) => ({
        rel: 'phone',
        includeInContactCard: false,
        number: phone.number,
        type: phone.type,
        _links: { self: { href: `${self}/${index}` } },
      })),
    },
  };
}

/** The phone audio modality of a call via work: stopped by stopPhoneAudio while it connects or is connected. */
export function phoneAudio(conversationPath: string, state: string) {
  const self = `${conversationPath}/phoneAudio`;
  const live = state === 'Connecting' || state === 'Connected';
  return {
    rel: 'phoneAudio',
    state,
    _links: { self: { href: self }, conversation: { href: conversationPath }, ...(live && { stopPhoneAudio: { href: `${self}/stopPhoneAudio` } }) },
  };
}

/** `communication` as its GET shows it: where the user is reached (phoneNumber) and the modalities they take. */
export function communication(appPath: string, phoneNumber: string | undefined, modalities: readonly string[]) {
  return {
    rel: 'communication',
    supportedModalities: modalities,
    supportedMessageFormats: ['Plain', 'Html'],
    ...(phoneNumber !== undefined && { phoneNumber }),
    ...(modalities.includes('PhoneAudio') && { audioPreference: 'VoipAudio' }),
    _links: { self: { href: `${appPath}/communication` } },
  };
}

/** `messagingFlavour`: the rel startMessaging is offered as, plain or the Trusted Application API's. */
export function application(
  appPath: string,
  eventsHref: string,
  user: Person,
  endpointId: string,
  startLinks: readonly StartLink[],
  messagingFlavour: Flavour,
  peopleLinks: PeopleLinks,
  offersBatch: boolean,
) {
  return {
    culture: 'en-US',
    endpointId,
    userAgent: 'softphone',
    _links: {
      self: { href: appPath },
      policies: { href: `${appPath}/policies` },
      ...(offersBatch && { batch: { href: `${appPath}/batch` } }),
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
          phones: { href: `${appPath}/me/phones` },
          reportMyActivity: { href: `${appPath}/me/reportMyActivity` },
          presence: { href: `${appPath}/me/presence` },
          note: { href: `${appPath}/me/note` },
          location: { href: `${appPath}/me/location` },
          callForwardingSettings: { href: `${appPath}/me/callForwardingSettings` },
        },
      },
      people: people(appPath, peopleLinks),
      communication: {
        rel: 'communication',
        supportedModalities: [],
        supportedMessageFormats: ['Plain'],
        _links: {
          self: { href: `${appPath}/communication` },
          conversations: { href: `${appPath}/communication/conversations` },
          joinOnlineMeeting: { href: `${appPath}/communication/onlineMeetingInvitations` },
          startOnlineMeeting: { href: `${appPath}/communication/startOnlineMeeting` },
          ...prefixedLinks({ startMessaging: { href: `${appPath}/communication/startMessaging` } }, messagingFlavour),
          ...Object.fromEntries(startLinks.map((rel) => [rel, { href: `${appPath}/communication/${rel}` }])),
        },
      },
    },
    rel: 'application',
  };
}

/** Which of people_ref's optional links the service offers: `search` unless a test turns it off. */
export type PeopleLinks = { search: boolean };

/** `people`, the hub of directory search, contacts and colleagues' presence (people_ref). */
export function people(appPath: string, links: PeopleLinks) {
  const self = `${appPath}/people`;
  return {
    rel: 'people',
    _links: {
      self: { href: self },
      ...(links.search && { search: { href: `${self}/search` } }),
      myContacts: { href: `${appPath}/contacts` },
      myGroups: { href: `${appPath}/groups` },
      presenceSubscriptions: { href: `${self}/presenceSubscriptions` },
    },
  };
}

export function contactHref(appPath: string, person: Person): string {
  return `${appPath}/people/${encodeURIComponent(person.uri)}`;
}

/** Where a contact's presence is (contactPresence), under the contact. */
export function contactPresenceHref(contactHref: string): string {
  return `${contactHref}/contactPresence`;
}

/** `phoneAudio`: the application made itself available with PhoneAudio, so it may answer on a phone. */
