// What counts as this machine's loopback in an ICE candidate or a STUN source: werift peers that stay on
// this machine accept only these, and remote SDPs lose them on their way to the renderer. No werift here,
// so the core can ask without loading it.

/** 127.0.0.0/8 (also IPv4-mapped), ::1 in either spelling, and the name localhost. */
export function isLoopbackAddress(address: string): boolean {
  const host = address.toLowerCase();
  return host.startsWith('127.') || host.startsWith('::ffff:127.') || host === '::1' || host === '0:0:0:0:0:0:0:1' || host === 'localhost';
}
