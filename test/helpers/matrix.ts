// The authorization matrix, table-driven: the same eight viewers for every domain, and a small
// runner that turns { query, what each viewer must get } rows into one test per cell.
//
// A domain adds its rows in its own test file:
//
//   import { defineMatrix, personasMatrix, same, only } from "../helpers/matrix.ts";
//   defineMatrix("tips", async (app, who) => ({ tip: await makeTip(app, who.member.id, who.owner.id) }), [
//     { name: "tip by id", query: `query($id: ID!) { node(id: $id) { id } }`, variables: (f) => ({ id: f.tip.gid }),
//       pick: (d) => d.node?.id ?? null,
//       expect: only({ member: { data: "…" }, owner: { data: "…" }, admin: { data: "…" } }, { data: null }) },
//   ]);
//
// Each cell asserts the exact error code (`error`) and/or the exact data (`data`, after `pick`);
// for lists, pick the sorted titles so a cell states exactly which rows the viewer may see.
import type { Role } from "../../src/generated/prisma/client.ts";
import { createTestApp, errorCode, type GqlResult, type TestApp } from "./app.ts";
import { createUser } from "./factories/identity.ts";

export const PERSONA_NAMES = ["anonymous", "member", "otherMember", "owner", "otherCreator", "moderator", "admin", "expiredAdmin"] as const;
export type PersonaName = (typeof PERSONA_NAMES)[number];

export interface Persona {
  name: PersonaName;
  id: string | null;
  email: string | null;
  token: string | null;
}
export type Personas = Record<PersonaName, Persona>;

const ROLES: Record<Exclude<PersonaName, "anonymous">, Role[]> = {
  member: ["MEMBER"],
  otherMember: ["MEMBER"],
  owner: ["CREATOR", "MEMBER"], // the creator who owns the fixtures' rows
  otherCreator: ["CREATOR", "MEMBER"],
  moderator: ["MODERATOR", "MEMBER"],
  admin: ["ADMIN", "MEMBER"],
  expiredAdmin: ["MEMBER"], // + an ADMIN grant that expired yesterday
};

/** The eight viewers: users with roles (and an expired ADMIN grant) and their access tokens. */
export async function createPersonas(app: TestApp): Promise<Personas> {
  const out = { anonymous: { name: "anonymous", id: null, email: null, token: null } } as Personas;
  for (const [name, roles] of Object.entries(ROLES) as [Exclude<PersonaName, "anonymous">, Role[]][]) {
    const user = await createUser(app, {
      email: `${name.toLowerCase()}@matrix.test`,
      displayName: name,
      roles,
      expiringRoles: name === "expiredAdmin" ? [{ role: "ADMIN", expiresAt: new Date(app.clock.now().getTime() - 86_400_000) }] : [],
    });
    out[name] = { name, id: user.id, email: user.email, token: await app.token(user.id) };
  }
  return out;
}

/** What one viewer must get: the first error's code, and/or the picked data (exactly). */
export interface Expectation {
  error?: string;
  data?: unknown;
}

export interface MatrixRow<F> {
  name: string;
  query: string;
  variables?: (fixtures: F, who: Personas) => Record<string, unknown>;
  /** The value compared with `data` (default: the whole data object). */
  pick?: (data: any, fixtures: F, who: Personas) => unknown;
  expect: Record<PersonaName, Expectation>;
}

/** The same expectation for every viewer. */
export function same(e: Expectation): Record<PersonaName, Expectation> {
  return Object.fromEntries(PERSONA_NAMES.map((p) => [p, e])) as Record<PersonaName, Expectation>;
}

/** Listed viewers get their own expectation; everyone else gets `otherwise`. */
export function only(some: Partial<Record<PersonaName, Expectation>>, otherwise: Expectation): Record<PersonaName, Expectation> {
  return Object.fromEntries(PERSONA_NAMES.map((p) => [p, some[p] ?? otherwise])) as Record<PersonaName, Expectation>;
}

/** Sorted values, for "exactly these rows" comparisons. */
export const sorted = <T>(xs: T[]): T[] => [...xs].sort();

export async function checkCell<F>(app: TestApp, who: Personas, fixtures: F, row: MatrixRow<F>, persona: PersonaName): Promise<GqlResult> {
  const r = await app.gql(row.query, row.variables?.(fixtures, who) ?? {}, { token: who[persona].token });
  const want = row.expect[persona];
  const got: Expectation = {};
  if (want.error !== undefined) got.error = errorCode(r);
  else if (r.errors?.length) got.error = `unexpected ${errorCode(r)}: ${r.errors[0].message}`;
  if ("data" in want) got.data = row.pick ? row.pick(r.data, fixtures, who) : r.data;
  // One assertion per cell, naming the viewer, so a failure reads as a matrix cell.
  expect({ viewer: persona, ...got }).toEqual({ viewer: persona, ...want });
  return r;
}

/**
 * One describe per table: a fresh app, the eight personas, the table's fixtures, then one test
 * per (row, viewer), in order (rows that change data go last in a table).
 */
export function defineMatrix<F>(title: string, setup: (app: TestApp, who: Personas) => Promise<F>, rows: MatrixRow<F>[]) {
  describe(title, () => {
    let app: TestApp;
    let who: Personas;
    let fixtures: F;
    beforeAll(async () => {
      app = await createTestApp();
      who = await createPersonas(app);
      fixtures = await setup(app, who);
    });
    afterAll(() => app.close());
    for (const row of rows) {
      describe(row.name, () => {
        it.each(PERSONA_NAMES.map((p) => [p]))("%s", async (persona) => {
          await checkCell(app, who, fixtures, row, persona as PersonaName);
        });
      });
    }
  });
}
