// The audit trail and the cache store: admins only (anonymous → UNAUTHENTICATED, others → FORBIDDEN).
import { isAdmin } from "../../core/authz/index.ts";

export const rules = {
  Query: { auditLogs: isAdmin, cacheEntries: isAdmin, deadJobs: isAdmin },
  DeadJob: { "*": isAdmin },
  Mutation: { purgeCache: isAdmin },
  AuditLog: { "*": isAdmin },
  CacheEntry: { "*": isAdmin },
};
