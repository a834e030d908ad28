// What the local service records of what happened (whom forwarding rang, the logs marked as read, …) for
// tests to read grows with every call: each record keeps only its newest entries, so a service that runs
// long (the browser host, a soak) does not grow without end.

/** The most entries a record of what happened keeps. */
export const RECORDS_KEPT = 100;

/** Appends `items`, then drops the oldest beyond `max`. */
export function appendKeepingNewest<T>(list: T[], items: readonly T[], max = RECORDS_KEPT): void {
  list.push(...items);
  if (list.length > max) list.splice(0, list.length - max);
}
