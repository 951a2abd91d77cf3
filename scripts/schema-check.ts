// `npm run schema:check`: classifies the changes between the released contract and the schema the
// code builds now, and fails on an unacknowledged breaking change, an operation in operations/
// that no longer validates, or a deprecation without a reason. See scripts/schema-contract.ts.
// `npm run schema:check -- --release` makes the current schema the released contract (and empties
// the acknowledgement list): do that when a version of the API ships.
import fs from "node:fs";
import { printSchema } from "graphql";
import { getRawSchema } from "../src/app/schema.ts";
import { ACK_FILE, RELEASED_FILE, checkContract, loadReleasedSchema, readAcknowledgements } from "./schema-contract.ts";

const schema = getRawSchema();
if (process.argv.includes("--release")) {
  fs.writeFileSync(RELEASED_FILE, printSchema(schema) + "\n");
  fs.writeFileSync(ACK_FILE, "# Breaking changes against contract/schema.released.graphql that were reviewed and accepted.\n# One per line, exactly as `npm run schema:check` prints it, then \" -- \" and the reason.\n");
  console.log("Released the current schema as the contract.");
  process.exit(0);
}

const report = checkContract(loadReleasedSchema(), schema, readAcknowledgements());
const section = (title: string, lines: string[]) => {
  console.log(`\n${title} (${lines.length})`);
  for (const l of lines) console.log(`  ${l}`);
};
section("BREAKING", report.breaking.map((b) => `${b.acknowledged ? "[acknowledged] " : ""}${b.description}`));
section("DANGEROUS", report.dangerous);
section("SAFE", report.safe);
section("Deprecations", report.deprecations.map((d) => `${d.coordinate}: ${d.reason ?? "(NO REASON)"}`));
if (report.invalidOperations.length) section("Operations that no longer validate", report.invalidOperations.map((o) => `${o.file}: ${o.errors.join("; ")}`));
if (!report.ok) {
  console.error(`\nschema:check failed: ${report.breaking.filter((b) => !b.acknowledged).length} unacknowledged breaking change(s), ${report.invalidOperations.length} invalid operation file(s). Acknowledge reviewed breaking changes in contract/acknowledged-breaking-changes.txt.`);
  process.exit(1);
}
console.log("\nschema:check passed.");
