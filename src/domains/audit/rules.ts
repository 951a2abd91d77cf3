// The audit trail and the cache store: admins only (anonymous → UNAUTHENTICATED, others → FORBIDDEN).
import { isAdmin } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

export const rules = {
  Query: { auditLogs: isAdmin, cacheEntries: isAdmin, deadJobs: isAdmin },
  DeadJob: { "*": isAdmin },
  Mutation: { purgeCache: isAdmin },
  AuditLog: { "*": isAdmin },
  CacheEntry: { "*": isAdmin },
} satisfies RuleMap;
