// The story and comment audit scenarios, run here on one database: each mutation succeeds and
// writes exactly one audit row (the project-wide walker runs every domain's scenarios on fresh
// databases and also checks that every Mutation field has one).
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { scenarios as stories } from "../audit-scenarios/stories.ts";
import { scenarios as comments } from "../audit-scenarios/comments.ts";
import { getRawSchema } from "../../src/app/schema.ts";

const all = { ...stories, ...comments };

describe("story and comment audit scenarios", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("cover every mutation of the two domains", () => {
    const mutations = Object.keys(getRawSchema().getMutationType()!.getFields());
    for (const name of Object.keys(all)) expect(mutations).toContain(name);
    expect(Object.keys(stories)).toHaveLength(21);
    expect(Object.keys(comments)).toHaveLength(6);
  });

  it.each(Object.keys(all))("%s writes exactly one audit row", async (name) => {
    const run = await all[name](app);
    const before = await app.prisma.auditLog.count();
    const r = await app.gql(run.query, run.variables, { token: run.token });
    expect(r.errors).toBeUndefined();
    expect(await app.prisma.auditLog.count()).toBe(before + 1);
  });
});
