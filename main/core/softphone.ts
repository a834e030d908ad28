// The main-process core, without Electron: signs in (to a configured server or the embedded local
// service), runs the calls controller and publishes snapshots. The Electron adapter, the browser host
// harness and diag all start it the same way.
import {
  DEFAULT_SETTINGS,
  settingsSchema,
  type AccountSnapshot,
  type AppSnapshot,
  type CallSnapshot,
  type LinkRequest,
  type Settings,
  type SettingsChange,
} from '../../preload/shared/contract.js';
import { applyPolicy, lockedChangeKeys } from '../policy/apply.js';
import type { LoadedPolicy } from '../policy/load.js';
import { defaultPolicy } from '../policy/schema.js';
import type { ConfiguredServer } from '../policy/server.js';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';
import { BridgedCalls } from '../bridge/bridgedCalls.js';
import type { CallerAnswer } from '../bridge/mediaBridge.js';
import type { PassthroughStats } from '../bridge/passthrough.js';
import { BridgeRefusal } from '../bridge/refusal.js';
import { relayFromToken, type RelayOptions } from '../bridge/relayToken.js';
import { readJsonFile, writeJsonFile } from '../storage/jsonFile.js';
import { IllegalActionError } from '../calls/call.js';
import { CallsController, RenegotiationFailedError, UnknownCallError } from '../calls/controller.js';
import type { LocalServiceOptions, LocalUcwaService } from '../local/service.js';
import type { TestCallPeer } from '../local/testCallPeer.js';
import type { Availability } from '../ucwa/application.js';
import { GrantNotOfferedError, SignInRefusedError, type Grant } from '../ucwa/auth.js';
import { UcwaClient } from '../ucwa/client.js';
import { HttpError, MalformedError, UcwaError } from '../ucwa/errors.js';
import { DiscoveryError, domainOf, ONLINE_DOMAINS, type DiscoveryOptions } from '../ucwa/discovery.js';
import { DiscoveryCache } from '../ucwa/discoveryCache.js';
import type { FetchLike } from '../ucwa/http.js';
import { withDiscoveredRoot } from '../ucwa/locate.js';
import { newId } from '../ucwa/ids.js';

/**
 * Where the server is: found from the user's SIP address by autodiscovery (remembered in a cache file),
 * or a root URL an administrator pinned.
 */
export type ServerConfig = { credentials: Grant } & (
  | { rootUrl: URL }
  | {
      sipAddress: string;
      /** The domain autodiscovery starts from when an administrator set one; else the address's. */
      discoveryDomain?: string;
      discoveryCacheFile: string;
      discovery?: Pick<DiscoveryOptions, 'candidates' | 'extraDomains'>;
    }
);

export type { ConfiguredServer } from '../policy/server.js';

/** What the person entered to sign in. */
export type SignInEntry = { address: string; username?: string; password?: string; remember: boolean };

export type SoftphoneConfig = {
  /** A fixed server to sign in to at start (diag, tests). */
  server?: ServerConfig;
  /** A server the person signs in to; without this or `server` the app runs on the embedded local service. */
  configured?: ConfiguredServer;
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
  /** The administrator's policy: features, locked settings, and why a policy file was ignored. */
  policy?: LoadedPolicy;
};

const NO_POLICY: LoadedPolicy = { policy: defaultPolicy() };
/** Pauses between tries of a remembered sign-in that found no network or no server: 5 s, doubling, at most 5 min. */
const RETRY_FIRST_MS = 5_000;
const RETRY_LONGEST_MS = 5 * 60_000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class UnavailableError extends Error {
  override name = 'UnavailableError';
}

/** The person tried to change a setting the administrator locked. */
export class LockedSettingError extends Error {
  override name = 'LockedSettingError';
}

export class Softphone {
  readonly #listeners = new Set<(snapshot: AppSnapshot) => void>();
  readonly #peers = new Set<TestCallPeer>();
  readonly #answerChoices = new Map<string, { video: boolean }>();
  readonly #answerProblems = new Map<string, string>();
  /** Calls do-not-disturb already declined, so each is declined once. */
  readonly #turnedAway = new Set<string>();
  /** Why the last sign-in failed, to tell a refused sign-in from a network that is not up yet. */
  #signInError: UcwaError | undefined;
  #retry: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Skype for Business calls, answered through the media bridge. */
  readonly #bridges: BridgedCalls;
  #settings: Settings;
  #account: AccountSnapshot;
  #client: UcwaClient | undefined;
  #calls: CallsController | undefined;
  #linkRequest: LinkRequest | undefined;
  /** The last snapshot built, with its JSON to tell whether the next one differs. */
  #latest: { serialized: string; snapshot: AppSnapshot } | undefined;
  #publishedRevision = 0;

