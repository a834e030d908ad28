// The person's settings as the windows and the core share them: the schema the core keeps them by, and
// the change a window asks for.
import * as z from './zod/zod.js';
import { CHOSEN_AVAILABILITIES } from './people.js';
import { DO_NOT_DISTURB, isSafeShortcut, START_AT_LOGIN, TEL_E164 } from './settingsValues.js';

/** A device the person chose, by id and label: ids change across restarts, labels mostly do not. */
const deviceChoice = z.strictObject({ id: z.string().max(512), label: z.string().max(512) });

export const settingsSchema = z.strictObject({
  microphone: deviceChoice.optional(),
  camera: deviceChoice.optional(),
  speaker: deviceChoice.optional(),
  ringer: deviceChoice.optional(),
  /** Ring on the default speaker as well as on the ring device. */
  ringAlsoOnDefault: z.boolean(),
  /** off; silence: calls ring without sound or notification; decline: calls are declined at once. */
  doNotDisturb: z.enum(DO_NOT_DISTURB),
  /** The system-wide shortcut that answers the newest ringing call; none when unset. */
  answerShortcut: z.string().max(64).refine(isSafeShortcut, 'not a shortcut with two modifiers and one key').optional(),
  /** Settings files from before this setting existed start with it off. */
  startAtLogin: z.enum(START_AT_LOGIN).default('off'),
  /** The person's own phone (desk or mobile) to be reached on: Answer on my phone, Call via my phone. */
  phoneNumber: z.string().regex(TEL_E164).optional(),
  /** The availability the person signs in as (makeMeAvailable's signInAs): the one they chose last. */
  signInAs: z.enum(CHOSEN_AVAILABILITIES).optional(),
  /** Meetings' audio and video start with the microphone muted, the camera off (joinAudioMuted, joinVideoMuted); the join screen can change it each time. */
  joinMicrophoneOff: z.boolean().default(false),
  joinCameraOff: z.boolean().default(false),
  /** A meeting's join screen offers Join with my phone first (addPhoneAudio: the meeting calls the person's phone). */
  joinByPhone: z.boolean().default(false),
});

/**
 * A change to some settings, merged by the core into what it holds, so two quick changes never undo
 * each other. `null` puts a device back to the system default and removes the shortcut.
 */
export const settingsChangeSchema = z.strictObject({
  microphone: deviceChoice.nullable().optional(),
  camera: deviceChoice.nullable().optional(),
  speaker: deviceChoice.nullable().optional(),
  ringer: deviceChoice.nullable().optional(),
  ringAlsoOnDefault: z.boolean().optional(),
  doNotDisturb: z.enum(DO_NOT_DISTURB).optional(),
  answerShortcut: settingsSchema.shape.answerShortcut.unwrap().nullable().optional(),
  startAtLogin: z.enum(START_AT_LOGIN).optional(),
  /** As the person typed it; the core makes it a tel: URI or refuses it with a sentence. `null` clears it. */
  phoneNumber: z.string().max(64).nullable().optional(),
  signInAs: z.enum(CHOSEN_AVAILABILITIES).optional(),
  joinMicrophoneOff: z.boolean().optional(),
  joinCameraOff: z.boolean().optional(),
  joinByPhone: z.boolean().optional(),
});
export type SettingsChange = z.infer<typeof settingsChangeSchema>;

export type Settings = z.infer<typeof settingsSchema>;
export type DeviceChoice = z.infer<typeof deviceChoice>;
export const DEFAULT_SETTINGS: Settings = {
  ringAlsoOnDefault: false,
  doNotDisturb: 'off',
  answerShortcut: 'CommandOrControl+Shift+A',
  startAtLogin: 'off',
  joinMicrophoneOff: false,
  joinCameraOff: false,
  joinByPhone: false,
};
