// The session with the server: signs in (to a configured server with what the person entered or
// remembered, or to a fixed server), keeps the client and the calls controller while signed in, retries
// a remembered sign-in that found no network, and signs out.
import type { AccountSnapshot } from '../../preload/shared/contract.js';
import type { ConfiguredServer } from '../policy/server.js';
import { CallsController, type CallsOptions } from '../calls/controller.js';
import { ConversationLogs, type ConversationLogsHooks } from '../conversationLogs/conversationLogs.js';
import { CallForwarding, type CallForwardingOptions } from '../forwarding/callForwarding.js';
import { Meetings } from '../meetings/meetings.js';
import { People, type PeopleOptions } from '../people/people.js';
import { GrantNotOfferedError, SignInRefusedError, type Grant } from '../ucwa/auth.js';
import { UcwaClient, type UcwaClientOptions } from '../ucwa/client.js';
import { domainOf, ONLINE_DOMAINS, pinnedRootDomains } from '../ucwa/discovery.js';
import { DiscoveryCache } from '../ucwa/discoveryCache.js';
import type { HttpError } from '../ucwa/errors.js';
import { UcwaError } from '../ucwa/errors.js';
import type { FetchLike } from '../ucwa/http.js';
import { nodeFetch } from '../ucwa/nodeFetch.js';
import { withDiscoveredRoot } from '../ucwa/locate.js';
import { requireSignedIn, UnavailableError } from './errors.js';
import type { ServerConfig, SignInEntry } from './serverConfig.js';
import { signInProblem } from './signInProblem.js';

export type { ServerConfig, SignInEntry } from './serverConfig.js';

export type SessionOptions = {
  configured?: ConfiguredServer;
  /** The phone calls may be answered on (makeMeAvailable with PhoneAudio), given the numbers the server lists. */
  reachableOn?: UcwaClientOptions['reachableOn'];
  /** The availability to sign in as (makeMeAvailable's signInAs). */
  signInAs?: UcwaClientOptions['signInAs'];
  /** The person chose an availability (see PeopleOptions). */
  presenceChosen?: PeopleOptions['chosen'];
  forwardingChangeAllowed?: CallForwardingOptions['changeAllowed'];
  endpointId: string;
  userAgent: string;
  fetch?: FetchLike;
  eventTimeoutSeconds?: number;
  /** Retry pacing for the event channel and resource GETs (tests use short ones). */
  backoff?: { initialMs: number; maxMs: number };
  onProblem: (error: UcwaError) => void;
  /** The account or the calls changed. */
  changed: () => void;
  /** Applies one event batch as one change: the changes it makes across its awaits are published together. */
  asOneChange: <T>(apply: () => Promise<T>) => Promise<T>;
  /** A call ended (the history keeps it). */
  callEnded?: CallsOptions['onEnded'];
  /** The server's conversation logs read (the history keeps them). */
  serverLogged?: ConversationLogsHooks['onLogged'];
  /** Before the client goes: what hangs on the session's calls stops first. */
  beforeDisconnect: () => Promise<void>;
};

/** Pauses between tries of a remembered sign-in that found no network or no server: 5 s, doubling, at most 5 min. */
const RETRY_FIRST_MS = 5_000;
const RETRY_LONGEST_MS = 5 * 60_000;

