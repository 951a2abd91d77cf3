// Property-based fuzzing (fast-check): generated documents over every root Query field, with
// hostile argument values (NUL, lone surrogates, LIKE wildcards, huge and negative numbers,
// malformed ids), sent anonymously and as an admin. Whatever comes back: never a 5xx, never an
// unmasked or uncoded error, nothing internal in the body.
import fc from "fast-check";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import { createTestApp, PRODUCTION_LIMITS, type TestApp } from "../helpers/app.ts";
import { gid, makeUser, type TestUser } from "../helpers/factories/stories.ts";
import { getSchema } from "../../src/app/schema.ts";
import { ERROR_CATALOGUE } from "../../src/core/errors.ts";
import { expectNothingInternal } from "./harness.ts";

const schema = getSchema();
const query = schema.getQueryType()!;

const hostileString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("a\u0000b", "\ud800", "x\udfff", "%", "_", "\\", "%_\\%", "' OR 1=1 --", "<script>", "🙂", "".padEnd(300, "z")),
);
const hostileInt = fc.oneof(fc.integer({ min: -3, max: 30 }), fc.constantFrom(0, 101, 1000, 2 ** 31 - 1, -(2 ** 31)));
const hostileId = fc.oneof(
  hostileString,
  fc.constantFrom(gid("User", "not-a-uuid"), gid("Nope", "00000000-0000-4000-8000-000000000000"), gid("Story", "00000000-0000-4000-8000-000000000000"), "%%%", ""),
);

/** A literal for an input type (null for an optional one now and then). */
function literal(type: GraphQLInputType, depth = 0): fc.Arbitrary<string> {
  if (isNonNullType(type)) return literal(type.ofType, depth);
  if (isListType(type)) return fc.array(literal(type.ofType, depth + 1), { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`);
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
  if (isInputObjectType(type)) {
    if (depth > 2) return fc.constant("{}");
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
    return fc.tuple(...fields.map((f) => literal(f.type, depth + 1).map((v) => `${f.name}: ${v}`))).map((xs) => `{ ${xs.join(", ")} }`);
  }
  switch (getNamedType(type).name) {
    case "Int":
      return hostileInt.map(String);
    case "Float":
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map(String);
    case "Boolean":
      return fc.boolean().map(String);
    case "ID":
      return hostileId.map((s) => JSON.stringify(s));
    case "DateTime":
      return fc.constantFrom('"2026-01-01T00:00:00Z"', '"not a date"', '"9999-99-99"');
    default:
      return hostileString.map((s) => JSON.stringify(s));
  }
}

function args(field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> {
  if (!field.args.length) return fc.constant("");
  return fc
    .tuple(...field.args.map((a) => (isNonNullType(a.type) ? literal(a.type).map((v) => `${a.name}: ${v}`) : fc.option(literal(a.type).map((v) => `${a.name}: ${v}`), { nil: "" }))))
    .map((xs) => {
      const present = xs.filter(Boolean);
      return present.length ? `(${present.join(", ")})` : "";
    });
}

/** A selection set for an object type: a few leaf fields, and one level of nesting. */
function selection(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
  const objects = fields.filter((f) => isObjectType(getNamedType(f.type)));
  const leaf = leaves.length ? fc.subarray(leaves.map((f) => f.name), { minLength: 1, maxLength: Math.min(3, leaves.length) }) : fc.constant(["__typename"]);
  const nested = depth < 2 && objects.length ? fc.option(fc.constantFrom(...objects).chain((f) => fieldSelection(f, depth + 1)), { nil: "" }) : fc.constant("");
  return fc.tuple(leaf, nested).map(([ls, n]) => `{ ${ls.join(" ")} ${n} }`);
}

function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> {
  const named = getNamedType(field.type);
  const sub = isObjectType(named) ? selection(named, depth) : isLeafType(named) ? fc.constant("") : fc.constant("{ __typename }");
  return fc.tuple(args(field), sub).map(([a, s]) => `${field.name}${a} ${s}`);
}

const documents = fc.constantFrom(...Object.values(query.getFields())).chain((f) => fieldSelection(f, 0)).map((s) => `{ ${s} }`);

describe("fuzz: generated documents against the schema", () => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await createTestApp({ env: PRODUCTION_LIMITS });
    admin = await makeUser(app, ["ADMIN"], "admin");
  });
  afterAll(() => app.close());

  it("never answers 5xx or an uncoded error, anonymous or admin", async () => {
    await fc.assert(
      fc.asyncProperty(documents, fc.boolean(), async (doc, asAdmin) => {
        const res = await app.yoga.fetch("http://test/graphql", {
          method: "POST",
          headers: { "content-type": "application/json", ...(asAdmin ? { authorization: `Bearer ${admin.token}` } : {}) },
          body: JSON.stringify({ query: doc }),
        });
        const text = await res.text();
        expect(res.status).toBeLessThan(500);
        const body = JSON.parse(text);
        for (const e of body.errors ?? []) {
          expect(Object.keys(ERROR_CATALOGUE)).toContain(e.extensions?.code);
          expect(e.extensions.code).not.toBe("INTERNAL_SERVER_ERROR");
        }
        expectNothingInternal(text);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });

  it("never answers 5xx for generated variables of the persisted Catalogue shape", async () => {
    const q = "query($first: Int, $search: String, $tag: String, $after: String) { contents(first: $first, search: $search, tag: $tag, after: $after) { totalCount edges { node { id title } } } }";
    await fc.assert(
      fc.asyncProperty(fc.record({ first: fc.option(hostileInt), search: fc.option(hostileString), tag: fc.option(hostileString), after: fc.option(hostileString) }), async (variables) => {
        const r = await app.gql(q, variables);
        expect(r.status).toBeLessThan(500);
        for (const e of r.errors ?? []) expect(["BAD_USER_INPUT", "QUERY_TOO_COMPLEX", "GRAPHQL_VALIDATION_FAILED"]).toContain(e.extensions?.code);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 100) },
    );
  });
});
