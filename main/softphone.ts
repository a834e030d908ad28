// The main-process core, without Electron: signs in (to a configured server or the embedded local
// service), runs the calls controller and publishes snapshots. The Electron adapter, the browser host
// harness and diag all start it the same way.
import { DEFAULT_SETTINGS, settingsSchema, type AccountSnapshot, type AppSnapshot, type Settings, type SettingsChange } from '../preload/contract.js';
import { analyseOffer } from '../renderer/media/sdp.js';
import { readJsonFile, writeJsonFile } from './storage/jsonFile.js';
import { IllegalActionError } from './calls/call.js';
import { CallsController, UnknownCallError } from './calls/controller.js';
import { LocalUcwaService, type LocalServiceOptions } from './local/service.js';
import { TestCallPeer } from './local/testCallPeer.js';
import type { Availability } from './ucwa/application.js';
import { GrantNotOfferedError, SignInRefusedError, type Grant } from './ucwa/auth.js';
import { UcwaClient } from './ucwa/client.js';
import { HttpError, UcwaError } from './ucwa/errors.js';
import { DiscoveryError, domainOf, ONLINE_DOMAINS, type DiscoveryOptions } from './ucwa/discovery.js';
import { DiscoveryCache } from './ucwa/discoveryCache.js';
import type { FetchLike } from './ucwa/http.js';
import { withDiscoveredRoot } from './ucwa/locate.js';

/**
 * Where the server is: found from the user's SIP address by autodiscovery (remembered in a cache file),
 * or a root URL an administrator pinned.
 */
export type ServerConfig = { credentials: Grant } & (
  | { rootUrl: URL }
  | { sipAddress: string; discoveryCacheFile: string; discovery?: Pick<DiscoveryOptions, 'candidates' | 'extraDomains'> }
);

export type SoftphoneConfig = {
  /** A configured server; without one the app runs on the embedded local service. */
  server?: ServerConfig;
  /** With a phone number, calls may be answered on that phone (makeMeAvailable with PhoneAudio). */
  availability?: Availability;
  endpointId: string;
  userAgent: string;
  fetch?: FetchLike;
  local?: LocalServiceOptions;
  eventTimeoutSeconds?: number;
  /** Retry pacing for the event channel and resource GETs (tests use short ones). */
  backoff?: { initialMs: number; maxMs: number };
  onProblem?: (error: UcwaError) => void;
  /** Where the person's settings are kept; without it they last as long as the process. */
  settingsFile?: string;
};

export class UnavailableError extends Error {
  override name = 'UnavailableError';
}

export class Softphone {
  readonly #listeners = new Set<(snapshot: AppSnapshot) => void>();
  readonly #peers = new Set<TestCallPeer>();
  readonly #answerChoices = new Map<string, { video: boolean }>();
  readonly #answerProblems = new Map<string, string>();
  /** Calls do-not-disturb already declined, so each is declined once. */
  readonly #turnedAway = new Set<string>();
  #settings: Settings;
  #account: AccountSnapshot;
  #client: UcwaClient | undefined;
  #calls: CallsController | undefined;

  private constructor(
    private readonly config: SoftphoneConfig,
    readonly localService: LocalUcwaService | undefined,
  ) {
    this.#account = { state: 'signingIn', server: localService ? 'local' : 'remote' };
    this.#settings = (config.settingsFile && readJsonFile(config.settingsFile, settingsSchema)) || DEFAULT_SETTINGS;
  }

