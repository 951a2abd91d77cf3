// The shape of a domain's rule map, typed from the schema (src/schema/schema-fields.ts, generated
// by `npm run schema:print`), as Parabol types its permission map: a rule for a type or a field
// the schema does not have fails `tsc`. Root types (Query, Mutation, Subscription) take no "*":
// every operation has its own rule. Use it as `export const rules = { … } satisfies RuleMap;`.
import type { ShieldRule } from "../core/authz/index.ts";
import type { SchemaFields } from "./schema-fields.ts";

type RootType = "Query" | "Mutation" | "Subscription";

export type FieldRules<T extends keyof SchemaFields> = T extends RootType
  ? { [F in SchemaFields[T]]?: ShieldRule }
  : { [F in SchemaFields[T] | "*"]?: ShieldRule };

export type RuleMap = { [T in keyof SchemaFields]?: FieldRules<T> };
