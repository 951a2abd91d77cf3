// The floor plan (docs: README "Layout", ../shared/architecture.md), enforced: `npm run deps:check`
// (part of `npm test` through test/foundation/dependencies.test.ts, and of .ci/run).
//   core/      the ground floor: node:*, npm packages and src/generated only
//   db/        core only
//   schema/    core and db only (builder, scalars, root types, the lookup CRUD factory)
//   adapters/  implement core's ports; may use core and db; imported only by app/ (and tests)
//   domains/   core, db, schema/ and LOWER domains (through their index.ts), in the order below
//   app/       the composition root: anything
// Any import cycle fails the check, type-only imports included.

/** Each domain and the domains it may import (only their index.ts). Order, bottom up:
 *  identity → content → commerce → subscriptions → {stories, offerings, integrations} →
 *  {comments, seo, analytics}; communication, site, settings and audit sit on identity + content. */
const base = ["identity", "content"];
const tier4 = [...base, "commerce", "subscriptions"];
const tier5 = [...tier4, "stories", "offerings", "integrations"];
const DOMAIN_DEPENDENCIES = {
  identity: [],
  content: ["identity"],
  commerce: base,
  subscriptions: [...base, "commerce"],
  stories: tier4,
  offerings: tier4,
  integrations: tier4,
  comments: tier5,
  seo: tier5,
  analytics: tier5,
  communication: base,
  site: base,
  settings: base,
  audit: base,
};

const domainRules = Object.entries(DOMAIN_DEPENDENCIES).map(([domain, allowed]) => ({
  name: `domain-order-${domain}`,
  comment: `${domain} may import only ${allowed.length ? allowed.join(", ") : "no other domain"} (lower in the order), through their index.ts.`,
  severity: "error",
  from: { path: `^src/domains/${domain}/` },
  to: {
    path: "^src/domains/([^/]+)/",
    pathNot: [`^src/domains/${domain}/`, ...allowed.map((d) => `^src/domains/${d}/index\\.ts$`)],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import cycles, type-only imports included: every room has one way down.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-is-the-ground-floor",
      comment: "src/core/ imports only node:*, npm packages and src/generated.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: ["^src/core/", "^src/generated/"] },
    },
    {
      name: "db-on-core-only",
      comment: "src/db/ imports only src/core/ (logger, config, the Tx type).",
      severity: "error",
      from: { path: "^src/db/" },
      to: { path: "^src/", pathNot: ["^src/core/", "^src/db/", "^src/generated/"] },
    },
    {
      name: "schema-on-core-and-db",
      comment: "src/schema/ imports only src/core/ and src/db/ (never a domain or app/).",
      severity: "error",
      from: { path: "^src/schema/" },
      to: { path: "^src/", pathNot: ["^src/core/", "^src/db/", "^src/schema/", "^src/generated/"] },
    },
    {
      name: "adapters-implement-ports",
      comment: "src/adapters/ implement core's ports: they import core/ and db/, never a domain, schema or app/.",
      severity: "error",
      from: { path: "^src/adapters/" },
      to: { path: "^src/", pathNot: ["^src/core/", "^src/db/", "^src/adapters/", "^src/generated/"] },
    },
    {
      name: "only-app-wires-adapters",
      comment: "Adapters are imported only by the composition root (src/app/, src/main.ts); domains use ctx.services.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/app/", "^src/main\\.ts$", "^src/adapters/"] },
      to: { path: "^src/adapters/" },
    },
    {
      name: "nothing-imports-app",
      comment: "src/app/ is the composition root: only src/main.ts imports it.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/app/", "^src/main\\.ts$"] },
      to: { path: "^src/app/" },
    },
    {
      name: "domains-on-core-db-schema",
      comment: "A domain imports core/, db/, schema/ and lower domains only.",
      severity: "error",
      from: { path: "^src/domains/" },
      to: { path: "^src/", pathNot: ["^src/core/", "^src/db/", "^src/schema/", "^src/domains/", "^src/generated/"] },
    },
    {
      name: "unknown-room",
      comment: "Every file under src/ lives in one of the rooms.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/(core|db|schema|adapters|domains|app|generated)/", "^src/main\\.ts$"] },
      to: {},
    },
    ...domainRules,
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^src/generated/"] },
    exclude: { path: ["^src/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
