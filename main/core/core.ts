// The main-process core, without Electron: signs in (to a configured server or the local service), runs the calls controller and
// publishes snapshots. The Electron adapter, the browser host and diag start it the same way; each job is a module beside this one.
import type { AppSnapshot, MyPhone, SettingsChange } from '../../preload/shared/contract.js';
import type { LoadedPolicy } from '../policy/load.js';
import { defaultPolicy } from '../policy/schema.js';
import type { BridgeStats } from '../bridge/mediaBridge.js';
import type { CallsController } from '../calls/controller.js';
import type { CallForwarding } from '../forwarding/callForwarding.js';
import { phoneNumberOf, type CallTarget } from '../calls/callTargets.js';
import { startsOffered } from '../calls/startLinks.js';
import type { LocalUcwaService } from '../local/service.js';
import type { TestCallPeer } from '../local/testCallPeer.js';
import type { ConversationLogs } from '../conversationLogs/conversationLogs.js';
import type { ContinueHow } from '../conversationLogs/pastLogs.js';
import type { Meetings } from '../meetings/meetings.js';
import { History } from '../history/history.js';
import { NOBODY, type People } from '../people/people.js';
import { UcwaError } from '../ucwa/errors.js';
import { AnswerHandOff } from './answerHandOff.js';
import { Bridging } from './bridging.js';
import { requireSignedIn, UnavailableError } from './errors.js';
import { LinkRequests, type LinkRequestEntry } from './linkRequests.js';
import { myPhone } from './myPhone.js';
import { PersonalSettings } from './personalSettings.js';
import { PresenceChoices } from './presenceChoices.js';
import { tellServerOfSettings } from './settingsOnServer.js';
import { Session, type ServerConfig, type SignInEntry } from './session.js';
import type { CoreConfig } from './coreConfig.js';
import { SnapshotPublisher, type SnapshotContent } from './snapshots.js';
import { TestCalls } from './testCalls.js';
import { TurnAway } from './turnAway.js';

export { LockedSettingError, UnavailableError } from './errors.js';
export { MyPresenceInputError, MyPresenceUnavailableError } from '../people/myPresenceErrors.js';
export type { ServerConfig, SignInEntry } from './session.js';
export type { ConfiguredServer } from '../policy/server.js';
export type { CoreConfig } from './coreConfig.js';

export class Core {
  readonly #policy: LoadedPolicy;
  readonly #session: Session;
  readonly #settings: PersonalSettings;
  readonly #history: History;
  readonly #links = new LinkRequests(() => this.#snapshots.changed());
  readonly #handOff = new AnswerHandOff();
  readonly #turnAway: TurnAway;
  readonly #bridging: Bridging;
  readonly #testCalls = new TestCalls();
  readonly #snapshots = new SnapshotPublisher(() => this.#buildSnapshot());
  readonly #onProblem: (error: UcwaError) => void;

