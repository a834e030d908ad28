import type { CredentialStore } from '../credentials/store.js';
import type { SignInMethod } from '../../preload/shared/contract.js';
import type { DiscoveryOptions } from '../ucwa/discovery.js';
import type { Policy } from './schema.js';

/**
 * A server the administrator configured (the admin policy): the person signs in to it with what they
 * enter, or with the sign-in remembered in the OS keychain.
 */
export type ConfiguredServer = {
  location: { rootUrl: URL } | { sipDomain: string };
  method: SignInMethod;
  discoveryCacheFile: string;
  discovery?: Pick<DiscoveryOptions, 'candidates' | 'extraDomains'>;
  credentials: CredentialStore;
};

/** The server the policy names, signed in to as it says (the password grant unless it says Windows); none without one. */
export function configuredServer(policy: Policy, keep: { discoveryCacheFile: string; credentials: CredentialStore }): ConfiguredServer | undefined {
  const { server } = policy;
  if (!server) return undefined;
  return {
    location: 'rootUrl' in server ? { rootUrl: new URL(server.rootUrl) } : { sipDomain: server.sipDomain },
    method: policy.signIn?.method ?? 'password',
    ...keep,
  };
}
