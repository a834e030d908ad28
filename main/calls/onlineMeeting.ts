// The onlineMeeting resource of a meeting the user is in (read-only: onlineMeeting_ref): its join link,
// conference ID and organiser, and its phoneDialInInformation (the numbers phone callers dial), as the
// meeting's info panel shows them.
import { z } from 'zod';
import type { DialIn, MeetingInfo } from '../../preload/shared/contract.js';
import { linksSchema, parseWith, readLinks } from '../ucwa/resources.js';

const onlineMeetingSchema = z.looseObject({
  joinUrl: z.string().max(2048).optional(),
  conferenceId: z.string().max(64).optional(),
  organizerName: z.string().max(256).optional(),
  _links: linksSchema.optional(),
});

/** The meeting's facts; a join link that is not https is left out (the person copies it to others). */
export function readOnlineMeeting(json: unknown): { info: MeetingInfo; dialInHref?: string } {
  const meeting = parseWith(onlineMeetingSchema, json, 'onlineMeeting');
  const links = readLinks(meeting._links);
  const joinUrl = meeting.joinUrl !== undefined && /^https:\/\/[^\s]+$/i.test(meeting.joinUrl) ? meeting.joinUrl : undefined;
  const dialInHref = links.get('phoneDialInInformation');
  return {
    info: {
      ...(joinUrl !== undefined && { joinUrl }),
      ...(meeting.conferenceId && { conferenceId: meeting.conferenceId }),
      ...(meeting.organizerName && { organizerName: meeting.organizerName }),
    },
    ...(dialInHref !== undefined && { dialInHref }),
  };
}

const NUMBER = z.string().min(1).max(64);
const dialInSchema = z.looseObject({
  conferenceId: z.string().max(64).optional(),
  tollNumber: NUMBER.optional(),
  tollFreeNumbers: z.array(NUMBER).max(20).optional(),
  defaultRegion: z.string().max(128).optional(),
});

/** phoneDialInInformation: the conference ID and numbers to dial in with; at most 10 toll-free numbers are kept. */
export function readDialIn(json: unknown): DialIn {
  const dialIn = parseWith(dialInSchema, json, 'phoneDialInInformation');
  return {
    ...(dialIn.conferenceId && { conferenceId: dialIn.conferenceId }),
    ...(dialIn.tollNumber !== undefined && { tollNumber: dialIn.tollNumber }),
    tollFreeNumbers: (dialIn.tollFreeNumbers ?? []).slice(0, 10),
    ...(dialIn.defaultRegion && { region: dialIn.defaultRegion }),
  };
}