  private constructor(
    config: CoreConfig,
    readonly localService: LocalUcwaService | undefined,
  ) {
    this.#policy = config.policy ?? { policy: defaultPolicy() };
    this.#onProblem = (error: UcwaError) => config.onProblem?.(error);
    const changed = () => this.#snapshots.changed();
    this.#settings = new PersonalSettings(config.settingsFile, this.#policy);
    this.#history = History.open(config.historyFile, this.#policy.policy.history, changed);
    const choices = new PresenceChoices(this.#settings, changed);
    this.#bridging = new Bridging({
      loopbackOnly: localService !== undefined,
      audioDialect: config.audioDialect ?? (localService ? 'webRtc' : 'skypeForBusiness'),
      calls: () => this.#session.calls,
      client: () => this.#session.client,
      answerOnPhoneAllowed: () => this.#policy.policy.features.answerOnPhone,
      changed,
      onProblem: this.#onProblem,
    });
    this.#session = new Session(
      {
        ...config,
        onProblem: this.#onProblem,
        changed,
        asOneChange: (apply) => this.#snapshots.asOne(apply),
        beforeDisconnect: () => this.#bridging.close(),
        callEnded: (call) => {
          this.#history.record(call);
          config.onCallEnded?.(call);
        },
        serverLogged: (entries) => this.#history.add(entries),
        signInAs: () => choices.signInAs(),
        presenceChosen: (availability) => choices.chosen(availability),
        forwardingChangeAllowed: () => this.#policy.policy.features.forwarding,
        reachableOn: (listed) => (this.#policy.policy.features.answerOnPhone ? myPhone(this.#settings.effective(), listed)?.number : undefined),
      },
      localService ? 'local' : 'remote',
    );
    this.#turnAway = new TurnAway(
      (callId) => this.calls.decline(callId, 'Local'),
      (error) => error instanceof UcwaError && this.#onProblem(error),
    );
  }

  /** Starts the core (sign-in problems in the snapshot, not thrown): with a configured server, signed in as remembered, else waiting for `signIn`. */
  static async start(config: CoreConfig): Promise<Core> {
    if (config.configured) {
      const core = new Core(config, undefined);
      core.#session.signInRemembered();
      return core;
    }
    // Loaded only where it runs: a core signed in to a server never needs the embedded service's code.
    const local = config.server ? undefined : new (await import('../local/service.js')).LocalUcwaService(config.local);
    const server: ServerConfig = config.server ?? { rootUrl: await local!.start(), credentials: { grant: 'password', ...local!.credentials } };
    const core = new Core(config, local);
    await core.#session.connect(server);
    return core;
  }

  get calls(): CallsController {
    return requireSignedIn(this.#session.calls);
  }

  /** Search, presence and the contact list of the signed-in session. */
  get people(): People {
    return requireSignedIn(this.#session.people);
  }

  /** The rosters of the meetings the person is in, and a leader's actions on them. */
  get meetings(): Meetings {
    return requireSignedIn(this.#session.meetings);
  }

  /** Call forwarding and the voicemail address of the signed-in session. */
  get forwarding(): CallForwarding {
    return requireSignedIn(this.#session.forwarding);
  }

  /** The calls, meetings and conversations of this and earlier sessions: search and clear. */
  get history(): History {
    return this.#history;
  }

  /** The server's conversation history and the missed calls of the signed-in session. */
  get conversationLogs(): ConversationLogs {
    return requireSignedIn(this.#session.conversationLogs);
  }

  signIn(entry: SignInEntry): Promise<void> {
    return this.#session.signIn(entry);
  }

  async signOut(): Promise<void> {
    await this.#session.signOut();
    this.#links.forget();
  }

  /**
   * Merges a change into the person's settings and keeps them; a setting the administrator locked cannot be
   * changed, and a phone number that is not E.164 is refused with a sentence (CallTargetError). A new
   * number is told to the server (PUT communication), and do-not-disturb sets the status there (PresenceChoices);
   * a server that refuses either is reported, the setting stays.
   */
  async updateSettings(change: SettingsChange): Promise<void> {
    const phoneNumber = typeof change.phoneNumber === 'string' ? phoneNumberOf(change.phoneNumber) : change.phoneNumber;
    const before = this.#myPhone()?.number;
    this.#settings.update({ ...change, ...(phoneNumber !== undefined && { phoneNumber }) });
    this.#snapshots.changed();
    const phone = { before, after: this.#myPhone()?.number, answerOnPhone: this.#policy.policy.features.answerOnPhone };
    await tellServerOfSettings(change, this.#session, phone, this.#onProblem);
  }

  /** Call via my phone (startPhoneAudio, or the continuePhoneAudio of entry `continueFrom`'s log, read once the phone number is known). */
  async callViaWork(to: string, continueFrom?: string): Promise<string> {
    return this.calls.startPhoneAudio(to, this.myPhoneNumber('call via your phone'), await this.continueVia(continueFrom, 'phone'));
  }

  /** The person's own phone (myPhone.ts); an UnavailableError saying to set it in order to `use` it where there is none. */
  myPhoneNumber(use: string): string {
    const phone = this.#myPhone();
    if (phone === undefined) throw new UnavailableError(`Set your phone number in Settings to ${use}.`);
    return phone.number;
  }

  /** A link another application opened: it waits for the person's word (the newest link replaces an older one). */
  requestFromLink(request: LinkRequestEntry): void {
    this.#links.request(request);
  }

  /**
   * The person's word on the link: a meeting is joined only when they accept. A call needs the window's
   * offer, so the window places it (startCall, as Home's Call button does) and then answers the link.
   */
  async answerLinkRequest(id: string, accept: boolean): Promise<void> {
    const request = this.#links.take(id);
    if (accept && request.kind === 'joinMeeting') await this.calls.joinMeeting(request.uri);
  }

  /**
   * Records that the person chose to answer (in the ring window). The main window, which holds the media, sees the
   * choice in the next snapshot and answers with the answer it prepared; a call it answered early is answered here at once.
   */
  chooseAnswer(callId: string, video: boolean): void {
    this.#handOff.choose(this.calls.snapshot().calls, callId, video, (sdp) => this.#bridging.answer(callId, sdp));
    this.#snapshots.changed();
  }

  /** The main window could not answer: the choice goes, so the call can be answered or declined again. */
  answerFailed(callId: string, problem: string): void {
    this.#handOff.failed(callId, problem);
    this.#snapshots.changed();
  }

  /** The answer shortcut: answers the newest call that rings and can be answered here. Returns whether there was one. */
  answerNewestRinging(): boolean {
    const calls = (this.#session.calls?.snapshot().calls ?? []).map((call) => this.#bridging.present(call));
    const newest = this.#handOff.newestToAnswer(calls, this.#policy.policy.features.video);
    if (newest) this.chooseAnswer(newest.callId, newest.video);
    return newest !== undefined;
  }

  /** The renderer's answer (a bridged call's through its bridge, in the caller's dialect); the one sent on the choice, repeated, is that one. */
  answer(callId: string, sdp: string): Promise<void> {
    return this.#handOff.sentAnswer(callId, sdp) ?? this.#bridging.answer(callId, sdp);
  }

  provisionalAnswer(callId: string, sdp: string): Promise<void> {
    return this.#bridging.provisionalAnswer(callId, sdp).then(() => this.#handOff.answeredEarly(callId, sdp));
  }

  /** Calls someone (as typed, or an address the server gave) with the renderer's offer, in the dialect offerDialect.ts decides; resolves with the call's id. */
  startCall(to: string | CallTarget, sdp: string, video: boolean, via?: string): Promise<string> {
    return this.#bridging.startCall(to, sdp, video, via);
  }

  /** Where continuing a Recent entry goes: its server log's continue link for `how` while offered; else a new call or conversation. */
  async continueVia(entryId: string | undefined, how: ContinueHow): Promise<string | undefined> {
    return this.#session.conversationLogs?.continueHref(entryId && this.#history.serverHrefOf(entryId), how);
  }

  /** This side's new offer (hold, resume). Resolves with the answer. */
  renegotiate(callId: string, sdp: string): Promise<string> {
    return this.#bridging.renegotiate(callId, sdp);
  }

  /** A bridged call's packets and time in the bridge each way, for the bench; undefined for other calls. */
  bridgeStats(callId: string): BridgeStats | undefined {
    return this.#bridging.stats(callId);
  }

  /** Asks the local service to ring this user from its test-call peer. */
  async startTestCall(video: boolean): Promise<TestCallPeer> {
    if (!this.localService || this.#session.account.state !== 'signedIn') throw new UnavailableError('Test calls need the embedded local service');
    return await this.#testCalls.start(this.localService, video);
  }

  /** The app as the windows see it. */
  snapshot(): AppSnapshot {
    return this.#snapshots.current();
  }

  /** `first`: before the listeners that are not (SnapshotPublisher.subscribe). */
  subscribe(listener: (snapshot: AppSnapshot) => void, options?: { first?: boolean }): () => void {
    return this.#snapshots.subscribe(listener, options);
  }

  async stop(): Promise<void> {
    await this.#testCalls.close();
    await this.#session.stop();
    await this.localService?.stop();
    this.#history.close();
  }

  #myPhone(): MyPhone | undefined {
    return myPhone(this.#settings.effective(), this.#session.client?.listedPhones ?? []);
  }

  #buildSnapshot(): SnapshotContent {
    const { calls } = this.#session.calls?.snapshot() ?? { calls: [] };
    const history = this.#history.snapshot();
    const effective = this.#settings.effective();
    const { features } = this.#policy.policy;
    this.#bridging.follow(calls);
    this.#session.people?.follow(calls, this.#history.recentPeople());
    this.#session.meetings?.follow(calls, (callId) => this.#session.calls?.conversationOf(callId));
    if (this.#session.calls) this.#turnAway.apply(calls, effective.settings.doNotDisturb === 'decline', features);
    const account = this.#session.account;
    return {
      account: { ...account },
      calls: this.#handOff.present(calls.filter((call) => !this.#turnAway.hides(call)).map((call) => this.#bridging.present(call))),
      history,
      people: this.#session.people?.snapshot() ?? NOBODY,
      ...this.#session.meetings?.snapshot(),
      missed: this.#session.conversationLogs?.missed(history.recent) ?? { calls: 0, voicemails: 0 },
      ...(this.#links.pending && { linkRequest: { ...this.#links.pending } }),
      settings: effective.settings,
      policy: {
        features: { ...features },
        locked: [...effective.locked],
        ...(this.#policy.problem !== undefined && { problem: this.#policy.problem }),
      },
      ...startsOffered(this.#session.client?.communication),
      ...(this.#session.forwarding?.snapshot() && { forwarding: this.#session.forwarding.snapshot() }),
      canCallVoicemail: this.#session.forwarding?.voicemailUri !== undefined,
      ...(this.#myPhone() && { myPhone: this.#myPhone() }),
      canStartTestCall: this.localService !== undefined && account.state === 'signedIn' && features.testCall,
    };
  }
}
