// The demo page: the unmodified Ayame web SDK (public/vendor/ayame.mjs, copied from node_modules) against
// this server. Two tabs in the same room get a peer-to-peer connection with video and a chat DataChannel.

import { describeIceServers, describeRoute } from "/connectionInfo.js";
import { createConnection } from "/vendor/ayame.mjs";

const $ = (id) => document.getElementById(id);
const joinForm = $("join-form");
const roomInput = $("room");
const leaveButton = $("leave");
const chatForm = $("chat-form");
const chatInput = $("chat-input");
const sendButton = $("send");

let connection = null;
let channel = null;
let localStream = null;
let peerLeft = false;
let routeTimer = null;

/** Where the SDK connects: this host, with the room in the query (the SDK never adds it itself). */
function signalingUrl(room) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/signaling?roomId=${encodeURIComponent(room)}`;
}

/** Shows where the SDK will connect, and links to the room's inspector (the room id only; the token is asked there). */
function showRoom(room) {
  $("signaling-url").textContent = signalingUrl(room);
  $("inspect-link").href = `/inspect.html?room=${encodeURIComponent(room)}`;
}

function randomRoom() {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `room-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function setStatus(text) {
  $("status").textContent = text;
}

function log(text) {
  const item = document.createElement("li");
  item.textContent = text;
  $("log").append(item);
  item.scrollIntoView({ block: "nearest" });
}

function chatLine(who, text) {
  const item = document.createElement("li");
  if (who === "You") item.className = "from-you";
  const name = document.createElement("strong");
  name.textContent = `${who}: `;
  item.append(name, text);
  $("chat").append(item);
  item.scrollIntoView({ block: "nearest" });
}

function setJoined(joined) {
  for (const element of joinForm.querySelectorAll("input, #join")) element.disabled = joined;
  leaveButton.disabled = !joined;
}

function setChatEnabled(enabled) {
  chatInput.disabled = !enabled;
  sendButton.disabled = !enabled;
}

function useChannel(dataChannel) {
  channel = dataChannel;
  // addEventListener: the SDK sets its own onmessage on the channels it manages.
  dataChannel.addEventListener("open", () => {
    log(`DataChannel "${dataChannel.label}" open`);
    setChatEnabled(true);
  });
  dataChannel.addEventListener("close", () => setChatEnabled(false));
  dataChannel.addEventListener("message", (event) => chatLine("Peer", String(event.data)));
  if (dataChannel.readyState === "open") setChatEnabled(true);
}

/** Shows how the connection runs now (the selected candidate pair can change), until it ends. */
function watchRoute(current) {
  clearInterval(routeTimer);
  const show = async () => {
    if (connection !== current) return;
    $("route").textContent = await describeRoute(current.peerConnection).catch(() => "unknown");
  };
  // Fire and forget, now and on every tick: show cannot reject (a failed getStats shows as "unknown").
  void show();
  routeTimer = setInterval(show, 2000);
}

function reset() {
  clearInterval(routeTimer);
  $("route").textContent = "not connected";
  for (const track of localStream?.getTracks() ?? []) track.stop();
  localStream = null;
  connection = null;
  channel = null;
  $("local-video").srcObject = null;
  $("remote-video").srcObject = null;
  $("videos").hidden = true;
  setChatEnabled(false);
  setJoined(false);
}

async function join(room, withCamera) {
  setJoined(true);
  peerLeft = false;
  const url = signalingUrl(room);
  showRoom(room);
  history.replaceState(null, "", `?room=${encodeURIComponent(room)}`);

  if (withCamera) {
    try {
      localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      $("local-video").srcObject = localStream;
      $("videos").hidden = false;
    } catch (error) {
      log(`Camera/microphone unavailable (${error.name}); joining with data only`);
    }
  }
  const media = localStream !== null;
  connection = createConnection(url, room, {
    clientId: crypto.randomUUID(),
    iceServers: [],
    audio: { direction: "sendrecv", enabled: media },
    video: { direction: "sendrecv", enabled: media },
  });
  const current = connection;
  current.on("open", async () => {
    log(`Accepted in room "${room}"`);
    // The SDK uses the iceServers of `accept` when there are any, else the (empty) ones given above.
    $("ice-servers").textContent = describeIceServers(current.peerConnection);
    setStatus("Waiting for a peer…");
    // Only the peer that makes the offer creates the channel; the other one gets it via "datachannel".
    const created = await current.createDataChannel("chat");
    if (created) useChannel(created);
  });
  current.on("datachannel", useChannel);
  current.on("connect", () => {
    log("Peer connection established");
    setStatus("Connected to a peer");
    watchRoute(current);
  });
  current.on("addstream", (event) => {
    log("Receiving the peer's audio/video");
    $("remote-video").srcObject = event.stream;
    $("videos").hidden = false;
  });
  current.on("bye", () => {
    peerLeft = true;
    log("The peer left");
    setStatus("The peer left; join again to wait for another");
  });
  current.on("disconnect", (event) => {
    if (connection !== current) return;
    log(`Disconnected: ${event.reason}`);
    if (!peerLeft)
      setStatus(event.reason === "full" ? "The room is full (two peers at most)" : `Disconnected (${event.reason})`);
    reset();
  });

  log(`Connecting to ${url}`);
  setStatus("Connecting…");
  current.connect(localStream).catch((error) => {
    // After a reject or a server close the "disconnect" callback has already reported and reset.
    if (connection !== current) return;
    log(`Could not connect: ${error}`);
    setStatus("Could not reach the signaling server");
    reset();
  });
}

joinForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const room = roomInput.value.trim();
  if (room === "") return;
  // Fire and forget: join reports its own failures (a failed connect on the page and in the log).
  void join(room, joinForm.elements.media.value === "camera");
});

leaveButton.addEventListener("click", async () => {
  const current = connection;
  if (!current) return;
  connection = null;
  await current.disconnect();
  log("Left the room");
  setStatus("Not connected");
  reset();
});

chatForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = chatInput.value;
  if (text === "" || channel?.readyState !== "open") return;
  channel.send(text);
  chatLine("You", text);
  chatInput.value = "";
  chatInput.focus();
});

roomInput.value = new URLSearchParams(location.search).get("room") ?? randomRoom();
showRoom(roomInput.value);
roomInput.addEventListener("input", () => showRoom(roomInput.value.trim()));
