// Signaling frames of realistic sizes: an `offer` of about 2 KB and a `candidate` of about 200 bytes.

const SDP_LINES = [
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0 1",
  "a=extmap-allow-mixed",
  "a=msid-semantic: WMS stream",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
  "c=IN IP4 0.0.0.0",
  "a=rtcp:9 IN IP4 0.0.0.0",
  "a=ice-ufrag:sXb4",
  "a=ice-pwd:3mCvb6Ve5dzbgLVmBHkd8QJ0",
  "a=ice-options:trickle",
  "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08",
  "a=setup:actpass",
  "a=mid:0",
  "a=sendrecv",
  "a=rtcp-mux",
  "a=rtpmap:111 opus/48000/2",
  "a=fmtp:111 minptime=10;useinbandfec=1",
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99 100 101",
  "c=IN IP4 0.0.0.0",
  "a=mid:1",
  "a=sendrecv",
  "a=rtcp-mux",
  "a=rtcp-rsize",
  "a=rtpmap:96 VP8/90000",
  "a=rtcp-fb:96 goog-remb",
  "a=rtcp-fb:96 transport-cc",
  "a=rtcp-fb:96 ccm fir",
  "a=rtcp-fb:96 nack",
  "a=rtcp-fb:96 nack pli",
];

function sdpOfSize(bytes: number): string {
  let sdp = "";
  for (let i = 0; sdp.length < bytes; i++) sdp += `${SDP_LINES[i % SDP_LINES.length]}\r\n`;
  return sdp.slice(0, bytes);
}

export const OFFER_FRAME = JSON.stringify({ type: "offer", sdp: sdpOfSize(2000) });
export const ANSWER_FRAME = JSON.stringify({ type: "answer", sdp: sdpOfSize(1800) });
export const CANDIDATE_FRAME = JSON.stringify({
  type: "candidate",
  ice: {
    candidate:
      "candidate:842163049 1 udp 1677729535 127.0.0.1 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sXb4 network-cost 999",
    sdpMid: "0",
    sdpMLineIndex: 0,
    usernameFragment: "sXb4",
  },
});
