// `npm run schema:print`: writes the printed GraphQL schema to schema.graphql (the committed
// contract; test/schema-snapshot.test.ts fails when they differ).
import fs from "node:fs";
import path from "node:path";
import { printSchema } from "graphql";
import { getRawSchema } from "../src/app/schema.ts";

export const SCHEMA_FILE = path.resolve(__dirname, "../schema.graphql");

const sdl = printSchema(getRawSchema()) + "\n";
if (process.argv.includes("--stdout")) process.stdout.write(sdl);
else {
  fs.writeFileSync(SCHEMA_FILE, sdl);
  console.log(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${sdl.split("\n").length} lines)`);
}
