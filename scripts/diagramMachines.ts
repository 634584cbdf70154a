// The machines that get a diagram in docs/, and how their labels are drawn.
import { connectionMachine } from "../machines/connection";
import { roomMachine } from "../machines/room";
import type { DiagramMachine } from "./statechartDocs";
import type { DiagramOptions } from "./statechartLabels";

export const diagramMachines: DiagramMachine[] = [
  { name: "connection", machine: connectionMachine },
  { name: "room", machine: roomMachine },
];

export const diagramOptions: DiagramOptions = {
  closeAction: "closeSocket",
  closeTableOnlyParams: ["outcome"],
};
