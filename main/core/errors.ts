/** What the person asked for cannot be done now (not signed in, no such link request, no test calls here). */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
}

/** The person tried to change a setting the administrator locked. */
export class LockedSettingError extends Error {
  override name = 'LockedSettingError';
}
