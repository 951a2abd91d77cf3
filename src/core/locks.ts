// One advisory-lock helper for every "serialise this section of a transaction" (a buyer and an
// item, a booking's idempotency key, a user's social accounts). Transaction-scoped: released at
// commit or rollback. The key is hashed with hashtextextended(key, 0) to one bigint (the form the
// commerce locks already used; the former two-int hashtext(scope), hashtext(userId) form of the
// integrations lock is now the key "scope:userId"). No stored data depends on the hash: advisory
// locks live only as long as their transaction. The sub-select keeps Prisma from deserialising
// pg_advisory_xact_lock's void result.
import type { Tx } from "./tx.ts";

/** Serializes work on one logical key (e.g. "a buyer and an item") for the rest of the transaction. */
export async function advisoryLock(tx: Tx, key: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))) AS l`;
}

/** Serialises a per-user section of a transaction (e.g. "count, then add one"). */
export function lockUser(tx: Tx, scope: string, userId: string): Promise<void> {
  return advisoryLock(tx, `${scope}:${userId}`);
}
