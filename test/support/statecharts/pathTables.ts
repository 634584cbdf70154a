// Every machine with its generated paths, for the coverage test and `npm run coverage:paths`.
import { connectionMachine } from "../../../machines/connection";
import { roomMachine } from "../../../machines/room";
import { connectionPaths } from "./connectionPaths";
import { measurePathCoverage, type PathCoverage } from "./pathCoverage";
import { roomPaths } from "./roomPaths";

export function measureMachinePathCoverage(): PathCoverage[] {
  return [
    measurePathCoverage("connection", connectionMachine, connectionPaths),
    measurePathCoverage("room", roomMachine, roomPaths),
  ];
}
