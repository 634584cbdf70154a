// The table "Modules and what they may import" of docs/architecture.md, from the rules that
// test/node/imports.test.ts checks (test/support/moduleBoundaries.ts), so the doc cannot drift from them.
import { MODULE_RULES, type ModuleRule } from "../test/support/moduleBoundaries";
import { generatedBlock } from "./statechartDocs";

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replace(/\|/g, "\\|");

function mayText(rule: ModuleRule): string {
  if (!rule.may.length) return "nothing";
  return rule.may
    .map((entry) => {
      if (rule.typesOnly?.includes(entry)) return `${code(entry)} (types only)`;
      if (rule.only?.under.startsWith(entry)) {
        return `${code(entry)} (of ${code(rule.only.under)} only ${rule.only.files.map(code).join(", ")})`;
      }
      return code(entry);
    })
    .join(", ");
}

export function moduleTableMarkdown(rules: readonly ModuleRule[] = MODULE_RULES): string {
  const rows = rules.map((rule, index) => {
    // A folder whose subfolders have rules of their own (earlier: the first rule that matches wins).
    const rest = rules.slice(0, index).some(({ from }) => from !== rule.from && from.startsWith(rule.from));
    const module = rest ? `${code(rule.from)}, the rest` : code(rule.from);
    return `| ${module} | ${cell(rule.holds)} | ${mayText(rule)} |`;
  });
  return ["| module | holds | may import |", "| --- | --- | --- |", ...rows, ""].join("\n");
}

/** docs/architecture.md with its module table regenerated. */
export function architectureDoc(doc: string): string {
  return generatedBlock(doc, "docs/architecture.md", "module table", moduleTableMarkdown());
}
