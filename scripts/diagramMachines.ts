// The machines that get a diagram in docs/.
import { connectionMachine } from "../machines/connection";
import { roomMachine } from "../machines/room";
import type { DiagramMachine } from "./statechartDiagrams";

export const diagramMachines: DiagramMachine[] = [
  { name: "connection", machine: connectionMachine },
  { name: "room", machine: roomMachine },
];