  /** Merges a change into the settings (null clears a device choice or the shortcut) and keeps them. */
  updateSettings(change: SettingsChange): void {
    const merged: Record<string, unknown> = { ...this.#settings };
    for (const [key, value] of Object.entries(change)) {
      if (value === null) delete merged[key];
      else if (value !== undefined) merged[key] = value;
    }
    const settings = settingsSchema.parse(merged);
    this.#settings = settings;
    if (this.config.settingsFile) writeJsonFile(this.config.settingsFile, settings);
    this.#publish();
  }

  /** Starts the core; sign-in problems are reported in the snapshot, not thrown. */
  static async start(config: SoftphoneConfig): Promise<Softphone> {
    const local = config.server ? undefined : new LocalUcwaService(config.local);
    const server: ServerConfig = config.server ?? { rootUrl: await local!.start(), credentials: { grant: 'password', ...local!.credentials } };
    const softphone = new Softphone(config, local);
    await softphone.#signIn(server);
    return softphone;
  }

  get calls(): CallsController {
    if (!this.#calls) throw new UnavailableError('Not signed in');
    return this.#calls;
  }

  /**
   * Records that the person chose to answer (in the ring window). The media lives in the main window,
   * which sees the choice in the next snapshot and answers with the answer it prepared.
   */
  chooseAnswer(callId: string, video: boolean): void {
    const call = this.calls.snapshot().calls.find((c) => c.id === callId);
    if (!call) throw new UnknownCallError(`No active call ${callId}`);
    if (call.phase !== 'ringing' || !call.actions.includes('answer')) throw new IllegalActionError(`Cannot answer a call that is ${call.phase}`);
    this.#answerChoices.set(callId, { video });
    this.#answerProblems.delete(callId);
    this.#publish();
  }

  /** The main window could not answer: the choice goes, so the call can be answered or declined again. */
  answerFailed(callId: string, problem: string): void {
    this.#answerChoices.delete(callId);
    this.#answerProblems.set(callId, problem);
    this.#publish();
  }

  /**
   * The answer shortcut: answers the newest call that rings and can be answered here, with video when it
   * offers video. Returns whether there was one.
   */
  answerNewestRinging(): boolean {
    const calls = this.#calls?.snapshot().calls ?? [];
    const newest = calls.filter((call) => call.phase === 'ringing' && call.actions.includes('answer')).at(-1);
    const offer = newest?.offerSdp ? analyseOffer(newest.offerSdp) : undefined;
    if (!newest || !offer?.answerable) return false;
    this.chooseAnswer(newest.id, offer.hasVideo);
    return true;
  }

  snapshot(): AppSnapshot {
    const { calls, recent } = this.#calls?.snapshot() ?? { calls: [], recent: [] };
    const ringing = new Set(calls.filter((call) => call.phase === 'ringing').map((call) => call.id));
    for (const choices of [this.#answerChoices, this.#answerProblems]) {
      for (const id of choices.keys()) if (!ringing.has(id)) choices.delete(id);
    }
    return {
      account: { ...this.#account },
      calls: calls.map((call) => {
        const choice = this.#answerChoices.get(call.id);
        const problem = this.#answerProblems.get(call.id);
        return { ...call, ...(choice && { answerChoice: choice }), ...(problem !== undefined && { answerProblem: problem }) };
      }),
      recent,
      settings: this.#settings,
      canStartMessaging: this.#client?.communication.has('startMessaging') ?? false,
      canStartTestCall: this.localService !== undefined && this.#account.state === 'signedIn',
    };
  }

  subscribe(listener: (snapshot: AppSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Asks the local service to ring this user from its test-call peer. */
  async startTestCall(video: boolean): Promise<TestCallPeer> {
    if (!this.localService || this.#account.state !== 'signedIn') {
      throw new UnavailableError('Test calls need the embedded local service');
    }
    const peer = await TestCallPeer.call(this.localService, { video });
    this.#peers.add(peer);
    void peer.ended.then(() => this.#peers.delete(peer));
    return peer;
  }

  async stop(): Promise<void> {
    this.#calls?.dispose();
    await Promise.all([...this.#peers].map((peer) => peer.close()));
    await this.#client?.close().catch(() => undefined);
    await this.localService?.stop();
  }

  async #signIn(server: ServerConfig): Promise<void> {
    const problem = (error: UcwaError) => this.config.onProblem?.(error);
    const fetchImpl = this.config.fetch ?? fetch;
    const connect = (rootUrl: URL, domains?: readonly string[]) =>
      UcwaClient.connect({
        fetch: fetchImpl,
        rootUrl,
        ...(domains && { domains }),
        credentials: server.credentials,
        ...(this.config.availability && { availability: this.config.availability }),
        identity: { userAgent: this.config.userAgent, endpointId: this.config.endpointId, culture: 'en-US' },
        ...(this.config.eventTimeoutSeconds !== undefined && { eventTimeoutSeconds: this.config.eventTimeoutSeconds }),
        ...(this.config.backoff && { backoff: this.config.backoff }),
        handlers: {
          onBatch: (batch) => this.calls.handleBatch(batch),
          onResync: () => this.calls.resync(),
          onApplicationReplaced: () => this.calls.applicationReplaced(),
          onProblem: problem,
          onFatal: (error) => this.#signedOut(error),
        },
      });
    try {
      if ('rootUrl' in server) {
        this.#client = await connect(server.rootUrl);
      } else {
        const domain = domainOf(server.sipAddress);
        const discovery = { fetch: fetchImpl, userAgent: this.config.userAgent, ...server.discovery };
        const domains = [domain, ...(server.discovery?.extraDomains ?? ONLINE_DOMAINS)];
        const cache = new DiscoveryCache(server.discoveryCacheFile);
        this.#client = await withDiscoveredRoot(server.sipAddress, domain, cache, discovery, (rootUrl) => connect(rootUrl, domains));
      }
      this.#calls = new CallsController(this.#client, {
        onChange: () => {
          this.#turnAwayIfDoNotDisturb();
          this.#publish();
        },
        onProblem: problem,
      });
      this.#client.listen();
      this.#account = { state: 'signedIn', server: this.#account.server, user: this.#client.user };
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      problem(error);
      this.#account = { state: 'failed', server: this.#account.server, problem: signInProblem(error) };
    }
    this.#publish();
  }

  /** Do-not-disturb set to decline: a call that starts ringing is declined at once (reason Local). */
  #turnAwayIfDoNotDisturb(): void {
    if (this.#settings.doNotDisturb !== 'decline' || !this.#calls) return;
    const { calls } = this.#calls.snapshot();
    for (const id of this.#turnedAway) if (!calls.some((call) => call.id === id)) this.#turnedAway.delete(id);
    for (const call of calls) {
      if (call.phase !== 'ringing' || !call.actions.includes('decline') || this.#turnedAway.has(call.id)) continue;
      this.#turnedAway.add(call.id);
      this.#calls.decline(call.id, 'Local').catch((error: unknown) => {
        if (error instanceof UcwaError) this.config.onProblem?.(error);
      });
    }
  }

  #signedOut(error: HttpError): void {
    this.#account = { ...this.#account, state: 'failed', problem: signInProblem(error) };
    this.#publish();
  }

  #publish(): void {
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) listener(snapshot);
  }
}

function signInProblem(error: UcwaError): string {
  if (error instanceof SignInRefusedError) {
    const refused = {
      password: 'The user name or password was not accepted.',
      windows: 'The server did not accept this computer’s Windows sign-in.',
      anonymousMeeting: 'The meeting did not accept this link or key.',
    };
    return refused[error.grant];
  }
  if (error instanceof GrantNotOfferedError) return 'The server does not offer this way of signing in.';
  if (error instanceof DiscoveryError) return 'No Skype for Business server was found for this address.';
  if (error instanceof HttpError && error.status === 410) return `The server ended this session (${error.subcode ?? error.code ?? 'Gone'}).`;
  if (error instanceof HttpError && error.status === 404) return 'The server no longer knows this session.';
  if (error.name === 'NetworkError') return 'The server could not be reached.';
  return `Sign-in failed: ${error.message}`;
}
