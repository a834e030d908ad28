// How the person's status on the server and the app's settings go together: the status they choose is the
// one they sign in as next time (unless the administrator set it), and do-not-disturb on the server is
// do-not-disturb in the app. Choosing DoNotDisturb turns the app's do-not-disturb on (silence, when it was
// off: a decline setting is kept), choosing any other status turns it off; the other way, Core.updateSettings
// has the server follow the app's do-not-disturb. Statuses the server sets itself (in a call, idle) change
// neither: only the person's own choices do.
import type { ChosenAvailability, SettingsChange } from '../../preload/shared/contract.js';
import type { PersonalSettings } from './personalSettings.js';

export class PresenceChoices {
  constructor(
    private readonly settings: PersonalSettings,
    private readonly changed: () => void,
  ) {}

  /** makeMeAvailable's signInAs: the administrator's, else DoNotDisturb while the app's is on, else the last chosen. */
  signInAs(): ChosenAvailability {
    const { settings, locked } = this.settings.effective();
    if (locked.includes('signInAs') && settings.signInAs) return settings.signInAs;
    if (settings.doNotDisturb !== 'off') return 'DoNotDisturb';
    return settings.signInAs ?? 'Online';
  }

  /** The person chose a status in this app: it is remembered and do-not-disturb follows, where the administrator did not lock them. */
  chosen(availability: ChosenAvailability): void {
    const { settings, locked } = this.settings.effective();
    const change: SettingsChange = {};
    if (!locked.includes('signInAs')) change.signInAs = availability;
    if (!locked.includes('doNotDisturb')) {
      if (availability === 'DoNotDisturb' && settings.doNotDisturb === 'off') change.doNotDisturb = 'silence';
      if (availability !== 'DoNotDisturb' && settings.doNotDisturb !== 'off') change.doNotDisturb = 'off';
    }
    this.settings.update(change);
    this.changed();
  }
}
