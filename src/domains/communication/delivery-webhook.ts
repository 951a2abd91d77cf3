// E-mail delivery status from the provider: SendGrid's signed Event Webhook
// (POST /webhooks/email/sendgrid) moves an outbox row from SENT to DELIVERED or BOUNCED.
//  - Signature: SendGrid signs `timestamp + raw body` with ECDSA P-256; it is checked with
//    SendGrid's own library (@sendgrid/eventwebhook) against SENDGRID_WEBHOOK_PUBLIC_KEY. Unset:
//    503. A bad signature: 401.
//  - Replay: the signed timestamp must be within MAIL_WEBHOOK_TOLERANCE_SECONDS of the server's
//    clock (an old captured request is refused), and every event is recorded once in
//    webhook_events (provider "sendgrid", sg_event_id unique): a retried batch changes nothing.
//  - Which row: SendGrid reports our Message-ID (`smtp-id`, which the mail adapter sets to
//    <email_logs.id@domain>), or an `email_log_id` custom argument; otherwise the provider id.
//  - Status: delivered → DELIVERED (deliveredAt = the event's time) unless already BOUNCED;
//    bounce / blocked → BOUNCED with the reason (a late bounce after a delivery wins: the
//    receiving server accepted the mail, then returned it); dropped → FAILED (never sent). Other
//    events (processed, deferred, open, click, …) are recorded as IGNORED.
// Every status change writes an audit row (actor: the webhook) in the transaction of the batch.
import { EventWebhook, EventWebhookHeader } from "@sendgrid/eventwebhook";
import { z } from "zod";
import { recordAudit, type AuditActor } from "../../core/audit.ts";
import { json, type HttpRoute } from "../../core/http.ts";
import { UUID_RE } from "../../core/ids.ts";
import { transaction, type Tx } from "../../core/tx.ts";
import type { EmailStatus, Prisma } from "../../generated/prisma/client.ts";

const PROVIDER = "sendgrid";
const MAX_EVENTS = 1000;

const eventSchema = z.looseObject({
  event: z.string().min(1).max(50),
  sg_event_id: z.string().min(1).max(200),
  timestamp: z.number().int().nonnegative(),
  email: z.string().max(320).optional(),
  "smtp-id": z.string().max(500).optional(),
  sg_message_id: z.string().max(500).optional(),
  email_log_id: z.string().max(100).optional(),
  reason: z.string().max(2000).optional(),
  type: z.string().max(50).optional(),
});
type DeliveryEvent = z.infer<typeof eventSchema>;

const ACTOR: AuditActor = { viewer: null, ip: null, userAgent: "sendgrid-event-webhook", requestId: "webhook:sendgrid" };

const verifier = new EventWebhook();
let cachedKey: { raw: string; key: ReturnType<EventWebhook["convertPublicKeyToECDSA"]> } | null = null;
function publicKey(raw: string) {
  if (cachedKey?.raw !== raw) cachedKey = { raw, key: verifier.convertPublicKeyToECDSA(raw) };
  return cachedKey.key;
}

function verified(raw: string, body: string, signature: string, timestamp: string): boolean {
  try {
    return verifier.verifySignature(publicKey(raw), body, signature, timestamp);
  } catch {
    return false; // a malformed signature or key
  }
}

/** The outbox row an event is about. */
async function emailLogOf(tx: Tx, ev: DeliveryEvent): Promise<{ id: string; status: EmailStatus } | null> {
  const ids = [ev.email_log_id, /^<?([0-9a-f-]{36})@/i.exec(ev["smtp-id"] ?? "")?.[1]].filter((v): v is string => !!v && UUID_RE.test(v));
  if (ids.length) {
    const row = await tx.emailLog.findFirst({ where: { id: { in: ids } }, select: { id: true, status: true } });
    if (row) return row;
  }
  const providerIds = [ev["smtp-id"], ev.sg_message_id].filter((v): v is string => !!v);
  if (!providerIds.length) return null;
  return tx.emailLog.findFirst({ where: { providerMessageId: { in: providerIds } }, select: { id: true, status: true } });
}