  private constructor(
    private readonly config: SoftphoneConfig,
    readonly localService: LocalUcwaService | undefined,
  ) {
    const { configured } = config;
    this.#account = configured
      ? { state: 'signedOut', server: 'remote', signIn: this.#signInForm(configured, configured.credentials.load()?.address) }
      : { state: 'signingIn', server: localService ? 'local' : 'remote' };
    this.#settings = (config.settingsFile && readJsonFile(config.settingsFile, settingsSchema)) || DEFAULT_SETTINGS;
    this.#bridges = new BridgedCalls({
      // On the embedded local service every caller is on this machine.
      loopbackOnly: localService !== undefined,
      relay: () => this.#relay(),
      changed: () => {
        // A bridge that became ready after its call stopped ringing is closed at once.
        this.#bridges.follow(this.#calls?.snapshot().calls ?? []);
        this.#publish();
      },
      failed: (callId, refusal) => void this.#bridgeFailed(callId, refusal),
      answerCallerOffer: (callId, offerId, sdp) => void this.#reportServerProblems(this.calls.answerRenegotiation(callId, offerId, sdp)),
      refuseCallerOffer: (callId, offerId, reason) => void this.#reportServerProblems(this.calls.dismissRenegotiation(callId, offerId, reason)),
    });
  }

  /**
   * Merges a change into the person's settings (null clears a device choice or the shortcut) and keeps
   * them; a setting the administrator locked cannot be changed.
   */
  updateSettings(change: SettingsChange): void {
    const locked = lockedChangeKeys(change, this.#effectiveSettings().locked);
    if (locked.length > 0) throw new LockedSettingError(`Your administrator manages this setting (${locked.join(', ')}).`);
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

  /**
   * Starts the core; sign-in problems are reported in the snapshot, not thrown. With a configured server
   * it signs in with the remembered sign-in, if there is one, and otherwise waits for `signIn`.
   */
  static async start(config: SoftphoneConfig): Promise<Softphone> {
    const { configured } = config;
    if (configured) {
      const softphone = new Softphone(config, undefined);
      softphone.#signInRemembered();
      return softphone;
    }
    // Loaded only where it runs: a core signed in to a server never needs the embedded service's code.
    const local = config.server ? undefined : new (await import('../local/service.js')).LocalUcwaService(config.local);
    const server: ServerConfig = config.server ?? { rootUrl: await local!.start(), credentials: { grant: 'password', ...local!.credentials } };
    const softphone = new Softphone(config, local);
    await softphone.#signIn(server);
    return softphone;
  }

  /** A link another application opened: it waits for the person's word (the newest link replaces an older one). */
  requestFromLink(request: DistributiveOmit<LinkRequest, 'id'>): void {
    this.#linkRequest = { ...request, id: newId() } as LinkRequest;
    this.#publish();
  }

  /** The person's word on the link: a meeting is joined only when they accept. */
  async answerLinkRequest(id: string, accept: boolean): Promise<void> {
    const request = this.#linkRequest;
    if (request?.id !== id) throw new UnavailableError('That link no longer waits for an answer');
    this.#linkRequest = undefined;
    this.#publish();
    if (accept && request.kind === 'joinMeeting') await this.calls.joinMeeting(request.uri);
  }

  /**
   * Signs in with the remembered sign-in, if there is one, in the background: the app is up meanwhile. A
   * network or discovery failure (no Wi-Fi or VPN yet at login) is retried with growing pauses; a refused
   * sign-in is forgotten, so a changed password is not tried again and again against the account.
   */
  #signInRemembered(attempt = 0): void {
    const configured = this.config.configured;
    const remembered = configured?.credentials.load();
    if (!configured || !remembered || (configured.method === 'password' && remembered.password === undefined)) return;
    this.signIn({ ...remembered, remember: true }).then(
      () => {
        if (this.#account.state === 'signedIn' || this.#stopped) return;
        if (this.#signInError instanceof SignInRefusedError || this.#signInError instanceof GrantNotOfferedError) {
          configured.credentials.clear();
          return;
        }
        const pause = Math.min(RETRY_LONGEST_MS, RETRY_FIRST_MS * 2 ** attempt);
        this.#retry = setTimeout(() => this.#signInRemembered(attempt + 1), pause);
        this.#retry.unref();
      },
      // Someone else is signing in or out meanwhile: they decide.
      () => undefined,
    );
  }

  /** Signs in to the configured server with what the person entered; remembers it only if asked to. */
  async signIn(entry: SignInEntry): Promise<void> {
    const configured = this.#configured();
    if (this.#account.state === 'signingIn' || this.#account.state === 'signedIn') throw new UnavailableError('Already signed in');
    clearTimeout(this.#retry);
    if (configured.method === 'password' && !entry.password) throw new UnavailableError('Enter your password');
    const address = entry.address.trim().replace(/^sip:/i, '');
    const credentials: Grant =
      configured.method === 'windows'
        ? { grant: 'windows' }
        : { grant: 'password', username: entry.username?.trim() || address, password: entry.password ?? '' };
    const server: ServerConfig =
      'rootUrl' in configured.location
        ? { rootUrl: configured.location.rootUrl, credentials }
        : {
            sipAddress: address,
            discoveryDomain: configured.location.sipDomain,
            discoveryCacheFile: configured.discoveryCacheFile,
            ...(configured.discovery && { discovery: configured.discovery }),
            credentials,
          };
    // Signing in from here on, before anything is awaited: a second sign-in or a sign-out waits its turn.
    this.#account = { state: 'signingIn', server: 'remote', signIn: this.#signInForm(configured, address) };
    this.#publish();
    await this.#disconnect();
    await this.#signIn(server);
    if (this.#account.state !== 'signedIn') return;
    if (entry.remember && configured.credentials.canRemember) {
      const password = configured.method === 'password' ? entry.password : undefined;
      configured.credentials.save({ address, ...(entry.username && { username: entry.username }), ...(password && { password }) });
    } else {
      configured.credentials.clear();
    }
  }

  /** Signs out of the configured server (the application is deleted) and forgets the remembered sign-in. */
  async signOut(): Promise<void> {
    const configured = this.#configured();
    if (this.#account.state === 'signingIn') throw new UnavailableError('Signing in: sign out once it is done');
    clearTimeout(this.#retry);
    configured.credentials.clear();
    this.#linkRequest = undefined;
    await this.#disconnect();
    this.#account = { state: 'signedOut', server: 'remote', signIn: this.#signInForm(configured, this.#account.signIn?.address) };
    this.#publish();
  }

  /** Ends the session with the server, if any: its calls stop and its application is deleted. */
  async #disconnect(): Promise<void> {
    this.#calls?.dispose();
    await this.#bridges.close();
    await this.#client?.close().catch(() => undefined);
    this.#calls = undefined;
    this.#client = undefined;
  }

  #configured(): ConfiguredServer {
    if (!this.config.configured) throw new UnavailableError('No server is configured to sign in to');
    return this.config.configured;
  }

  #signInForm(configured: ConfiguredServer, address?: string): NonNullable<AccountSnapshot['signIn']> {
    return { method: configured.method, canRemember: configured.credentials.canRemember, ...(address !== undefined && { address }) };
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
    const calls = (this.#calls?.snapshot().calls ?? []).map((call) => this.#bridges.present(call));
    const newest = calls.filter((call) => call.phase === 'ringing' && call.actions.includes('answer') && !this.#answerChoices.has(call.id)).at(-1);
    const offer = newest?.offerSdp ? analyseOffer(newest.offerSdp) : undefined;
    if (!newest || !offer?.answerable) return false;
    this.chooseAnswer(newest.id, offer.hasVideo && this.#policy.policy.features.video);
    return true;
  }

  /** The person's settings with the administrator's values over them. */
  #effectiveSettings() {
    return applyPolicy(this.#settings, this.#policy.policy);
  }

  get #policy(): LoadedPolicy {
    return this.config.policy ?? NO_POLICY;
  }

  /**
   * The app as the windows see it. A snapshot equal to the last one is that one, revision and all, so
   * nothing is published for a change that changed nothing.
   */
  snapshot(): AppSnapshot {
    const content = this.#buildSnapshot();
    const serialized = JSON.stringify(content);
    if (this.#latest?.serialized !== serialized) this.#latest = { serialized, snapshot: { revision: (this.#latest?.snapshot.revision ?? 0) + 1, ...content } };
    return this.#latest.snapshot;
  }

  #buildSnapshot(): Omit<AppSnapshot, 'revision'> {
    const { calls, recent } = this.#calls?.snapshot() ?? { calls: [], recent: [] };
    const ringing = new Set(calls.filter((call) => call.phase === 'ringing').map((call) => call.id));
    const effective = this.#effectiveSettings();
    for (const choices of [this.#answerChoices, this.#answerProblems]) {
      for (const id of choices.keys()) if (!ringing.has(id)) choices.delete(id);
    }
    return {
      account: { ...this.#account },
      // Calls being turned away never show: no ring, no card, no notification.
      calls: calls
        .filter((call) => !this.#turnedAway.has(call.id))
        .map((call) => {
          const choice = this.#answerChoices.get(call.id);
          const problem = this.#answerProblems.get(call.id);
          return { ...this.#bridges.present(call), ...(choice && { answerChoice: choice }), ...(problem !== undefined && { answerProblem: problem }) };
        }),
      recent,
      ...(this.#linkRequest && { linkRequest: { ...this.#linkRequest } }),
      settings: effective.settings,
      policy: {
        features: { ...this.#policy.policy.features },
        locked: [...effective.locked],
        ...(this.#policy.problem !== undefined && { problem: this.#policy.problem }),
      },
      canStartMessaging: this.#client?.communication.has('startMessaging') ?? false,
      canStartTestCall: this.localService !== undefined && this.#account.state === 'signedIn' && this.#policy.policy.features.testCall,
    };
  }

  subscribe(listener: (snapshot: AppSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Asks the local service to ring this user from its test-call peer, for a sound and video check with the echo. */
  async startTestCall(video: boolean): Promise<TestCallPeer> {
    if (!this.localService || this.#account.state !== 'signedIn') {
      throw new UnavailableError('Test calls need the embedded local service');
    }
    // Loaded with the first test call: werift costs memory from then on only.
    const { TestCallPeer } = await import('../local/testCallPeer.js');
    const peer = await TestCallPeer.call(this.localService, { video, echo: true });
    this.#peers.add(peer);
    void peer.ended.then(() => this.#peers.delete(peer));
    return peer;
  }

  /** The renderer's answer; a bridged call's goes through its bridge, which answers the caller in its own dialect. */
  async answer(callId: string, sdp: string): Promise<void> {
    const bridged = await this.#bridgedAnswer(callId, sdp);
    await this.calls.answer(callId, bridged?.sdp ?? sdp, bridged?.processedOfferId);
  }

  /** Early media, through the bridge like `answer`. */
  async provisionalAnswer(callId: string, sdp: string): Promise<void> {
    const bridged = await this.#bridgedAnswer(callId, sdp);
    await this.calls.provisionalAnswer(callId, bridged?.sdp ?? sdp, bridged?.processedOfferId);
  }

  /** This side's new offer (hold, resume); a bridged call's goes to the caller through its bridge. Resolves with the answer. */
  async renegotiate(callId: string, sdp: string): Promise<string> {
    try {
      return await (this.#bridges.renegotiate(callId, sdp, (callerOffer) => this.calls.renegotiate(callId, callerOffer)) ??
        this.calls.renegotiate(callId, sdp));
    } catch (error) {
      if (error instanceof BridgeRefusal) throw new RenegotiationFailedError(error.sentence);
      throw error;
    }
  }

  /** A bridged call's packets and time in the bridge each way, for the bench; undefined for other calls. */
  bridgeStats(callId: string): PassthroughStats | undefined {
    return this.#bridges.stats(callId);
  }

  async #bridgedAnswer(callId: string, sdp: string): Promise<CallerAnswer | undefined> {
    try {
      return await this.#bridges.answer(callId, sdp);
    } catch (error) {
      if (error instanceof BridgeRefusal) throw new UnavailableError(error.sentence);
      throw error;
    }
  }

  /**
   * The bridge cannot carry a call: one that rings is declined with the documented reason, unless the
   * person can still answer it on their phone (it rings on, saying why); one answered is hung up.
   */
  async #bridgeFailed(callId: string, refusal: BridgeRefusal): Promise<void> {
    const call = this.#calls?.snapshot().calls.find((c) => c.id === callId);
    if (!call) return;
    const onPhone = call.actions.includes('answerOnPhone') && this.#policy.policy.features.answerOnPhone;
    if (call.phase === 'ringing' && !onPhone) await this.#reportServerProblems(this.calls.decline(callId, refusal.reason, refusal.sentence));
    else if (call.phase === 'answering' || call.phase === 'connected') await this.#reportServerProblems(this.calls.hangUp(callId, refusal.sentence));
  }

  /** A request the core makes by itself: the call may have ended or moved on meanwhile, so only the server's problems are reported. */
  async #reportServerProblems(request: Promise<void>): Promise<void> {
    try {
      await request;
    } catch (error) {
      if (error instanceof UcwaError) this.config.onProblem?.(error);
    }
  }

  /** TURN for bridged calls from the server's mediaRelayAccessToken, when it offers one. */
  async #relay(): Promise<RelayOptions | undefined> {
    const client = this.#client;
    const href = client?.communication.get('mediaRelayAccessToken');
    if (!client || href === undefined) return undefined;
    try {
      return relayFromToken((await client.getJson(href)).json);
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      this.config.onProblem?.(error);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await Promise.all([...this.#peers].map((peer) => peer.close()));
    await this.#disconnect();
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
        const domain = server.discoveryDomain ?? domainOf(server.sipAddress);
        const discovery = { fetch: fetchImpl, userAgent: this.config.userAgent, ...server.discovery };
        const domains = [domain, ...(server.discovery?.extraDomains ?? ONLINE_DOMAINS)];
        const cache = new DiscoveryCache(server.discoveryCacheFile);
        this.#client = await withDiscoveredRoot(domain, cache, discovery, (rootUrl) => connect(rootUrl, domains));
      }
      this.#calls = new CallsController(this.#client, {
        onChange: () => {
          this.#bridges.follow(this.#calls?.snapshot().calls ?? []);
          this.#turnAway();
          this.#publish();
        },
        onProblem: problem,
      });
      this.#client.listen();
      const { problem: _solved, ...account } = this.#account;
      this.#account = { ...account, state: 'signedIn', user: this.#client.user };
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      problem(error);
      this.#signInError = error;
      this.#account = { ...this.#account, state: 'failed', problem: signInProblem(error) };
    }
    this.#publish();
  }

  /**
   * Calls that must not ring are declined at once (reason Local), each once: all of them under
   * do-not-disturb set to decline, and invitations to a feature the administrator turned off.
   */
  #turnAway(): void {
    if (!this.#calls) return;
    const declineAll = this.#effectiveSettings().settings.doNotDisturb === 'decline';
    const { features } = this.#policy.policy;
    const turnedOff = (call: CallSnapshot) => (call.kind === 'messaging' && !features.messaging) || (call.kind === 'onlineMeeting' && !features.meetings);
    const { calls } = this.#calls.snapshot();
    for (const id of this.#turnedAway) if (!calls.some((call) => call.id === id)) this.#turnedAway.delete(id);
    for (const call of calls) {
      if (call.phase !== 'ringing' || !call.actions.includes('decline') || this.#turnedAway.has(call.id)) continue;
      if (!declineAll && !turnedOff(call)) continue;
      this.#turnedAway.add(call.id);
      this.#calls.decline(call.id, 'Local').catch((error: unknown) => {
        // Tried again at the next change; meanwhile it stays out of sight.
        this.#turnedAway.delete(call.id);
        if (error instanceof UcwaError) this.config.onProblem?.(error);
      });
    }
  }

  /** The server ended the session: with a remembered sign-in the app signs in again by itself. */
  #signedOut(error: HttpError): void {
    this.#account = { ...this.#account, state: 'failed', problem: signInProblem(error) };
    this.#publish();
    this.#signInRemembered();
  }

  #publish(): void {
    const snapshot = this.snapshot();
    if (snapshot.revision === this.#publishedRevision) return;
    this.#publishedRevision = snapshot.revision;
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
  if (error instanceof MalformedError && error.field === 'sip address') return 'That sign-in address is not in the form name@domain.';
  // Not the error's own text: it names the server's addresses, which the renderer never sees.
  if (error instanceof HttpError) return `The server refused the sign-in (HTTP ${error.status}).`;
  return 'The sign-in failed: the server’s answer could not be read.';
}
