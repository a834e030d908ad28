import { DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsChange } from '../../preload/shared/contract.js';
import { applyPolicy, lockedChangeKeys } from '../policy/apply.js';
import type { LoadedPolicy } from '../policy/load.js';
import { readJsonFile, writeJsonFile } from '../storage/jsonFile.js';
import { LockedSettingError } from './errors.js';

/** The person's settings, kept in their file when there is one, under the administrator's policy. */
export class PersonalSettings {
  #settings: Settings;

  constructor(
    private readonly file: string | undefined,
    private readonly policy: LoadedPolicy,
  ) {
    this.#settings = (file && readJsonFile(file, settingsSchema)) || DEFAULT_SETTINGS;
  }

  /** The person's settings with the administrator's values over them, and which keys are locked. */
  effective() {
    return applyPolicy(this.#settings, this.policy.policy);
  }

  /** Merges a change in (null clears a device choice or the shortcut) and keeps it; a locked setting cannot change. */
  update(change: SettingsChange): void {
    const locked = lockedChangeKeys(change, this.effective().locked);
    if (locked.length > 0) throw new LockedSettingError(`Your administrator manages this setting (${locked.join(', ')}).`);
    const merged: Record<string, unknown> = { ...this.#settings };
    for (const [key, value] of Object.entries(change)) {
      if (value === null) delete merged[key];
      else if (value !== undefined) merged[key] = value;
    }
    this.#settings = settingsSchema.parse(merged);
    if (this.file) writeJsonFile(this.file, this.#settings);
  }
}
