// The admin's settings over the user's: each value the policy sets wins and is locked.
import type { Settings, SettingsChange } from '../../preload/shared/contract.js';
import type { Policy } from './schema.js';

export type SettingKey = keyof Settings;

export type PolicySettings = { settings: Settings; locked: readonly SettingKey[] };

export function applyPolicy(user: Settings, policy: Policy): PolicySettings {
  const admin = policy.settings;
  const values: Partial<Settings> = {
    ringer: admin.ringer && ringerByLabel(user, admin.ringer.label),
    ringAlsoOnDefault: admin.ringAlsoOnDefault,
    doNotDisturb: admin.doNotDisturb,
    answerShortcut: admin.answerShortcut,
    startAtLogin: admin.startAtLogin,
    phoneNumber: admin.phoneNumber,
    signInAs: admin.signInAs,
    joinMicrophoneOff: admin.joinMicrophoneOff,
    joinCameraOff: admin.joinCameraOff,
    joinByPhone: admin.joinByPhone,
  };
  const overrides = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Settings>;
  return { settings: { ...user, ...overrides }, locked: Object.keys(overrides) as SettingKey[] };
}

/**
 * The admin names the ring device by label; the renderer finds a device by id, else by label. The
 * user's own choice keeps its id when it has that label, which tells apart two devices of one model.
 */
function ringerByLabel(user: Settings, label: string): Settings['ringer'] {
  return user.ringer?.label === label ? user.ringer : { id: '', label };
}

/** The locked settings a change would change (a value or null); the core refuses such a change. */
export function lockedChangeKeys(change: SettingsChange, locked: readonly SettingKey[]): SettingKey[] {
  return locked.filter((key) => change[key] !== undefined);
}
