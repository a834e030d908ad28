import type { LocalUcwaService } from '../local/service.js';
import type { TestCallPeer } from '../local/testCallPeer.js';

/** Test calls: the embedded local service rings this user from its peer, for a sound and video check with the echo. */
export class TestCalls {
  readonly #peers = new Set<TestCallPeer>();

  async start(localService: LocalUcwaService, video: boolean): Promise<TestCallPeer> {
    // Loaded with the first test call: werift costs memory from then on only.
    const { TestCallPeer } = await import('../local/testCallPeer.js');
    const peer = await TestCallPeer.call(localService, { video, echo: true });
    this.#peers.add(peer);
    void peer.ended.then(() => this.#peers.delete(peer));
    return peer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#peers].map((peer) => peer.close()));
  }
}
