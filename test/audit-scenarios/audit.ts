// Audit scenarios for the system mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { makeAdmin } from "../helpers/factories/site.ts";

export const scenarios: AuditScenarios = {
  // cache_store is outside the tracked tables (it holds rate-limit counters every request writes),
  // so a purge is no tracked change; it still writes its audit row (checked in test/audit).
  purgeCache: async (app) => {
    await app.prisma.cacheEntry.create({ data: { key: "audit:purge", value: 1, category: "audit" } });
    return { query: `mutation { purgeCache(category: "audit") }`, token: (await makeAdmin(app)).token, expectNoChange: true };
  },
};
