// What a session signs in to and with: the server (found or pinned) and what the person entered.
import type { Grant } from '../ucwa/auth.js';
import type { DiscoveryOptions } from '../ucwa/discovery.js';

/**
 * Where the server is: found from the user's SIP address by autodiscovery (remembered in a cache file),
 * or a root URL an administrator pinned.
 */
export type ServerConfig = { credentials: Grant } & (
  | {
      rootUrl: URL;
      /** Where sign-in may follow links from the root (default: the root's own host). */
      domains?: readonly string[];
    }
  | {
      sipAddress: string;
      /** The domain autodiscovery starts from when an administrator set one; else the address's. */
      discoveryDomain?: string;
      discoveryCacheFile: string;
      discovery?: Pick<DiscoveryOptions, 'candidates' | 'extraDomains'>;
    }
);

/** What the person entered to sign in. */
export type SignInEntry = { address: string; username?: string; password?: string; remember: boolean };
