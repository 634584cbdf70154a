// The e2e harness: drives the unmodified Ayame web SDK the way an application does and records what the
// application can observe (SDK callbacks, DataChannel messages, remote tracks) in window.harness.
import { createConnection } from "/sdk/ayame.mjs";

const CHANNEL_LABEL = "e2e";
const events = [];
const received = [];
let connection = null;
let channel = null;
let remoteStream = null;

const record = (kind, detail = {}) => events.push({ kind, ...detail });

function useChannel(dataChannel) {
  channel = dataChannel;
  // addEventListener, because the SDK sets its own onmessage on the channels it manages.
  dataChannel.addEventListener("open", () => record("channelOpen", { label: dataChannel.label }));
  dataChannel.addEventListener("message", (event) => received.push(String(event.data)));
  if (dataChannel.readyState === "open") record("channelOpen", { label: dataChannel.label });
}

async function join({ signalingUrl, roomId, clientId, media = false, standalone, signalingKey, authnMetadata }) {
  const localStream = media ? await navigator.mediaDevices.getUserMedia({ audio: true, video: true }) : null;
  const options = {
    clientId: clientId ?? crypto.randomUUID(),
    iceServers: [],
    audio: { direction: "sendrecv", enabled: media },
    video: { direction: "sendrecv", enabled: media },
    ...(standalone === undefined ? {} : { standalone }),
    ...(signalingKey === undefined ? {} : { signalingKey }),
  };
  connection = createConnection(signalingUrl, roomId, options);
  connection.on("open", async (event) => {
    record("open", { authzMetadata: event.authzMetadata ?? null });
    // Only the peer that sends the offer gets a channel here; the other receives it via "datachannel".
    const created = await connection.createDataChannel(CHANNEL_LABEL);
    if (created) useChannel(created);
  });
  connection.on("datachannel", (dataChannel) => useChannel(dataChannel));
  connection.on("connect", () => record("connect"));
  connection.on("bye", () => record("bye"));
  connection.on("disconnect", (event) => record("disconnect", { reason: event.reason }));
  connection.on("addstream", (event) => {
    remoteStream = event.stream;
    document.getElementById("remote").srcObject = remoteStream;
    record("addstream", {
      kinds: remoteStream
        .getTracks()
        .map((track) => track.kind)
        .sort(),
    });
  });
  const metadata = authnMetadata === undefined ? null : { authnMetadata };
  connection.connect(localStream, metadata).then(
    () => record("connectResolved"),
    (error) => record("connectRejected", { error: String(error) }),
  );
}

async function inboundMedia() {
  const totals = { audioBytes: 0, videoFramesDecoded: 0 };
  const pc = connection?.peerConnection;
  if (!pc) return totals;
  for (const report of (await pc.getStats()).values()) {
    if (report.type !== "inbound-rtp") continue;
    if (report.kind === "audio") totals.audioBytes += report.bytesReceived ?? 0;
    if (report.kind === "video") totals.videoFramesDecoded += report.framesDecoded ?? 0;
  }
  return totals;
}

window.harness = {
  events,
  received,
  join,
  send: (text) => channel.send(text),
  channelState: () => channel?.readyState ?? "none",
  leave: () => connection.disconnect(),
  remoteTrackKinds: () =>
    remoteStream
      ? remoteStream
          .getTracks()
          .map((track) => track.kind)
          .sort()
      : [],
  remoteVideoWidth: () => document.getElementById("remote").videoWidth,
  inboundMedia,
  iceServers: () => connection?.peerConnection?.getConfiguration().iceServers ?? null,
  peerConnectionState: () => connection?.peerConnection?.connectionState ?? "none",
};
