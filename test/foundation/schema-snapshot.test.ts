// The committed schema.graphql is the contract: this fails when the printed schema differs.
// The same for src/schema/schema-fields.ts, the field names the domains' rule maps are typed against.
// Run `npm run schema:print` after an intended change (and `npm run schema:check` to classify it).
import fs from "node:fs";
import path from "node:path";
import { printSchema } from "graphql";
import { getRawSchema } from "../../src/app/schema.ts";
import { renderSchemaFields, SCHEMA_FIELDS_FILE } from "../../scripts/schema-fields.ts";

it("schema.graphql matches the schema the code builds", () => {
  const committed = fs.readFileSync(path.resolve(__dirname, "../../schema.graphql"), "utf8");
  expect(printSchema(getRawSchema()) + "\n").toBe(committed);
});

it("src/schema/schema-fields.ts (what the rule maps are typed against) matches the schema (npm run schema:print)", () => {
  expect(fs.readFileSync(SCHEMA_FIELDS_FILE, "utf8")).toBe(renderSchemaFields(getRawSchema()));
});
