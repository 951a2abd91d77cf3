// Builds the executable schema once per process: Pothos types from every domain, then
// graphql-shield applied over all of it.
import { isInterfaceType, type GraphQLSchema } from "graphql";
import { setNodeTypes } from "../core/ids.ts";
import { builder } from "../schema/builder.ts";
import "../schema/scalars.ts";
import "../schema/root.ts";
import "./domains.ts";
import { applyPermissions } from "./shield.ts";

let raw: GraphQLSchema | null = null;
let shielded: GraphQLSchema | null = null;

/** The schema as Pothos builds it (what `schema.graphql` prints). */
export function getRawSchema(): GraphQLSchema {
  if (!raw) {
    raw = builder.toSchema({ sortSchema: true });
    // Global ids of any other type name are BAD_USER_INPUT when decoded.
    const node = raw.getType("Node");
    if (node && isInterfaceType(node)) setNodeTypes(raw.getPossibleTypes(node).map((t) => t.name));
  }
  return raw;
}

/** The schema the server executes: the raw schema with every field behind its shield rule. */
export function getSchema(): GraphQLSchema {
  const schema = getRawSchema();
  return (shielded ??= applyPermissions(schema));
}
