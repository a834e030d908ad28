import type { EventQueue } from './eventQueue.js';

/** One UCWA application as the service keeps it, with its event channel's queue. */
export type LocalApplication = {
  id: string;
  path: string;
  endpointId: string;
  available: boolean;
  modalities: string[];
  /** Where the user is reached on a phone (makeMeAvailable, then PUT communication), and the version of communication that says so. */
  phoneNumber?: string;
  communicationVersion: number;
  /** Set for an anonymous guest's application: who the guest is and the one meeting it may join. */
  guestId?: string;
  anonymousMeeting?: string;
  events: EventQueue;
};
