// Snapshots for tests that exercise pure functions of the renderer and the desktop adapter.
import { DEFAULT_SETTINGS, type AppSnapshot, type CallSnapshot, type HistoryEntry } from '../../preload/shared/contract.js';
import { ALL_FEATURES_ON } from '../../preload/shared/settingsValues.js';

/** A snapshot's policy part when no administrator policy applies: every feature on, nothing locked. */
export const NO_POLICY: AppSnapshot['policy'] = { features: { ...ALL_FEATURES_ON }, locked: [] };

/** An incoming audio/video call from Ada that rings, with whatever the test changes. */
export const callSnapshot = (id: string, overrides: Partial<CallSnapshot> = {}): CallSnapshot => ({
  id,
  kind: 'audioVideo',
  direction: 'Incoming',
  phase: 'ringing',
  actions: [],
  inLobby: false,
  invitationState: 'Connecting',
  caller: { name: 'Ada Lovelace', uri: 'sip:ada@contoso.com' },
  subject: 'Budget',
  importance: 'Normal',
  startedAt: 0,
  ...overrides,
});

/** A history entry: a missed audio call from Ada, with whatever the test changes. */
export const historyEntry = (id: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id,
  source: 'local',
  kind: 'audio',
  direction: 'Incoming',
  outcome: 'missed',
  name: 'Ada Lovelace',
  address: 'sip:ada@contoso.com',
  startedAt: 0,
  endedAt: 0,
  durationMs: 0,
  ending: 'You missed this call.',
  ...overrides,
});

/** Signed in to the local service, nothing ringing, default settings, with whatever the test changes. */
export const appSnapshot = (overrides: Partial<AppSnapshot> = {}): AppSnapshot => ({
  revision: 1,
  account: { state: 'signedIn', server: 'local' },
  calls: [],
  history: { recent: [] },
  people: { canSearch: true, presence: {} },
  missed: { calls: 0, voicemails: 0 },
  canStartTestCall: true,
  canCall: { audio: true, video: true },
  canStartMessaging: true,
  canCallViaWork: false,
  settings: DEFAULT_SETTINGS,
  policy: NO_POLICY,
  ...overrides,
});
