/** What a remembered sign-in holds: the sign-in address, and for the password grant the user name and password. */
export type RememberedSignIn = { address: string; username?: string; password?: string };

/**
 * Where a sign-in is remembered between starts. In the app it is the OS keychain (Electron's
 * safeStorage); nothing secret is ever written in plain text, so where no keychain exists nothing is
 * remembered.
 */
export type CredentialStore = {
  readonly canRemember: boolean;
  load(): RememberedSignIn | undefined;
  save(signIn: RememberedSignIn): void;
  clear(): void;
};