export class Session {
  #account: AccountSnapshot;
  #client: UcwaClient | undefined;
  #calls: CallsController | undefined;
  #people: People | undefined;
  forwarding: CallForwarding | undefined;
  /** The rosters of the meetings the person is in, while signed in. */
  meetings: Meetings | undefined;
  #conversationLogs: ConversationLogs | undefined;
  /** Why the last sign-in failed, to tell a refused sign-in from a network that is not up yet. */
  #signInError: UcwaError | undefined;
  #retry: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly options: SessionOptions,
    server: 'local' | 'remote',
  ) {
    const { configured } = options;
    this.#account = configured
      ? { state: 'signedOut', server: 'remote', signIn: signInForm(configured, configured.credentials.load()?.address) }
      : { state: 'signingIn', server };
  }

  get account(): AccountSnapshot {
    return this.#account;
  }

  get client(): UcwaClient | undefined {
    return this.#client;
  }

  /** The calls controller while signed in. */
  get calls(): CallsController | undefined {
    return this.#calls;
  }

  /** People and presence while signed in. */
  get people(): People | undefined {
    return this.#people;
  }

  /** The server's conversation history and missed items while signed in. */
  get conversationLogs(): ConversationLogs | undefined {
    return this.#conversationLogs;
  }

  /**
   * Signs in with the remembered sign-in, if there is one, in the background: the app is up meanwhile. A
   * network or discovery failure (no Wi-Fi or VPN yet at login) is retried with growing pauses; a refused
   * sign-in is forgotten, so a changed password is not tried again and again against the account.
   */
  signInRemembered(attempt = 0): void {
    const configured = this.options.configured;
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
        this.#retry = setTimeout(() => this.signInRemembered(attempt + 1), pause);
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
        ? { rootUrl: configured.location.rootUrl, domains: pinnedRootDomains(configured.location.rootUrl), credentials }
        : {
            sipAddress: address,
            discoveryDomain: configured.location.sipDomain,
            discoveryCacheFile: configured.discoveryCacheFile,
            ...(configured.discovery && { discovery: configured.discovery }),
            credentials,
          };
    // Signing in from here on, before anything is awaited: a second sign-in or a sign-out waits its turn.
    this.#account = { state: 'signingIn', server: 'remote', signIn: signInForm(configured, address) };
    this.options.changed();
    await this.#disconnect();
    await this.connect(server);
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
    await this.#disconnect();
    this.#account = { state: 'signedOut', server: 'remote', signIn: signInForm(configured, this.#account.signIn?.address) };
    this.options.changed();
  }

  /** Signs in to a server; problems are reported in the account, not thrown. */
  async connect(server: ServerConfig): Promise<void> {
    const { options } = this;
    const fetchImpl = options.fetch ?? nodeFetch;
    const connect = (rootUrl: URL, domains?: readonly string[]) =>
      UcwaClient.connect({
        fetch: fetchImpl,
        rootUrl,
        ...(domains && { domains }),
        credentials: server.credentials,
        ...(options.reachableOn && { reachableOn: options.reachableOn }),
        ...(options.signInAs && { signInAs: options.signInAs }),
        identity: { userAgent: options.userAgent, endpointId: options.endpointId, culture: 'en-US' },
        ...(options.eventTimeoutSeconds !== undefined && { eventTimeoutSeconds: options.eventTimeoutSeconds }),
        ...(options.backoff && { backoff: options.backoff }),
        handlers: {
          onBatch: (batch) =>
            options.asOneChange(async () => {
              await this.#signedInCalls().handleBatch(batch);
              await this.#people?.handleBatch(batch);
              await this.forwarding?.handleBatch(batch);
              await this.meetings?.handleBatch(batch);
              this.#conversationLogs?.handleBatch(batch);
            }),
          onResync: () => this.#signedInCalls().resync(),
          onApplicationReplaced: () => {
            this.#signedInCalls().applicationReplaced();
            this.#people?.applicationReplaced();
            void this.#conversationLogs?.reread();
          },
          onProblem: options.onProblem,
          onFatal: (error) => this.#signedOut(error),
        },
      });
    try {
      if ('rootUrl' in server) {
        this.#client = await connect(server.rootUrl, server.domains);
      } else {
        const domain = server.discoveryDomain ?? domainOf(server.sipAddress);
        const discovery = { fetch: fetchImpl, userAgent: options.userAgent, ...server.discovery };
        const domains = [domain, ...(server.discovery?.extraDomains ?? ONLINE_DOMAINS)];
        const cache = new DiscoveryCache(server.discoveryCacheFile);
        this.#client = await withDiscoveredRoot(domain, cache, discovery, (rootUrl) => connect(rootUrl, domains));
      }
      this.#calls = new CallsController(this.#client, { onChange: options.changed, onProblem: options.onProblem, onEnded: options.callEnded });
      this.#people = new People(this.#client, {
        onChange: options.changed,
        onProblem: options.onProblem,
        chosen: (availability) => options.presenceChosen?.(availability),
      });
      const changeAllowed = options.forwardingChangeAllowed ?? (() => true);
      this.forwarding = new CallForwarding(this.#client, { onChange: options.changed, onProblem: options.onProblem, changeAllowed });
      const { cards } = this.#people;
      const { base } = this.#client;
      const photoOf = (href: string) => cards.photo(href, base);
      this.meetings = new Meetings(this.#client, { onChange: options.changed, onProblem: options.onProblem, photoOf });
      // Read before the event channel starts, so that nothing it brings (a session ended) is overwritten below.
      await Promise.all([this.#people.start(), this.forwarding.read()]);
      this.#conversationLogs = new ConversationLogs(this.#client, {
        onChange: options.changed,
        onProblem: options.onProblem,
        ...(options.serverLogged && { onLogged: options.serverLogged }),
      });
      void this.#conversationLogs.start();
      this.#client.listen();
      const { problem: _solved, ...account } = this.#account;
      this.#account = { ...account, state: 'signedIn', user: this.#client.user };
    } catch (error) {
      if (!(error instanceof UcwaError)) throw error;
      options.onProblem(error);
      this.#signInError = error;
      this.#account = { ...this.#account, state: 'failed', problem: signInProblem(error) };
    }
    options.changed();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await this.#disconnect();
  }

  #signedInCalls(): CallsController {
    return requireSignedIn(this.#calls);
  }

  /** Ends the session with the server, if any: its calls stop and its application is deleted. */
  async #disconnect(): Promise<void> {
    this.#calls?.dispose();
    this.#people?.dispose();
    this.meetings?.dispose();
    this.#conversationLogs?.dispose();
    await this.options.beforeDisconnect();
    await this.#client?.close().catch(() => undefined);
    this.#calls = undefined;
    this.#people = this.forwarding = this.meetings = undefined;
    this.#conversationLogs = undefined;
    this.#client = undefined;
  }

  /** The server ended the session: with a remembered sign-in the app signs in again by itself. */
  #signedOut(error: HttpError): void {
    // Nothing of people (subscriptions' renewals, presence GETs) goes on against a session that ended.
    this.#people?.dispose();
    this.meetings?.dispose();
    this.#conversationLogs?.dispose();
    // Where calls forward and the server's history were the ended session's: they come back with the next.
    this.forwarding = this.#conversationLogs = this.meetings = undefined;
    this.#account = { ...this.#account, state: 'failed', problem: signInProblem(error) };
    this.options.changed();
    this.signInRemembered();
  }

  #configured(): ConfiguredServer {
    if (!this.options.configured) throw new UnavailableError('No server is configured to sign in to');
    return this.options.configured;
  }
}

function signInForm(configured: ConfiguredServer, address?: string): NonNullable<AccountSnapshot['signIn']> {
  return { method: configured.method, canRemember: configured.credentials.canRemember, ...(address !== undefined && { address }) };
}
