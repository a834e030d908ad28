import type { CredentialStore, RememberedSignIn } from '../../main/credentials/store.js';

/** A credential store that keeps the sign-in in memory, standing in for the OS keychain the app uses. */
export class MemoryCredentialStore implements CredentialStore {
  stored: RememberedSignIn | undefined;

  constructor(readonly canRemember = true) {}

  load(): RememberedSignIn | undefined {
    return this.stored;
  }

  save(signIn: RememberedSignIn): void {
    this.stored = { ...signIn };
  }

  clear(): void {
    this.stored = undefined;
  }
}
