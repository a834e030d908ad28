// What the person asked of their own presence that cannot be done, each with a sentence to show.

/** A value the server would refuse (a location over 60 characters), refused before anything is sent. */
export class MyPresenceInputError extends Error {
  override name = 'MyPresenceInputError';
}

/** The server offers no link to set it (an anonymous meeting guest, a server without it). */
export class MyPresenceUnavailableError extends Error {
  override name = 'MyPresenceUnavailableError';
}
