// Generated documentation stays true: every generated doc matches what the code renders now,
// and docs/seed-coverage.md maps every seed table to models that exist in the Prisma schema.
import fs from "node:fs";
import path from "node:path";
import { GENERATED } from "../../scripts/gen-docs.ts";
import { getDatamodel } from "../../src/generated/pothos-types.ts";

const DOCS = path.resolve(__dirname, "../../docs");

describe("generated docs", () => {
  it.each(Object.keys(GENERATED))("docs/%s is up to date (run `npm run docs`)", (file) => {
    expect(fs.readFileSync(path.join(DOCS, file), "utf8")).toBe(GENERATED[file]());
  });
});

describe("docs/seed-coverage.md", () => {
  const tsv = fs
    .readFileSync(path.join(DOCS, "seed-tables.tsv"), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("\t") as [string, string]);
  const doc = fs.readFileSync(path.join(DOCS, "seed-coverage.md"), "utf8");
  const rows = doc
    .split("\n")
    .filter((l) => l.startsWith("|") && !/^\|\s*-/.test(l))
    .map((l) => l.split("|").slice(1, -1).map((c) => c.trim().replace(/`/g, "")));
  const models = new Set(Object.keys((getDatamodel() as any).datamodel.models));
  // Enums count too (a lookup table that became an enum names the enum).
  const enums = new Set([...fs.readdirSync(path.resolve(__dirname, "../../prisma/schema")).flatMap((f) =>
    [...fs.readFileSync(path.resolve(__dirname, "../../prisma/schema", f), "utf8").matchAll(/^enum (\w+)/gm)].map((m) => m[1]))]);

  it("has exactly one row per seed table (80)", () => {
    expect(tsv).toHaveLength(80);
    for (const [file, table] of tsv) {
      const matching = rows.filter((r) => r[0] === file && r[1] === table);
      expect({ file, table, rows: matching.length }).toEqual({ file, table, rows: 1 });
    }
  });

  it("names only models that exist in the Prisma schema", () => {
    const named = rows.filter((r) => tsv.some(([f, t]) => r[0] === f && r[1] === t)).flatMap((r) => r[2].match(/\b[A-Z][A-Za-z]+\b/g) ?? []);
    const unknown = named.filter((m) => !models.has(m) && !enums.has(m) && m !== "DashboardCreator");
    expect(unknown).toEqual([]);
  });
});

describe("README", () => {
  it("lists every demo account with the password the seed gives it", async () => {
    const { DEMO_ACCOUNTS } = await import("../../prisma/seed/index.ts");
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    for (const a of DEMO_ACCOUNTS) expect(readme).toContain(`| ${a.email} | \`${a.password}\` |`);
  });
});

it(".env.example lists every variable with its default and is current (npm run docs)", async () => {
  const gen = await import("../../scripts/gen-docs.ts");
  const { CONFIG_DOCS, configShape } = await import("../../src/core/config.ts");
  const fsm = await import("node:fs");
  expect(fsm.readFileSync(gen.ENV_EXAMPLE, "utf8")).toBe(gen.renderEnvExample());
  const text = gen.renderEnvExample();
  for (const key of Object.keys(configShape.shape)) expect([key, new RegExp(`^#? ?${key}=`, "m").test(text)]).toEqual([key, true]);
  expect(text).toContain("PORT=4000");
  expect(Object.keys(CONFIG_DOCS).length).toBeGreaterThan(0);
});
