// What the core shows the main window of the meetings the person is in: each one's roster. Types only.

/** What a leader may do to a participant, where the server offers the link. */
export type ParticipantAction = 'admit' | 'reject' | 'eject' | 'promote' | 'mute';
export const PARTICIPANT_ACTIONS = ['admit', 'reject', 'eject', 'promote', 'mute'] as const satisfies readonly ParticipantAction[];

export type RosterParticipant = {
  /** The roster's own id for the participant (commands name them by it). */
  id: string;
  name: string;
  uri: string;
  role: 'leader' | 'attendee';
  organizer: boolean;
  inLobby: boolean;
  muted: boolean;
  onVideo: boolean;
  speaking: boolean;
  /** What this person may do to them now (the links the server gave). */
  actions: ParticipantAction[];
  /** Their photo as a data: URI, where the server links one (contactPhoto); initials otherwise. */
  photo?: string;
};

/** The person's own microphone as the meeting has it. */
export type LocalAudio = { mutedByMeeting: boolean; canUnmute: boolean };

export type MeetingRoster = {
  /** The meeting's people, speakers and leaders first, then by name (at most MAX_ROSTER_SHOWN); the lobby's last (at most MAX_LOBBY_SHOWN more). */
  participants: RosterParticipant[];
  /** How many are in the meeting, the lobby's not counted. */
  count: number;
  /** The audience mute lock, and whether this person may turn it on or off. */
  audienceMuteLock: { locked: boolean; canChange: boolean };
  you: LocalAudio;
};

/** The most participants a roster keeps and shows; a larger meeting counts the rest. */
export const MAX_ROSTER_SHOWN = 250;

/** The most people waiting in the lobby a roster keeps and shows besides, however full the meeting, so a leader sees who waits. */
export const MAX_LOBBY_SHOWN = 50;
