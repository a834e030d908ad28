// What Core.start takes: the session's options, less what the core gives the session itself, and the core's own.
import type { CallSnapshot } from '../../preload/shared/snapshots.js';
import type { UcwaError } from '../ucwa/errors.js';
import type { LocalServiceOptions } from '../local/service.js';
import type { LoadedPolicy } from '../policy/load.js';
import type { ConfiguredServer } from '../policy/server.js';
import type { Dialect } from './offerDialect.js';
import type { ServerConfig, SessionOptions } from './session.js';

type GivenByCore =
  'onProblem' | 'changed' | 'asOneChange' | 'beforeDisconnect' | 'reachableOn' | 'signInAs' | 'presenceChosen' | 'forwardingChangeAllowed' | 'callEnded';
export type CoreConfig = Omit<SessionOptions, GivenByCore> & {
  /** A fixed server to sign in to at start (diag, tests). */
  server?: ServerConfig;
  /** A server the person signs in to; without this or `server` the app runs on the embedded local service. */
  configured?: ConfiguredServer;
  local?: LocalServiceOptions;
  onProblem?: (error: UcwaError) => void;
  /** Each call that ended (an invitation to add someone among them), once, as it was last: the app logs it. */
  onCallEnded?: (ended: CallSnapshot) => void;
  /** Where the person's settings are kept; without it they last as long as the process. */
  settingsFile?: string;
  /** The history's SQLite file; without it the history lasts as long as the process. */
  historyFile?: string;
  /** The administrator's policy: features, locked settings, and why a policy file was ignored. */
  policy?: LoadedPolicy;
  /**
   * The dialect of audio calls to SIP addresses (offerDialect.ts): by default WebRTC on the embedded local
   * service, whose callees take it, and the Skype for Business dialect through the media bridge elsewhere.
   */
  audioDialect?: Dialect;
};
