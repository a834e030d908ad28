// Media from the caller is taken only from where ICE found them: a datagram that is not STUN, reaching one
// of the caller leg's host sockets from an address that is not the remote end of a candidate pair whose
// connectivity check succeeded (ICE's valid list: our check there was answered with the caller's ICE
// password), on that socket, is dropped before any cryptography; refusing a forged SRTP packet by its tag
// costs the HMAC and a throw. Not the selected pair alone: with aggressive nomination, which werift's
// controlling agent uses and RFC 5245 allows, each side may select a different valid pair and the caller
// sends on its own. STUN goes through untouched, so connectivity checks from anywhere are still answered
// (RFC 8445 §7.3). What a TURN relay hands over is limited by the relay to the peers it has permissions for.
//
// werift's agent hands data over without its source address (Connection.onData), so the filter sits on
// each host socket's receive callback, in front of werift's own STUN and data demultiplexing.
import { CandidatePairState, StunProtocol, type Connection } from 'werift';

/** RFC 7983 §7: a first byte of 0–3 is STUN; RTP and RTCP start at 128. */
const isStun = (data: Buffer) => data.length > 0 && data[0]! < 4;

export function takeMediaFromValidPairsOnly(agent: Connection, dropped: () => void): void {
  // werift keeps its sockets private; the agent's host sockets are those of its StunProtocols.
  const protocols: unknown[] = agent['protocols'];
  for (const protocol of protocols) {
    if (!(protocol instanceof StunProtocol)) continue;
    const { transport } = protocol;
    const deliver = transport.onData;
    transport.onData = (data, from) => {
      if (isStun(data) || fromValidPair(agent, protocol, from)) deliver(data, from);
      else dropped();
    };
  }
}

function fromValidPair(agent: Connection, protocol: StunProtocol, [host, port]: readonly [string, number]): boolean {
  return agent.checkList.some(
    (pair) => pair.state === CandidatePairState.SUCCEEDED && pair.protocol === protocol && pair.remoteAddr[0] === host && pair.remoteAddr[1] === port,
  );
}
