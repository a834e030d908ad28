// The onlineMeeting resource of a meeting the user is in (read-only: onlineMeeting_ref): its join link,
// conference ID and organiser, and its phoneDialInInformation (the numbers phone callers dial), as the
// meeting's info panel shows them.
import * as z from '../../preload/shared/zod/zod.js';
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

/** A number or name as the server gives it; an empty one counts as absent. */
const TEXT = z
  .string()
  .max(128)
  .transform((text) => text.trim() || undefined);
const MOST_NUMBERS = 10;

const dialInSchema = z.looseObject({
  conferenceId: TEXT.optional(),
  tollNumber: TEXT.optional(),
  tollFreeNumbers: z.array(TEXT).max(100).optional(),
  defaultRegion: TEXT.optional(),
  _embedded: z
    .looseObject({
      dialInRegion: z
        .array(z.looseObject({ name: TEXT.optional(), number: TEXT.optional() }))
        .max(100)
        .optional(),
    })
    .optional(),
});

/**
 * phoneDialInInformation: the conference ID, the Audio Conference Provider's numbers (tollNumber,
 * tollFreeNumbers) and the server's own (each dialInRegion's number, one the toll number repeats left
 * out); at most 10 of each kept.
 */
export function readDialIn(json: unknown): DialIn {
  const dialIn = parseWith(dialInSchema, json, 'phoneDialInInformation');
  const present = <T>(values: (T | undefined)[]) => values.filter((value): value is T => value !== undefined).slice(0, MOST_NUMBERS);
  const regions = present(
    (dialIn._embedded?.dialInRegion ?? []).map(({ name, number }) =>
      number === undefined || number === dialIn.tollNumber ? undefined : { number, ...(name !== undefined && { name }) },
    ),
  );
  return {
    ...(dialIn.conferenceId !== undefined && { conferenceId: dialIn.conferenceId }),
    ...(dialIn.tollNumber !== undefined && { tollNumber: dialIn.tollNumber }),
    tollFreeNumbers: present(dialIn.tollFreeNumbers ?? []),
    regions,
    ...(dialIn.defaultRegion !== undefined && { region: dialIn.defaultRegion }),
  };
}
