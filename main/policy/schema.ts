// What an administrator may set for everyone on a machine: the server, how people sign in, which
// features they get, settings locked to the admin's values, and updates. Every key is optional.
import * as z from '../../preload/shared/zod/zod.js';
import { SIGN_IN_METHODS } from '../../preload/shared/contract.js';
import { CHOSEN_AVAILABILITIES } from '../../preload/shared/people.js';
import { DO_NOT_DISTURB, FEATURES, isSafeShortcut, START_AT_LOGIN, TEL_E164, type Feature } from '../../preload/shared/settingsValues.js';

/** https, or http to this machine only (the embedded test service listens on 127.0.0.1). */
const HTTPS_OR_LOOPBACK = /^(?:https:\/\/|http:\/\/(?:localhost|127\.0\.0\.1)(?::\d{1,5})?(?:\/|$))/;

/** A DNS name of at least two labels, as autodiscovery builds LyncDiscover.<domain> from it. */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const rootUrl = z
  .string()
  .max(2048)
  .regex(HTTPS_OR_LOOPBACK, 'must be an https URL (http only for localhost or 127.0.0.1)')
  .refine((value) => URL.canParse(value), 'must be a well-formed URL')
  .describe('The UCWA autodiscover root, e.g. https://lyncdiscover.contoso.com/. https only; http only to localhost or 127.0.0.1.');

const sipDomain = z
  .string()
  .max(253)
  .regex(DOMAIN_NAME, 'must be a DNS name such as contoso.com')
  // Autodiscovery compares host names in lower case.
  .toLowerCase()
  .describe('The SIP domain whose LyncDiscoverInternal and LyncDiscover names find the server, e.g. contoso.com.');

const server = z
  .union(
    [
      z.strictObject({ rootUrl }).describe('A pinned server: its autodiscover root URL.'),
      z.strictObject({ sipDomain }).describe('A server found by autodiscovery for a domain.'),
    ],
    { error: 'must have exactly one of rootUrl or sipDomain' },
  )
  .describe('Which server to sign in to: a pinned root URL or a domain for autodiscovery (exactly one).');

const signIn = z
  .strictObject({
    method: z
      .enum(SIGN_IN_METHODS)
      .describe('password: user name and password (password grant); windows: Windows integrated sign-in (urn:microsoft.rtc:windows).'),
  })
  .describe('How people sign in.');

const FEATURE_USES: Record<Feature, string> = {
  video: 'send and receive video',
  messaging: 'take and send instant messages',
  meetings: 'join online meetings',
  addParticipant: 'add someone to a call',
  declineWithMessage: 'decline a call with an instant message',
  testCall: 'place a test call',
  answerOnPhone: 'answer a call on their phone',
  earlyMedia:
    'have audio calls answered early (early media): the media path is set up while the call rings, which tells the caller this computer’s network addresses before the person answers',
  forwarding:
    'change where their calls go (call forwarding, simultaneous ring, unanswered calls) from this app; false locks it: the current setting is still shown',
};

const features = z
  .strictObject(
    Object.fromEntries(FEATURES.map((name) => [name, z.boolean().default(true).describe(`Whether people may ${FEATURE_USES[name]}. Default true.`)])) as Record<
      Feature,
      z.ZodDefault<z.ZodBoolean>
    >,
  )
  .prefault({})
  .describe('Features people may use; each is allowed unless set to false.');

const settings = z
  .strictObject({
    ringAlsoOnDefault: z.boolean().optional().describe('Ring on the default speaker as well as on the ring device.'),
    doNotDisturb: z.enum(DO_NOT_DISTURB).optional().describe('off; silence: calls ring without sound or notification; decline: calls are declined at once.'),
    answerShortcut: z
      .string()
      .max(64)
      .refine(isSafeShortcut, 'must be two modifiers, one of them not Shift, and one key, e.g. CommandOrControl+Shift+A')
      .optional()
      .describe('The system-wide shortcut that answers the newest ringing call, an Electron accelerator such as CommandOrControl+Shift+A.'),
    ringer: z
      .strictObject({
        label: z.string().min(1).max(512).describe('The device label as the system shows it, e.g. "Speakers (Jabra Speak 510)".'),
      })
      .optional()
      .describe('The ring device, by label (device ids differ from machine to machine); the default speaker when no device has it.'),
    startAtLogin: z
      .enum(START_AT_LOGIN)
      .optional()
      .describe('Whether the app starts when the user signs in to the computer: off, hidden (in the background) or shown.'),
    phoneNumber: z
      .string()
      .regex(TEL_E164, 'must be a tel: URI in E.164 form, e.g. tel:+14255550100')
      .optional()
      .describe(
        'The phone the user is reached on (Answer on my phone) and that Call via my phone rings first, as a tel: URI in E.164 form, e.g. tel:+14255550100. Replaces the numbers the server lists for the user.',
      ),
    signInAs: z
      .enum(CHOSEN_AVAILABILITIES)
      .optional()
      .describe(
        'The status the user signs in as, which colleagues see first: Online, Busy, DoNotDisturb, BeRightBack, Away or Offwork. Without it the user signs in as the status they chose last.',
      ),
    joinMicrophoneOff: z.boolean().optional().describe('Whether the user joins a meeting’s audio with the microphone muted (they may unmute once in).'),
    joinCameraOff: z.boolean().optional().describe('Whether the user joins a meeting’s video with the camera off (they may start it once in).'),
    joinByPhone: z
      .boolean()
      .optional()
      .describe('Whether a meeting’s join screen offers joining with the user’s own phone first (the meeting calls their phone).'),
  })
  .default({})
  .describe('Values for the user’s settings; each one set here is locked: the user cannot change it.');

const history = z
  .strictObject({
    maxAgeDays: z.number().int().min(1).max(365).default(365).describe('How many days an entry of the call history is kept (1 to 365). Default 365.'),
    maxEntries: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(10_000)
      .describe('How many entries the call history keeps at most, the oldest dropped first (0 to 10000; 0 keeps none). Default 10000.'),
    keepMessageContent: z
      .boolean()
      .default(true)
      .describe(
        'Whether the history keeps the last message of an instant-message conversation as its preview. false: no message text is ever stored. Default true.',
      ),
  })
  .prefault({})
  .describe('The call history kept in the user’s data folder (history.sqlite): how long, how much, and whether message text is kept.');

const updates = z
  .strictObject({
    channel: z.enum(['off', 'stable', 'beta']).describe('off: no automatic updates; stable or beta: the release channel to follow.'),
  })
  .default({ channel: 'off' })
  .describe('Automatic updates; off unless the policy turns them on.');

export const policySchema = z.strictObject({
  $schema: z.string().max(2048).optional().describe('The JSON schema this file follows, for editors; the app ignores it.'),
  server: server.optional(),
  signIn: signIn.optional(),
  features,
  settings,
  history,
  updates,
});

export type Policy = z.output<typeof policySchema>;

/** The policy when there is none, or when the file is invalid: every feature allowed, nothing locked, no updates. */
export function defaultPolicy(): Policy {
  return policySchema.parse({});
}
