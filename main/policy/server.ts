import type { CredentialStore } from '../credentials/store.js';
import type { ConfiguredServer } from '../softphone.js';
import type { Policy } from './schema.js';

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
