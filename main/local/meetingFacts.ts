// What the local service says of its meetings (onlineMeeting_ref): the read-only onlineMeeting of the
// user's conversation in one, with the join link (https://meet.<domain>/<organiser>/<id>, the form
// meetingLinks.ts reads back), the conference ID phone callers dial and the organiser; and, unless a test
// made the meeting without, its phoneDialInInformation (phoneDialInInformation_ref): made-up 555 numbers.
import { randomInt } from 'node:crypto';
import type { DialInNumbers, MeetingRoom } from './outgoingInvitation.js';

/** A meeting's join link, from its URI (sip:<user>@<domain>;gruu;opaque=app:conf:focus:id:<id>). */
export function joinUrlOf(meetingUri: string): string | undefined {
  const [, user, domain, id] = /^sip:([^@;]+)@([^;]+);gruu;opaque=app:conf:focus:id:([A-Za-z0-9]+)$/.exec(meetingUri) ?? [];
  return user && domain && id ? `https://meet.${domain}/${user}/${id}` : undefined;
}

/** A new meeting's conference ID: seven digits, as phone callers key it in. */
export function newConferenceId(): string {
  return String(randomInt(1_000_000, 10_000_000));
}

export function onlineMeetingJson(room: MeetingRoom, conversationPath: string) {
  const self = `${conversationPath}/onlineMeeting`;
  const joinUrl = joinUrlOf(room.uri);
  const organizerUri = room.uri.split(';')[0] ?? room.uri;
  return {
    rel: 'onlineMeeting',
    accessLevel: room.lobby ? 'Locked' : 'Everyone',
    conferenceId: room.conferenceId,
    ...(joinUrl !== undefined && { joinUrl }),
    onlineMeetingUri: room.uri,
    organizerUri,
    organizerName: room.organizerName ?? organizerUri.replace(/^sip:/, ''),
    subject: room.subject,
    _links: {
      self: { href: self },
      conversation: { href: conversationPath },
      ...(room.dialIn && { phoneDialInInformation: { href: `${self}/phoneDialInInformation` } }),
    },
  };
}

const MADE_UP_DIAL_IN: Required<DialInNumbers> = {
  tollNumber: 'tel:+14255550150',
  tollFreeNumbers: ['tel:+18005550150'],
  regions: [{ name: 'Redmond', number: 'tel:+14255550150' }],
};

export function phoneDialInInformationJson(room: MeetingRoom, conversationPath: string) {
  const self = `${conversationPath}/onlineMeeting/phoneDialInInformation`;
  const numbers = room.dialIn === true || room.dialIn === false ? MADE_UP_DIAL_IN : room.dialIn;
  return {
    rel: 'phoneDialInInformation',
    conferenceId: room.conferenceId,
    defaultRegion: 'Redmond',
    isAudioConferenceProviderEnabled: false,
    ...(numbers.tollNumber !== undefined && { tollNumber: numbers.tollNumber }),
    ...(numbers.tollFreeNumbers !== undefined && { tollFreeNumbers: numbers.tollFreeNumbers }),
    _links: { self: { href: self } },
    _embedded: {
      dialInRegion: (numbers.regions ?? []).map(({ name, number }, index) => ({
        rel: 'dialInRegion',
        languages: ['en-US'],
        name,
        number,
        _links: { self: { href: `${self}/${index + 1}` } },
      })),
    },
  };
}
