// Named HTTPS hosts on loopback for discovery tests: one server on 127.0.0.1 with a test certificate for
// several names, and a fetch whose DNS answers 127.0.0.1 for exactly those names (anything else: ENOTFOUND).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../main/ucwa/http.js';

export type HostHandler = (request: IncomingMessage, response: ServerResponse, origin: (host: string) => string) => void;

export class TlsHosts {
  readonly #server: Server;
  readonly #cert: string;
  #port = 0;

  constructor(
    private readonly hosts: readonly string[],
    handler: HostHandler,
  ) {
    const dir = mkdtempSync(join(tmpdir(), 'softphone-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=softphone test',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-addext',
          `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
        ],
        { stdio: 'ignore' },
      );
      this.#cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      this.#server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: this.#cert }, (request, response) =>
        handler(request, response, (host) => `https://${host}:${this.#port}`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  origin(host: string): string {
    return `https://${host}:${this.#port}`;
  }

  /** A fetch that trusts the test certificate and resolves only the test hosts, all to 127.0.0.1. */
  fetch(): FetchLike {
    const known = new Set(this.hosts);
    const dispatcher = new Agent({
      connect: {
        ca: this.#cert,
        lookup: (hostname, options, callback) => {
          if (!known.has(hostname)) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
          if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: object[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
          callback(null, '127.0.0.1', 4);
        },
      },
    });
    return (input, init) => undiciFetch(input, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
