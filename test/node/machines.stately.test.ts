// Stately's editor and the XState VS Code extension read machines from source, not from the running
// code: each machine must be one static `setup({...}).createMachine({...})` literal in its own file.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { defined } from "../support/defined";

const machinesDir = fileURLToPath(new URL("../../machines/", import.meta.url).href);
const machineFiles = readdirSync(machinesDir).filter((file) => file.endsWith(".ts"));

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(`${machinesDir}${file}`, "utf8"), ts.ScriptTarget.Latest, true);
}

function findAll(node: ts.Node, match: (node: ts.Node) => boolean): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (child: ts.Node) => {
    if (match(child)) found.push(child);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function isCreateMachineCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  return (
    (ts.isIdentifier(callee) && callee.text === "createMachine") ||
    (ts.isPropertyAccessExpression(callee) && callee.name.text === "createMachine")
  );
}

/** What Stately cannot import, with line numbers. */
function staticConfigProblems(source: ts.SourceFile, config: ts.ObjectLiteralExpression): string[] {
  const where = (node: ts.Node) => `line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const problems: string[] = [];
  for (const node of findAll(config, () => true)) {
    if (ts.isSpreadAssignment(node) || ts.isSpreadElement(node)) problems.push(`spread at ${where(node)}`);
    if (ts.isComputedPropertyName(node)) problems.push(`computed key at ${where(node)}`);
    if (ts.isShorthandPropertyAssignment(node)) problems.push(`shorthand property at ${where(node)}`);
    const isFunction = ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node);
    const isContextFactory =
      isFunction &&
      ts.isPropertyAssignment(node.parent) &&
      node.parent.name.getText() === "context" &&
      node.parent.parent === config;
    if (isFunction && !isContextFactory) problems.push(`inline function at ${where(node)} (name it in setup)`);
  }
  return problems;
}

describe("machines open in Stately", () => {
  const withMachines = machineFiles.filter((file) => findAll(parse(file), isCreateMachineCall).length > 0);

  it("finds the machines", () => {
    expect(withMachines.sort()).toEqual(["connection.ts", "room.ts"]);
  });

  it.each(machineFiles)("%s is indented with spaces", (file) => {
    const lines = readFileSync(`${machinesDir}${file}`, "utf8").split("\n");
    const tabbed = lines.flatMap((line, index) => (line.includes("\t") ? [index + 1] : []));
    expect(tabbed, "lines with tabs").toEqual([]);
  });

  it.each(withMachines)("%s holds one exported setup({...}).createMachine({...}) with a static config", (file) => {
    const source = parse(file);
    const calls = findAll(source, isCreateMachineCall) as ts.CallExpression[];
    expect(calls, "one machine per file").toHaveLength(1);
    const call = defined(calls[0], "the createMachine call");

    const callee = call.expression as ts.PropertyAccessExpression;
    expect(ts.isPropertyAccessExpression(callee), "createMachine is called on setup(...)").toBe(true);
    const setupCall = callee.expression;
    expect(ts.isCallExpression(setupCall) && setupCall.expression.getText()).toBe("setup");
    const setupArgument = (setupCall as ts.CallExpression).arguments[0];
    expect(setupArgument !== undefined && ts.isObjectLiteralExpression(setupArgument), "setup takes a literal").toBe(
      true,
    );

    const declaration = call.parent;
    expect(ts.isVariableDeclaration(declaration), "the machine is a const").toBe(true);
    const statement = declaration.parent.parent;
    expect(
      ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword),
    ).toBe(true);

    expect(call.arguments).toHaveLength(1);
    const config = defined(call.arguments[0], "the config argument");
    expect(ts.isObjectLiteralExpression(config), "the config is an object literal").toBe(true);
    expect(staticConfigProblems(source, config as ts.ObjectLiteralExpression)).toEqual([]);
  });
});
