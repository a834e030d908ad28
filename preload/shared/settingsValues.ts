// The settings' allowed values, without zod, so the renderer can use them without bundling the schemas.

export const DO_NOT_DISTURB = ['off', 'silence', 'decline'] as const;

/** What an administrator can turn off (the admin policy's `features`); everything is on by default. */
export const FEATURES = [
  'video',
  'messaging',
  'meetings',
  'addParticipant',
  'declineWithMessage',
  'testCall',
  'answerOnPhone',
  'earlyMedia',
  'forwarding',
] as const;
export type Feature = (typeof FEATURES)[number];
export const ALL_FEATURES_ON = Object.fromEntries(FEATURES.map((feature) => [feature, true])) as Readonly<Record<Feature, boolean>>;

/** How people sign in to a server their administrator configured. */
export const SIGN_IN_METHODS = ['password', 'windows'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** Whether the app starts when the person signs in to the computer, and whether its window shows then. */
export const START_AT_LOGIN = ['off', 'hidden', 'shown'] as const;

/** A phone number as the app keeps and sends it: a tel: URI in E.164 form (a country code not starting with 0, 7 to 15 digits in all). */
export const TEL_E164 = /^tel:\+[1-9][0-9]{6,14}$/;

/** An Electron accelerator: modifiers, then one key (letters, digits, F1–F24, a few named keys). */
const ACCELERATOR =
  /^(?:(?:CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+){1,4}(?:[A-Z0-9]|F(?:[1-9]|1\d|2[0-4])|Space|Enter|Insert|Home|End|PageUp|PageDown)$/;

/**
 * Whether an accelerator may be the answer shortcut. It is registered system-wide, so it needs two modifiers, one of them not Shift: a single modifier would take
 * keys other applications live on (Ctrl+C, Alt+F4, Shift+A).
 */
export function isSafeShortcut(accelerator: string): boolean {
  if (!ACCELERATOR.test(accelerator)) return false;
  const modifiers = accelerator.split('+').slice(0, -1);
  return modifiers.length >= 2 && modifiers.some((modifier) => modifier !== 'Shift') && new Set(modifiers).size === modifiers.length;
}
