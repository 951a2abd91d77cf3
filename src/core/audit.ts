// The audit trail: every mutation that changes data writes one audit_log row (actor, action,
// entity, old and new values with secrets redacted, IP, user agent, request id) inside the same
// transaction as the change, so there is never a change without its row or a row without its
// change. The seed 001 activity log is this same table.
import type { Tx } from "./tx.ts";
import type { Viewer } from "./context.ts";

export interface AuditActor {
  viewer: Viewer | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface AuditEntry {
  /** Verb in dotted form: "story.publish", "auth.sign_in", "purchase.refund". */
  action: string;
  entityType: string;
  entityId?: string | null;
  oldValues?: unknown;
  newValues?: unknown;
  /** Overrides the actor (e.g. sign-up, where the viewer is not signed in yet; webhooks). */
  actorId?: string | null;
}

const SECRET_KEY = /(pass(word)?|secret|token|hash|authorization|api[_-]?key|cookie|card|cvc)/i;

/** Deep copy for JSON with secret-looking keys replaced; Decimals, Dates and BigInts as strings. */
export function redact(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === "object") {
    if (typeof (value as { toFixed?: unknown }).toFixed === "function" && typeof (value as { d?: unknown }).d !== "undefined") return String(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v);
    return out;
  }
  return value;
}

export async function recordAudit(tx: Tx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId !== undefined ? entry.actorId : actor.viewer?.id ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      oldValues: entry.oldValues === undefined ? undefined : (redact(entry.oldValues) as object),
      newValues: entry.newValues === undefined ? undefined : (redact(entry.newValues) as object),
      ipAddress: actor.ip,
      userAgent: actor.userAgent?.slice(0, 500) ?? null,
      requestId: actor.requestId,
    },
  });
}

// The changed part of a row for an audit entry: the keys of `after` whose value differs from
// `before` (undefined = not part of the change; updatedAt never counts).
export function changedValues(before: object, after: object): { oldValues: Record<string, unknown>; newValues: Record<string, unknown> } {
  const b = before as Record<string, unknown>;
  const oldValues: Record<string, unknown> = {};
  const newValues: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined || k === "updatedAt") continue;
    if (JSON.stringify(b[k] ?? null) !== JSON.stringify(v ?? null)) {
      oldValues[k] = b[k];
      newValues[k] = v;
    }
  }
  return { oldValues, newValues };
}
