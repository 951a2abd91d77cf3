// The persisted-operation manifest stays in step with operations/*.graphql (run `npm run codegen`
// after editing an operation), and every persisted operation validates against the schema.
import fs from "node:fs";
import path from "node:path";
import { parse, validate, visit, type DocumentNode } from "graphql";
import { loadManifest } from "../../src/app/persisted.ts";
import { getRawSchema } from "../../src/app/schema.ts";
import { createHash } from "node:crypto";

const DIR = path.resolve(__dirname, "../../operations");

/** Operation name → sorted field paths: equal for the same operation however it is printed. */
function shape(doc: DocumentNode): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const def of doc.definitions) {
    if (def.kind !== "OperationDefinition" || !def.name) continue;
    const paths: string[] = [];
    const stack: string[] = [];
    visit(def.selectionSet, {
      Field: {
        enter(node) {
          stack.push(node.alias?.value ?? node.name.value);
          paths.push(stack.join("."));
        },
        leave() {
          stack.pop();
        },
      },
    });
    out[def.name.value] = paths.sort();
  }
  return out;
}

describe("persisted operation manifest", () => {
  const manifest = loadManifest();
  const fromFiles = Object.assign({}, ...fs.readdirSync(DIR).filter((f) => f.endsWith(".graphql")).map((f) => shape(parse(fs.readFileSync(path.join(DIR, f), "utf8")))));
  const fromManifest = Object.assign({}, ...[...manifest.values()].map((doc) => shape(parse(doc))));

  it("has exactly the operations in operations/, with the same fields", () => {
    expect(fromManifest).toEqual(fromFiles);
  });

  it("uses the sha256 of each document as its id", () => {
    for (const [id, doc] of manifest) expect(createHash("sha256").update(doc).digest("hex")).toBe(id);
  });

  it("holds only operations that validate against the current schema", () => {
    for (const doc of manifest.values()) expect(validate(getRawSchema(), parse(doc)).map((e) => e.message)).toEqual([]);
  });
});
