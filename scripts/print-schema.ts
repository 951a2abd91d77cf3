// `npm run schema:print`: writes the printed GraphQL schema to schema.graphql (the committed
// contract) and the field names of every object type to src/schema/schema-fields.ts (what the
// rule maps are typed against); test/foundation/schema-snapshot.test.ts fails when either differs.
import fs from "node:fs";
import path from "node:path";
import { printSchema } from "graphql";
import { getRawSchema } from "../src/app/schema.ts";
import { renderSchemaFields, SCHEMA_FIELDS_FILE } from "./schema-fields.ts";

export const SCHEMA_FILE = path.resolve(__dirname, "../schema.graphql");

const sdl = printSchema(getRawSchema()) + "\n";
if (process.argv.includes("--stdout")) process.stdout.write(sdl);
else {
  fs.writeFileSync(SCHEMA_FILE, sdl);
  console.log(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${sdl.split("\n").length} lines)`);
  fs.writeFileSync(SCHEMA_FIELDS_FILE, renderSchemaFields(getRawSchema()));
  console.log(`Wrote ${path.relative(process.cwd(), SCHEMA_FIELDS_FILE)}`);
}
