// What the demo shows about the peer connection, so an operator can check TURN with two tabs: the ICE servers
// the page got (from `accept`, else none), and whether the connection runs directly or through a relay.

/** The ICE servers of the SDK's RTCPeerConnection, one line each, credentials never shown. */
export function describeIceServers(peerConnection) {
  const servers = peerConnection?.getConfiguration().iceServers ?? [];
  if (servers.length === 0) return "none (host candidates only)";
  return servers
    .map((server) => {
      const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
      return `${urls.join(", ")}${server.username ? " (with credentials)" : ""}`;
    })
    .join("\n");
}

/**
 * The selected candidate pair from getStats(): its local and remote candidate types, and what they mean.
 * https://www.w3.org/TR/webrtc-stats/#dom-rtctransportstats-selectedcandidatepairid
 */
export async function describeRoute(peerConnection) {
  if (!peerConnection) return "not connected";
  const stats = await peerConnection.getStats();
  let pair;
  for (const report of stats.values()) {
    if (report.type === "transport" && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
  }
  // Browsers without selectedCandidatePairId mark the pair itself.
  pair ??= [...stats.values()].find(
    (report) =>
      report.type === "candidate-pair" && (report.selected || report.nominated) && report.state === "succeeded",
  );
  if (!pair) return "not connected yet";
  const local = stats.get(pair.localCandidateId)?.candidateType ?? "?";
  const remote = stats.get(pair.remoteCandidateId)?.candidateType ?? "?";
  const types = `${local} ↔ ${remote}`;
  if (local === "relay" || remote === "relay") return `relayed through TURN (${types})`;
  if (local === "host" && remote === "host") return `direct (${types})`;
  return `direct, through NAT (${types})`;
}
