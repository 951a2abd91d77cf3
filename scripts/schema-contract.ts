// The schema contract check behind `npm run schema:check`.
// - Classifies every difference between the released contract (contract/schema.released.graphql)
//   and the schema the code builds now: BREAKING and DANGEROUS via graphql-js
//   findBreakingChanges / findDangerousChanges, SAFE for additions (types, fields, optional args).
// - A breaking change fails unless contract/acknowledged-breaking-changes.txt names it (one
//   description per line, exactly as printed, followed by " -- <reason>").
// - Every operation in operations/*.graphql must still validate against the new schema.
// - Deprecations must carry a reason; they are listed (and the README lists them).
import fs from "node:fs";
import path from "node:path";
import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isEnumType,
  parse,
  validate,
  type GraphQLSchema,
} from "graphql";

const ROOT = path.resolve(__dirname, "..");
export const RELEASED_FILE = path.join(ROOT, "contract/schema.released.graphql");
export const ACK_FILE = path.join(ROOT, "contract/acknowledged-breaking-changes.txt");
export const OPERATIONS_DIR = path.join(ROOT, "operations");

export interface ContractReport {
  breaking: { description: string; acknowledged: boolean }[];
  dangerous: string[];
  safe: string[];
  invalidOperations: { file: string; errors: string[] }[];
  deprecations: { coordinate: string; reason: string | null | undefined }[];
  ok: boolean;
}

export function readAcknowledgements(file = ACK_FILE): Set<string> {
  if (!fs.existsSync(file)) return new Set();
  return new Set(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(" -- ")[0].trim()),
  );
}

function fieldMap(schema: GraphQLSchema): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const fields = type.getFields() as Record<string, { args?: readonly { name: string }[] }>;
      map.set(type.name, new Set(Object.entries(fields).flatMap(([f, def]) => [f, ...(def.args ?? []).map((a) => `${f}(${a.name}:)`)])));
    } else if (isEnumType(type)) {
      map.set(type.name, new Set(type.getValues().map((v) => v.name)));
    } else map.set(type.name, new Set());
  }
  return map;
}

/** Additions that cannot break a client (dangerous ones are reported by graphql-js already). */
export function safeChanges(oldSchema: GraphQLSchema, newSchema: GraphQLSchema, dangerous: string[]): string[] {
  const before = fieldMap(oldSchema);
  const after = fieldMap(newSchema);
  const out: string[] = [];
  for (const [type, fields] of after) {
    const prev = before.get(type);
    if (!prev) {
      out.push(`${type} was added.`);
      continue;
    }
    for (const f of fields) if (!prev.has(f)) out.push(`${type}.${f} was added.`);
  }
  return out.filter((s) => !dangerous.some((d) => d.includes(s.split(" ")[0])));
}

export function deprecations(schema: GraphQLSchema): ContractReport["deprecations"] {
  const out: ContractReport["deprecations"] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) {
        if (f.deprecationReason !== undefined && f.deprecationReason !== null) out.push({ coordinate: `${type.name}.${f.name}`, reason: f.deprecationReason });
        for (const a of (f as { args?: readonly { name: string; deprecationReason?: string | null }[] }).args ?? []) {
          if (a.deprecationReason) out.push({ coordinate: `${type.name}.${f.name}(${a.name}:)`, reason: a.deprecationReason });
        }
      }
    } else if (isEnumType(type)) {
      for (const v of type.getValues()) if (v.deprecationReason) out.push({ coordinate: `${type.name}.${v.name}`, reason: v.deprecationReason });
    }
  }
  return out;
}

export function validateOperations(schema: GraphQLSchema, dir = OPERATIONS_DIR): ContractReport["invalidOperations"] {
  if (!fs.existsSync(dir)) return [];
  const out: ContractReport["invalidOperations"] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort()) {
    try {
      const errors = validate(schema, parse(fs.readFileSync(path.join(dir, file), "utf8")));
      if (errors.length) out.push({ file, errors: errors.map((e) => e.message) });
    } catch (e) {
      out.push({ file, errors: [(e as Error).message] });
    }
  }
  return out;
}

export function checkContract(oldSchema: GraphQLSchema, newSchema: GraphQLSchema, acknowledged: Set<string>, operationsDir = OPERATIONS_DIR): ContractReport {
  const breaking = findBreakingChanges(oldSchema, newSchema).map((c) => ({ description: c.description, acknowledged: acknowledged.has(c.description) }));
  const dangerous = findDangerousChanges(oldSchema, newSchema).map((c) => c.description);
  const safe = safeChanges(oldSchema, newSchema, dangerous);
  const invalidOperations = validateOperations(newSchema, operationsDir);
  const deps = deprecations(newSchema);
  const ok = breaking.every((b) => b.acknowledged) && invalidOperations.length === 0 && deps.every((d) => !!d.reason?.trim());
  return { breaking, dangerous, safe, invalidOperations, deprecations: deps, ok };
}

export function loadReleasedSchema(file = RELEASED_FILE): GraphQLSchema {
  return buildSchema(fs.readFileSync(file, "utf8"));
}
