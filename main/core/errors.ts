/** What the person asked for cannot be done now (not signed in, no such link request, no test calls here). */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
}

/** What only a signed-in session has (its calls controller), or UnavailableError saying nobody is signed in. */
export function requireSignedIn<T>(value: T | undefined): T {
  if (value === undefined) throw new UnavailableError('Not signed in');
  return value;
}

/** The person tried to change a setting the administrator locked. */
export class LockedSettingError extends Error {
  override name = 'LockedSettingError';
}
