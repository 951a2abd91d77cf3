// The cost of the permission layer: `npx tsx bench/shield.ts [iterations]`.
//
// One process, the real gateway schema (every domain's types and resolvers), three executable
// variants of it:
//   raw     — no permission layer at all,
//   stock   — graphql-shield's own middleware over every field (what the foundation shipped),
//             applied with graphql-middleware — not a dependency of ours any more, but still
//             installed as graphql-shield's required peer (its shield() imports it),
//   ours    — src/app/shield.ts: the same rules, fields ruled `allow` left unwrapped and
//             rules compiled to synchronous checks,
// plus the raw schema a second time ("raw again"): the difference between the two raw columns
// is the noise of the machine (2 shared cores here), to read the overheads against.
// Two lists of 500 rows × 10 fields, served from memory (a stub Prisma client returns the rows)
// so the numbers are the GraphQL execution and the permission layer, not the database:
//   contents — Content rows, every field `allow` (the common case: rows pre-filtered in SQL);
//   users    — User rows where 5 of the 10 fields carry a row rule (or(isSelf, isAdmin)),
//              the worst case our rule maps have.
// The variants run interleaved, in a random order each iteration (so none always runs right after
// the garbage another left), after a warm-up. Reported: the median time of each variant, and the
// overhead as the median of the per-iteration ratios variant/raw (paired, so a slow moment of the
// shared machine hits both sides of a ratio).
import { execute, parse, type DocumentNode, type GraphQLSchema } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { allow, shield } from "graphql-shield";
import type { IRules } from "graphql-shield";
import { builder } from "../src/schema/builder.ts";
import { getRawSchema } from "../src/app/schema.ts";
import { applyPermissions, completeRuleTree, ruleTree, SHIELD_OPTIONS, type RuleTree } from "../src/app/shield.ts";
import type { Context, Viewer } from "../src/core/context.ts";

const ROWS = 500;
const ITERATIONS = Number(process.argv[2] ?? 300);
const WARMUP = 100;

// Bench-only list fields (plain lists: the real connections cap a page at 100 rows).
builder.queryFields((t) => ({
  benchContents: t.prismaField({ type: ["Content"], resolve: (query, _r, _a, ctx) => ctx.prisma.content.findMany({ ...query }) }),
  benchUsers: t.prismaField({ type: ["User"], resolve: (query, _r, _a, ctx) => ctx.prisma.user.findMany({ ...query }) }),
}));

const schema = getRawSchema();
const tree: RuleTree = { ...ruleTree, Query: { ...ruleTree.Query, benchContents: allow, benchUsers: allow } };
const variants: Record<string, GraphQLSchema> = {
  raw: schema,
  stock: applyMiddleware(schema, shield(completeRuleTree(schema, tree) as IRules, SHIELD_OPTIONS)),
  ours: applyPermissions(schema, tree),
  rawAgain: schema,
};

const now = new Date("2026-06-01T12:00:00Z");
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const contents = Array.from({ length: ROWS }, (_, i) => ({
  id: uuid(i), title: `Episode ${i}`, slug: `episode-${i}`, description: "A description of some length for the row.", mediaType: "VIDEO",
  visibility: "PUBLIC", status: "PUBLISHED", price: "4.99", currency: "USD", createdAt: now, viewCount: i, tags: ["a", "b"],
}));
const users = Array.from({ length: ROWS }, (_, i) => ({
  id: uuid(10_000 + i), email: `user${i}@example.test`, fullName: `User ${i}`, avatarUrl: null, timezone: "UTC", language: "en",
  emailVerifiedAt: i % 2 ? now : null, createdAt: now, deletedAt: null, creatorProfile: null, profile: { displayName: `User ${i}` }, roles: [{ role: "MEMBER", grantedAt: now, expiresAt: null }],
}));

const prisma = {
  content: { findMany: async () => contents },
  user: { findMany: async () => users },
};

const admin: Viewer = { id: uuid(99_999), roles: new Set(["ADMIN", "MEMBER"]), sessionId: null };
function context(): Context {
  return { viewer: admin, prisma, services: { clock: () => now }, config: {}, log: console } as unknown as Context;
}

const queries: Record<string, DocumentNode> = {
  contents: parse(`{ benchContents { id title slug description mediaType visibility status price currency createdAt } }`),
  // 5 public fields (allow) + 5 private ones (or(isSelf, isAdmin)); the viewer is an admin, so every cell resolves.
  users: parse(`{ benchUsers { id displayName avatarUrl createdAt creatorProfile { id } email timezone language emailVerified roles } }`),
};

async function run(s: GraphQLSchema, doc: DocumentNode): Promise<number> {
  const t0 = performance.now();
  const r = await execute({ schema: s, document: doc, contextValue: context() });
  const ms = performance.now() - t0;
  if (r.errors?.length) throw new Error(`bench query failed: ${r.errors[0].message}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  // Same answers from every variant (the layer must not change data for an allowed viewer).
  for (const doc of Object.values(queries)) {
    const answers = await Promise.all(Object.values(variants).map((s) => execute({ schema: s, document: doc, contextValue: context() })));
    const json = answers.map((a) => JSON.stringify(a));
    if (new Set(json).size !== 1) throw new Error("variants disagree");
  }
  console.log(`shield bench: ${ROWS} rows × 10 fields, ${ITERATIONS} iterations per variant (after ${WARMUP} warm-up), Node ${process.version}`);
  console.log("");
  console.log("| list | raw (ms) | raw again (ms) | stock graphql-shield (ms) | overhead | ours (ms) | overhead |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, doc] of Object.entries(queries)) {
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const order = Object.entries(variants).sort(() => Math.random() - 0.5);
      for (const [v, s] of order) {
        const ms = await run(s, doc);
        if (i >= WARMUP) times[v].push(ms);
      }
    }
    const m = Object.fromEntries(Object.entries(times).map(([v, xs]) => [v, median(xs)]));
    const pct = (v: string) => {
      const ratio = median(times[v].map((x, i) => x / times.raw[i]));
      return `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)}%`;
    };
    console.log(`| ${name} | ${m.raw.toFixed(2)} | ${m.rawAgain.toFixed(2)} (${pct("rawAgain")}) | ${m.stock.toFixed(2)} | ${pct("stock")} | ${m.ours.toFixed(2)} | ${pct("ours")} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