/** The status an event moves a row to, or null when it changes nothing. */
function nextStatus(current: EmailStatus, ev: DeliveryEvent): EmailStatus | null {
  const kind = ev.event.toLowerCase();
  if (kind === "delivered") return current === "SENT" || current === "PENDING" ? "DELIVERED" : null;
  if (kind === "bounce" || kind === "blocked") return current === "BOUNCED" ? null : "BOUNCED";
  if (kind === "dropped") return current === "PENDING" || current === "SENT" ? "FAILED" : null;
  return null;
}

interface BatchResult {
  processed: number;
  ignored: number;
  duplicates: number;
}

async function processBatch(tx: Tx, events: DeliveryEvent[], raw: unknown[], now: Date): Promise<BatchResult> {
  const result: BatchResult = { processed: 0, ignored: 0, duplicates: 0 };
  for (const [i, ev] of events.entries()) {
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO webhook_events (id, provider, event_id, type, payload, status, attempts, created_at, updated_at)
      VALUES (gen_random_uuid(), ${PROVIDER}, ${ev.sg_event_id}, ${ev.event}, ${JSON.stringify(raw[i])}::jsonb, 'RECEIVED', 1, now(), now())
      ON CONFLICT (provider, event_id) DO NOTHING
      RETURNING id`;
    if (!inserted.length) {
      result.duplicates++;
      continue;
    }
    const row = await emailLogOf(tx, ev);
    const to = row ? nextStatus(row.status, ev) : null;
    if (row && to) {
      const at = new Date(ev.timestamp * 1000);
      const data: Prisma.EmailLogUpdateInput = { status: to };
      if (to === "DELIVERED") data.deliveredAt = at;
      if (to !== "DELIVERED") data.errorMessage = (ev.reason ?? ev.type ?? ev.event).slice(0, 1000);
      await tx.emailLog.update({ where: { id: row.id }, data });
      await recordAudit(tx, ACTOR, {
        action: `email.${to.toLowerCase()}`,
        entityType: "EmailLog",
        entityId: row.id,
        oldValues: { status: row.status },
        newValues: { status: to, event: ev.event, eventId: ev.sg_event_id, ...(ev.reason ? { reason: ev.reason } : {}) },
      });
      result.processed++;
    } else {
      result.ignored++;
    }
    await tx.webhookEvent.update({ where: { id: inserted[0].id }, data: { status: row && to ? "PROCESSED" : "IGNORED", processedAt: now } });
  }
  return result;
}

export const sendGridEventsRoute: HttpRoute = {
  method: "POST",
  path: "/webhooks/email/sendgrid",
  handler: async (request, rt) => {
    const key = rt.config.SENDGRID_WEBHOOK_PUBLIC_KEY;
    if (!key) return json(503, { error: "E-mail delivery webhooks are not configured (SENDGRID_WEBHOOK_PUBLIC_KEY)." });
    const signature = request.headers.get(EventWebhookHeader.SIGNATURE()) ?? "";
    const timestamp = request.headers.get(EventWebhookHeader.TIMESTAMP()) ?? "";
    const body = await request.text();
    if (!signature || !/^\d{1,12}$/.test(timestamp) || !verified(key, body, signature, timestamp)) return json(401, { error: "Invalid signature." });
    const skew = Math.abs(rt.services.clock().getTime() / 1000 - Number(timestamp));
    if (skew > rt.config.MAIL_WEBHOOK_TOLERANCE_SECONDS) return json(401, { error: "The signed timestamp is too old or too far ahead." });
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      return json(400, { error: "The body is not JSON." });
    }
    if (!Array.isArray(raw) || raw.length > MAX_EVENTS) return json(400, { error: `Expected an array of at most ${MAX_EVENTS} events.` });
    const events: DeliveryEvent[] = [];
    for (const [i, e] of raw.entries()) {
      const parsed = eventSchema.safeParse(e);
      if (!parsed.success) return json(400, { error: "Not a SendGrid event.", index: i, field: parsed.error.issues[0]?.path.join(".") });
      events.push(parsed.data);
    }
    const result = await transaction(rt.db.prisma, (tx) => processBatch(tx, events, raw as unknown[], rt.services.clock()));
    return json(200, { received: events.length, ...result });
  },
};
