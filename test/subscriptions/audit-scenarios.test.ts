// Our audit scenarios run (the shared walker runs them too, each on a fresh database): every
// subscription mutation succeeds and writes audit rows in the same request.
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { scenarios } from "../audit-scenarios/subscriptions.ts";
import { getRawSchema } from "../../src/app/schema.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

it("covers every mutation of the subscriptions domain", () => {
  const ours = ["createSubscriptionTier", "updateSubscriptionTier", "deleteSubscriptionTier", "subscribe", "cancelSubscription", "resumeSubscription", "changeTier"];
  const mutations = Object.keys(getRawSchema().getMutationType()!.getFields());
  expect(ours.every((m) => mutations.includes(m))).toBe(true);
  expect(Object.keys(scenarios).sort()).toEqual([...ours].sort());
});

it.each(Object.entries(scenarios))("%s writes an audit row", async (_name, scenario) => {
  const run = await scenario(app);
  const before = await app.prisma.auditLog.count();
  const r = await app.gql(run.query, run.variables, { token: run.token });
  expect(r.errors).toBeUndefined();
  expect(await app.prisma.auditLog.count()).toBeGreaterThan(before);
});
