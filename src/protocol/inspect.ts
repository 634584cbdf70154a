// The inspector's wire protocol (docs/inspector.md): the WebSocket subprotocol it asks for. A browser, which
// cannot set headers on a WebSocket, sends its token as a second subprotocol, `bearer.<token>`; the server
// answers with this one alone.
export const INSPECT_PROTOCOL = "ayame-inspect";
export const BEARER_PROTOCOL_PREFIX = "bearer.";
