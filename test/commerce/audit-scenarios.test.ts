// Every commerce and offerings mutation has an audit scenario that succeeds and writes audit rows
// (the project-wide walker runs these on fresh databases; this is the domain's own quick check).
import { getRawSchema } from "../../src/app/schema.ts";
import { scenarios as commerce } from "../audit-scenarios/commerce.ts";
import { scenarios as offerings } from "../audit-scenarios/offerings.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";

const scenarios = { ...commerce, ...offerings };
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

it("covers every mutation of the two domains", () => {
  const mutations = Object.keys(getRawSchema().getMutationType()!.getFields());
  const ours = ["purchaseContent", "purchaseSeries", "purchaseVoicePack", "claimContent", "tipCreator", "refundPayment", "adjustCredits", "createVoicePack", "updateVoicePack", "createOffering", "updateOffering", "publishOffering", "archiveOffering", "addOfferingResource", "removeOfferingResource", "bookOffering", "cancelBooking"];
  for (const m of ours) expect(mutations).toContain(m);
  expect(Object.keys(scenarios).sort()).toEqual([...ours].sort());
});

it.each(Object.keys(scenarios))("%s succeeds and writes its audit rows in the request", async (name) => {
  const run = await scenarios[name](app);
  const before = await app.prisma.auditLog.count();
  const r = await app.gql(run.query, run.variables, { token: run.token });
  expect(r.errors).toBeUndefined();
  const rows = await app.prisma.auditLog.findMany({ skip: before, orderBy: { createdAt: "asc" } });
  expect(rows.length).toBeGreaterThan(0);
});
