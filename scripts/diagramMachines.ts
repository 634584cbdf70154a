// The machines that get a diagram in docs/, and how their labels are drawn.
import { connectionMachine } from "../machines/connection";
import { roomMachine } from "../machines/room";
import type { DiagramMachine } from "./statechartDocs";
import type { DiagramOptions } from "./statechartLabels";

export const diagramMachines: DiagramMachine[] = [
  { name: "connection", machine: connectionMachine },
  { name: "room", machine: roomMachine },
];

/**
 * Bookkeeping left off every arrow and note, because it happens nearly everywhere and says nothing about
 * where a machine goes; each is said once, in prose, under the diagram.
 */
export const HIDDEN_ACTIONS: Readonly<Record<string, string>> = {
  refreshReadDeadline:
    "Every frame from the client that keeps the socket open refreshes its read deadline (`WS_READ_TIMEOUT_SEC`).",
};

export const diagramOptions: DiagramOptions = {
  hiddenActions: HIDDEN_ACTIONS,
  closeAction: "closeSocket",
  closeSummaryParam: "outcome",
};
