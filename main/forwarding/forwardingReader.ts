// The server's callForwardingSettings (callForwardingSettings_ref, with immediateForwardSettings,
// simultaneousRingSettings and unansweredCallSettings embedded) read into what the app keeps: the
// documented values, the links to change them, and where each setting's contact is. A body that is not
// the documented shape is refused whole with a MalformedError naming the field: a value the app does not
// know could mean calls go somewhere the header does not say.
import * as z from '../../preload/shared/zod/zod.js';
import { linksSchema, parseWith, readLinks, type Links } from '../ucwa/resources.js';

const embedded = <T extends z.ZodRawShape>(shape: T) => z.looseObject({ ...shape, _links: linksSchema.optional() });
const ringDelay = z.number().int().min(0).max(3600);

const settingsSchema = z.looseObject({
  activePeriod: z.enum(['Always', 'Workhours']).optional(),
  activeSetting: z.enum(['None', 'ImmediateForward', 'SimultaneousRing']),
  unansweredCallHandling: z.enum(['Enabled', 'Disabled']).optional(),
  _links: linksSchema.optional(),
  _embedded: z.looseObject({
    immediateForwardSettings: embedded({ target: z.enum(['None', 'Contact', 'Delegates', 'Voicemail']) }).optional(),
    simultaneousRingSettings: embedded({ target: z.enum(['None', 'Contact', 'Delegates', 'Team']), ringDelay: ringDelay.optional() }).optional(),
    unansweredCallSettings: embedded({ target: z.enum(['None', 'Contact', 'Voicemail']), ringDelay: ringDelay.optional() }).optional(),
  }),
});

/** One embedded setting: its target, its delay where it has one, and its links (the POSTs, `contact`). */
export type ReadSetting<Target extends string> = { target: Target; ringDelay: number; links: Links };

export type ReadForwarding = {
  activeSetting: 'None' | 'ImmediateForward' | 'SimultaneousRing';
  workHoursOnly: boolean;
  unansweredHandled: boolean;
  /** turnOffCallForwarding and self. */
  links: Links;
  immediate: ReadSetting<'None' | 'Contact' | 'Delegates' | 'Voicemail'>;
  simultaneous: ReadSetting<'None' | 'Contact' | 'Delegates' | 'Team'>;
  unanswered: ReadSetting<'None' | 'Contact' | 'Voicemail'>;
};

export function readForwarding(json: unknown): ReadForwarding {
  const raw = parseWith(settingsSchema, json, 'callForwardingSettings');
  const { immediateForwardSettings: immediate, simultaneousRingSettings: simultaneous, unansweredCallSettings: unanswered } = raw._embedded;
  return {
    activeSetting: raw.activeSetting,
    workHoursOnly: raw.activePeriod === 'Workhours',
    unansweredHandled: raw.unansweredCallHandling !== 'Disabled',
    links: readLinks(raw._links),
    immediate: { target: immediate?.target ?? 'None', ringDelay: 0, links: readLinks(immediate?._links) },
    simultaneous: { target: simultaneous?.target ?? 'None', ringDelay: simultaneous?.ringDelay ?? 0, links: readLinks(simultaneous?._links) },
    unanswered: { target: unanswered?.target ?? 'None', ringDelay: unanswered?.ringDelay ?? 0, links: readLinks(unanswered?._links) },
  };
}

/** policies' voicemailUri: a SIP URI with parameters (`;opaque=app:voicemail`) but no headers, spaces or control characters. */
const VOICEMAIL_URI = /^sip:[A-Za-z0-9_+'.-]{1,64}@[A-Za-z0-9.-]{1,253}(;[A-Za-z0-9_.:=-]{1,64}){0,4}$/;
const policiesSchema = z.looseObject({ voicemailUri: z.string().max(512).optional() });

/** The voicemail address in a policies resource; one that is not a plain SIP URI is refused with a MalformedError. */
export function readVoicemailUri(json: unknown): string | undefined {
  const { voicemailUri } = parseWith(policiesSchema, json, 'policies');
  if (voicemailUri === undefined || voicemailUri === '') return undefined;
  return parseWith(z.string().regex(VOICEMAIL_URI), voicemailUri, 'policies.voicemailUri');
}
