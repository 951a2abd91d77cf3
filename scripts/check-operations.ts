// Part of `npm run codegen`: every persisted operation must pass the production operation limits
// (src/app/armor.ts) with each variable page size at its maximum, so an app's own operation can
// never be refused at run time. Exits 1 naming each operation over a limit.
import { loadConfig } from "../src/core/config.ts";
import { checkOperationSource, operationLimits } from "../src/app/armor.ts";
import { getSchema } from "../src/app/schema.ts";
import { loadManifest, MANIFEST_FILE } from "../src/app/persisted.ts";

/** Problems per operation id ("sha256:<hex>" → messages); empty when every operation passes. */
export function checkManifest(file = MANIFEST_FILE, env: NodeJS.ProcessEnv = { NODE_ENV: "production", JWT_SECRET: "x".repeat(32) }): Map<string, string[]> {
  const limits = operationLimits(loadConfig(env));
  const schema = getSchema();
  const failures = new Map<string, string[]>();
  for (const [hex, source] of loadManifest(file)) {
    const problems = checkOperationSource(schema, source, limits);
    if (problems.length) failures.set(`sha256:${hex} (${/(query|mutation|subscription)\s+(\w+)/.exec(source)?.[2] ?? "anonymous"})`, problems.map((p) => p.message));
  }
  return failures;
}

if (require.main === module) {
  const failures = checkManifest();
  for (const [id, messages] of failures) console.error(`${id}: ${messages.join("; ")}`);
  if (failures.size) {
    console.error(`${failures.size} persisted operation(s) exceed the production operation limits (docs/security.md).`);
    process.exit(1);
  }
  console.log("every persisted operation is within the production operation limits");
}
