// How a presence reads and looks: one label and one colour per availability, the same on every screen and
// in the tray.
import { AVAILABILITY_LABELS as LABELS, type Availability, type Presence } from './people.js';

/** What the server says someone is doing, in words; an activity this app does not know is left out. */
const ACTIVITIES: Record<string, string> = {
  InACall: 'In a call',
  InAConference: 'In a meeting',
  InAMeeting: 'In a meeting',
  Presenting: 'Presenting',
  OutOfOffice: 'Out of office',
  UrgentInterruptionsOnly: 'Urgent interruptions only',
};

/** Which colour a dot takes: available, busy, do not disturb, away, or none known. */
export type PresenceTone = 'available' | 'busy' | 'dnd' | 'away' | 'offline';

const TONES: Record<Availability, PresenceTone> = {
  Online: 'available',
  Busy: 'busy',
  DoNotDisturb: 'dnd',
  BeRightBack: 'away',
  Away: 'away',
  Offwork: 'away',
  IdleOnline: 'away',
  IdleBusy: 'busy',
  Offline: 'offline',
  Unknown: 'offline',
};

export function presenceLabel(presence: Presence): string {
  const activity = presence.activity === undefined ? undefined : ACTIVITIES[presence.activity];
  return activity === undefined ? LABELS[presence.availability] : `${LABELS[presence.availability]}, ${activity.toLowerCase()}`;
}

export function presenceTone(presence: Presence): PresenceTone {
  return TONES[presence.availability];
}
