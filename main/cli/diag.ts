// `diag`: the app's core from a terminal, for IT. Exit codes: 0 done, 1 the server or network failed,
// 2 bad input or usage.
import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { read } from 'read';
import { analyseOffer } from '../../preload/shared/offerAnalysis.js';
import { BridgeRefusal } from '../bridge/refusal.js';
import { readSfbOffer } from '../bridge/sfbOffer.js';
import { UcwaClient } from '../ucwa/client.js';
import { discover, domainOf } from '../ucwa/discovery.js';
import { MalformedError, UcwaError } from '../ucwa/errors.js';
import { parseEventBatch } from '../ucwa/events.js';
import { isInvitationKind, parseInvitation } from '../ucwa/invitations.js';
import { normaliseRel } from '../ucwa/resources.js';
import { parseJsonText } from '../storage/jsonText.js';

const MAX_INPUT_BYTES = 1024 * 1024;
const USER_AGENT = 'Softphone-diag/0.1';

export type DiagIo = {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Asks for a value on the terminal; undefined where there is none (CI, pipes). */
  ask?(question: string, secret: boolean): Promise<string>;
  fetch?: typeof fetch;
};

const USAGE = `Usage: npm run diag -- <command>
  discover <sip-address>   find the UCWA server for an address (LyncDiscoverInternal, then LyncDiscover)
  signin                   sign in and create an application (SOFTPHONE_ROOT_URL or SOFTPHONE_SIP_ADDRESS,
                           SOFTPHONE_USERNAME, SOFTPHONE_PASSWORD; asks for what is missing)
  watch [--for <seconds>]  sign in and print events as they come
  resource <file.json>     parse a resource or event batch and print the normalised result
  sdp <file>               analyse an SDP offer: dialect, media, codecs, whether this client can answer it
                           (Skype for Business offers: through the media bridge, or why not)`;

class UsageError extends Error {}

