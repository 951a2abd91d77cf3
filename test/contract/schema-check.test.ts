// schema:check classifies changes and enforces the contract: unacknowledged breaking changes and
// operations that no longer validate fail it; additions are safe.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSchema } from "graphql";
import { checkContract, loadReleasedSchema, readAcknowledgements } from "../../scripts/schema-contract.ts";
import { getRawSchema } from "../../src/app/schema.ts";

const base = buildSchema(`
  type Query { story(id: ID!): Story, stories(first: Int): [Story!]! }
  type Story { id: ID!, title: String!, kind: Kind }
  enum Kind { AUDIO VIDEO }
`);

function opsDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-ops-"));
  for (const [f, s] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), s);
  return dir;
}

describe("schema contract check", () => {
  it("classifies a removed field as breaking, an added enum value as dangerous, an added field as safe", () => {
    const next = buildSchema(`
      type Query { story(id: ID!): Story, stories(first: Int): [Story!]!, voicePacks: [String!]! }
      type Story { id: ID!, kind: Kind, subtitle: String }
      enum Kind { AUDIO VIDEO WRITTEN }
    `);
    const r = checkContract(base, next, new Set(), opsDir({}));
    expect(r.breaking.map((b) => b.description)).toEqual(["Story.title was removed."]);
    expect(r.dangerous).toEqual(["WRITTEN was added to enum type Kind."]);
    expect(r.safe).toEqual(expect.arrayContaining(["Query.voicePacks was added.", "Story.subtitle was added."]));
    expect(r.ok).toBe(false);
  });

  it("passes a breaking change that is acknowledged in the reviewed file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-ack-"));
    const ack = path.join(dir, "ack.txt");
    fs.writeFileSync(ack, "# reviewed\nStory.title was removed. -- replaced by Story.name in v2, apps updated\n");
    const next = buildSchema(`type Query { story(id: ID!): Story, stories(first: Int): [Story!]! } type Story { id: ID!, kind: Kind } enum Kind { AUDIO VIDEO }`);
    const r = checkContract(base, next, readAcknowledgements(ack), opsDir({}));
    expect(r.breaking).toEqual([{ description: "Story.title was removed.", acknowledged: true }]);
    expect(r.ok).toBe(true);
  });

  it("fails when a persisted operation no longer validates", () => {
    const next = buildSchema(`type Query { story(id: ID!): Story } type Story { id: ID!, title: String!, kind: Kind } enum Kind { AUDIO VIDEO }`);
    const dir = opsDir({ "List.graphql": "query List { stories(first: 2) { id title } }", "One.graphql": "query One { story(id: 1) { title } }" });
    const r = checkContract(base, next, new Set(["Query.stories was removed."]), dir);
    expect(r.invalidOperations.map((o) => o.file)).toEqual(["List.graphql"]);
    expect(r.ok).toBe(false);
  });

  it("holds for the real schema against the released contract", () => {
    const r = checkContract(loadReleasedSchema(), getRawSchema(), readAcknowledgements());
    expect(r.invalidOperations).toEqual([]);
    expect(r.breaking.filter((b) => !b.acknowledged)).toEqual([]);
    expect(r.deprecations.filter((d) => !d.reason)).toEqual([]);
  });
});
