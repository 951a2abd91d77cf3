// The committed schema.graphql is the contract: this fails when the printed schema differs.
// Run `npm run schema:print` after an intended change (and `npm run schema:check` to classify it).
import fs from "node:fs";
import path from "node:path";
import { printSchema } from "graphql";
import { getRawSchema } from "../../src/app/schema.ts";

it("schema.graphql matches the schema the code builds", () => {
  const committed = fs.readFileSync(path.resolve(__dirname, "../../schema.graphql"), "utf8");
  expect(printSchema(getRawSchema()) + "\n").toBe(committed);
});