export async function runDiag(argv: readonly string[], io: DiagIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'discover':
        return await discoverCommand(args, io);
      case 'signin':
        return await withSession(io, async (client) => {
          io.out(json({ signedIn: client.user, application: client.application.self.href, events: client.application.events.href }));
        });
      case 'watch':
        return await watchCommand(args, io);
      case 'resource':
        return await resourceCommand(args, io);
      case 'sdp':
        return await sdpCommand(args, io);
      default:
        throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof MalformedError) {
      io.err(`Bad input: ${error.message}`);
      return 2;
    }
    if (error instanceof UcwaError) {
      io.err(`Failed: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function discoverCommand(args: string[], io: DiagIo): Promise<number> {
  const [address] = args;
  if (!address) throw new UsageError('discover needs a SIP address.');
  const found = await discover(address, { fetch: io.fetch ?? fetch, userAgent: USER_AGENT });
  io.out(json({ domain: found.domain, rootUrl: found.rootUrl.href, userUrl: found.userUrl.href, tried: found.trail }));
  return 0;
}

async function watchCommand(args: string[], io: DiagIo): Promise<number> {
  const forIndex = args.indexOf('--for');
  const seconds = forIndex >= 0 ? Number(args[forIndex + 1]) : undefined;
  if (seconds !== undefined && !(seconds > 0)) throw new UsageError('--for needs a number of seconds.');
  return withSession(
    io,
    async () => {
      io.err(seconds ? `Watching events for ${seconds} s…` : 'Watching events; Ctrl-C to stop.');
      await new Promise<void>((resolve) => {
        const stop = () => {
          clearTimeout(timer);
          process.off('SIGINT', stop);
          resolve();
        };
        const timer = seconds ? setTimeout(stop, seconds * 1000) : undefined;
        process.once('SIGINT', stop);
      });
    },
    (event) => io.out(json(event)),
  );
}

async function resourceCommand(args: string[], io: DiagIo): Promise<number> {
  const text = await readInput(args[0], 'resource needs a JSON file.');
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch {
    throw new MalformedError(args[0] ?? 'file', 'not valid JSON');
  }
  if (!value || typeof value !== 'object') throw new MalformedError(args[0] ?? 'file', 'not a JSON object');
  const record = value as Record<string, unknown>;
  if ('sender' in record || ('_links' in record && !('rel' in record))) return printEventBatch(value, io);
  const rel = typeof record.rel === 'string' ? normaliseRel(record.rel) : '';
  const resource = normalisedResource(rel, value);
  if (!resource) throw new MalformedError('rel', `"${String(record.rel)}" is not an invitation resource this client reads`);
  io.out(json(resource));
  return 0;
}

/** The batch, each embedded resource as `resource` prints it alone; one that does not read is rejected with the batch's own. */
function printEventBatch(value: unknown, io: DiagIo): number {
  const batch = parseEventBatch(value);
  const rejected = batch.rejected.map((error) => error.message);
  const events = batch.events.map((event) => {
    try {
      const resource = event.embedded === undefined ? undefined : normalisedResource(event.rel, event.embedded);
      return resource ? { ...event, embedded: resource } : event;
    } catch (error) {
      if (!(error instanceof MalformedError)) throw error;
      rejected.push(error.message);
      return event;
    }
  });
  io.out(json({ kind: 'events', ...batch, events, rejected }));
  return rejected.length ? 2 : 0;
}

/** An invitation parsed as the client reads it; undefined for a resource of another kind. */
function normalisedResource(rel: string, resource: unknown) {
  return isInvitationKind(rel) ? parseInvitation(rel, resource, new URL('https://resource.invalid/')) : undefined;
}

async function sdpCommand(args: string[], io: DiagIo): Promise<number> {
  const sdp = await readInput(args[0], 'sdp needs an SDP file.');
  const analysis = analyseOffer(sdp);
  if (analysis.viaBridge && analysis.dialect !== 'webrtc') return bridgedSdp(sdp, analysis, io);
  io.out(json(analysis));
  io.err(analysis.answerable ? `This client can answer it (${analysis.dialect}).` : `This client cannot answer it: ${analysis.problem}`);
  return 0;
}

/** A Skype for Business offer: what the media bridge makes of it, as it would on a configured server. */
function bridgedSdp(sdp: string, analysis: ReturnType<typeof analyseOffer>, io: DiagIo): number {
  try {
    const offer = readSfbOffer(sdp, { loopbackOnly: false });
    const bridge = {
      codecs: offer.codecs.map((codec) => `${codec.name}/${codec.clockRate} (${codec.payloadType})`),
      key: { tag: offer.key.tag, mkiBytes: offer.key.mki?.length ?? 0 },
      candidates: { usable: offer.candidates.length, skipped: offer.skippedCandidates },
      rtcpMux: offer.rtcpMux,
      videoDeclined: offer.videoDeclined,
      ...(offer.contentId !== undefined && { processedOfferId: offer.contentId }),
    };
    io.out(json({ ...analysis, bridge }));
    const audio = offer.codecs.filter((codec) => codec.name !== 'telephone-event').map((codec) => codec.name);
    io.err(
      `The media bridge will answer it (${analysis.dialect}): audio passed through as it is (${audio.join(', ')})${offer.videoDeclined ? ', video declined' : ''}.`,
    );
  } catch (error) {
    if (!(error instanceof BridgeRefusal)) throw error;
    io.out(json({ ...analysis, answerable: false, problem: error.sentence, declineReason: error.reason }));
    io.err(`This client cannot answer it: ${error.sentence} (declined with ${error.reason})`);
  }
  return 0;
}

async function readInput(path: string | undefined, usage: string): Promise<string> {
  if (!path) throw new UsageError(usage);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new MalformedError(path, 'no such file');
  if (info.size > MAX_INPUT_BYTES) throw new MalformedError(path, `larger than ${MAX_INPUT_BYTES} bytes`);
  return readFile(path, 'utf8');
}

async function withSession(io: DiagIo, use: (client: UcwaClient) => Promise<void>, onEvent?: (event: unknown) => void): Promise<number> {
  const username = io.env.SOFTPHONE_USERNAME ?? (await ask(io, 'User name: ', false));
  const password = io.env.SOFTPHONE_PASSWORD ?? (await ask(io, 'Password: ', true));
  const fetchImpl = io.fetch ?? fetch;
  let rootUrl: URL;
  if (io.env.SOFTPHONE_ROOT_URL) {
    rootUrl = new URL(io.env.SOFTPHONE_ROOT_URL);
  } else {
    const address = io.env.SOFTPHONE_SIP_ADDRESS ?? (await ask(io, 'SIP address: ', false));
    rootUrl = (await discover(address, { fetch: fetchImpl, userAgent: USER_AGENT })).rootUrl;
  }
  const domains = io.env.SOFTPHONE_SIP_ADDRESS ? [domainOf(io.env.SOFTPHONE_SIP_ADDRESS)] : [rootUrl.hostname];
  const client = await UcwaClient.connect({
    fetch: fetchImpl,
    rootUrl,
    domains,
    credentials: { grant: 'password', username, password },
    identity: { userAgent: USER_AGENT, endpointId: '00000000-0000-4000-8000-00000000d1a9', culture: 'en-US' },
    handlers: {
      onBatch: async (batch) => batch.events.forEach((event) => onEvent?.(event)),
      onResync: async () => io.err('resync'),
      onApplicationReplaced: () => io.err('The application was lost and created again.'),
      onProblem: (error) => io.err(`problem: ${error.message}`),
      onFatal: (error) => io.err(`session ended: ${error.message}`),
    },
  });
  try {
    if (onEvent) client.listen();
    await use(client);
  } finally {
    await client.close();
  }
  return 0;
}

async function ask(io: DiagIo, question: string, secret: boolean): Promise<string> {
  if (!io.ask) throw new UsageError(`${question.replace(/: $/, '')} is needed (set it in the environment).`);
  return io.ask(question, secret);
}

/** JSON with Maps as objects and URLs as strings. */
function json(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v instanceof URL ? v.href : v), 2);
}

async function terminalAsk(question: string, secret: boolean): Promise<string> {
  return read({ prompt: question, silent: secret, replace: secret ? '*' : '', output: process.stderr });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runDiag(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    ...(process.stdin.isTTY && { ask: terminalAsk }),
  });
  process.exit(code);
}
