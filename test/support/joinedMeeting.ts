import type { Arrival } from '../../main/local/meetingRoster.js';
import type { MeetingOptions } from '../../main/local/outgoing.js';
import type { Person } from '../../main/local/resources.js';
import type { AppSnapshot, MeetingRoster } from '../../preload/shared/contract.js';
import { coreOnService, type CoreOnServiceSetup } from './coreOnService.js';
import { eventually } from './localServer.js';

export type JoinedMeetingSetup = CoreOnServiceSetup & {
  uri: string;
  options?: MeetingOptions;
  /** Who is in the meeting before the core joins it, in the order they came, and how (leader, in the lobby, on video…). */
  people?: ReadonlyArray<Person & { how?: Arrival }>;
  /** How many the roster counts once read (default: everyone in `people`; fewer where a rewrite spoils someone). */
  counted?: number;
};

/**
 * A meeting on the local service with `people` in it, joined from a core signed in to that service
 * (coreOnService), once the core's roster counts them; `rosterOf` reads that roster from a snapshot, the
 * newest by default.
 */
export async function joinedMeeting(
  stops: Array<() => Promise<void>>,
  { uri, options = {}, people = [], counted = people.length, ...setup }: JoinedMeetingSetup,
) {
  const signedIn = await coreOnService(stops, setup);
  const meeting = signedIn.service.createMeeting(uri, options);
  for (const { how, ...person } of people) meeting.roster.arrive(person, how);
  const callId = await signedIn.core.calls.joinMeeting(uri);
  const rosterOf = (snapshot: AppSnapshot = signedIn.core.snapshot()): MeetingRoster | undefined => snapshot.rosters?.[callId];
  await eventually('the roster', () => rosterOf()?.count === counted, 10_000);
  return { ...signedIn, meeting, callId, rosterOf };
}
