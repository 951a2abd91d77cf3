// E-mail delivery status from SendGrid's signed Event Webhook: a sent outbox row becomes DELIVERED
// or BOUNCED (seen by admins in emailLogs), every event counts once, and a bad signature, a
// tampered body or an old signed request is refused.
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { jobs } from "../../src/domains/communication/jobs.ts";
import { queueEmail } from "../../src/core/outbox.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { makeAdmin, type TestUser } from "../helpers/factories/site.ts";

const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
// SendGrid shows the verification key as base64 DER (SubjectPublicKeyInfo).
const PUBLIC_KEY = publicKey.export({ type: "spki", format: "der" }).toString("base64");

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await createTestApp({ env: { SENDGRID_WEBHOOK_PUBLIC_KEY: PUBLIC_KEY } });
  admin = await makeAdmin(app);
});
afterAll(() => app.close());

const LOGS = `query($s: EmailStatus) { emailLogs(status: $s, first: 50) { edges { node { recipientEmail status deliveredAt errorMessage } } } }`;

function sign(body: string, timestamp: string, key: KeyObject = privateKey) {
  return createSign("sha256").update(timestamp + body).sign(key).toString("base64");
}
async function post(events: unknown[], opts: { timestamp?: number; signature?: string; body?: string } = {}) {
  const body = JSON.stringify(events);
  const timestamp = String(opts.timestamp ?? Math.floor(app.clock.now().getTime() / 1000));
  const res = await app.yoga.fetch("http://test/webhooks/email/sendgrid", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Twilio-Email-Event-Webhook-Signature": opts.signature ?? sign(body, timestamp),
      "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
    },
    body: opts.body ?? body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function sentMails(n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = await app.prisma.$transaction((tx) => queueEmail(tx as never, { to: `reader${i}-${Date.now()}@example.test`, emailType: "welcome", subject: "Welcome", text: "Hi" }));
    ids.push(m.id);
  }
  await runJobsOnce(app.runtime, jobs.filter((j) => j.name === "communication.deliver_email"));
  return app.prisma.emailLog.findMany({ where: { id: { in: ids } }, orderBy: { recipientEmail: "asc" } });
}
const at = () => Math.floor(app.clock.now().getTime() / 1000);

it("marks a sent mail DELIVERED and another BOUNCED; a retried batch changes nothing", async () => {
  const [a, b] = await sentMails(2);
  expect([a.status, b.status]).toEqual(["SENT", "SENT"]);
  expect(a.providerMessageId).toBe(`<${a.id}@localhost>`);
  const deliveredAt = at();
  const events = [
    { event: "processed", sg_event_id: `p-${a.id}`, timestamp: at(), email: a.recipientEmail, "smtp-id": a.providerMessageId },
    { event: "delivered", sg_event_id: `d-${a.id}`, timestamp: deliveredAt, email: a.recipientEmail, "smtp-id": a.providerMessageId, response: "250 OK" },
    { event: "bounce", sg_event_id: `b-${b.id}`, timestamp: at(), email: b.recipientEmail, email_log_id: b.id, type: "bounce", reason: "550 5.1.1 The email account does not exist" },
  ];
  const r = await post(events);
  expect(r).toEqual({ status: 200, body: { received: 3, processed: 2, ignored: 1, duplicates: 0 } });

  const delivered = (await app.ok(LOGS, { s: "DELIVERED" }, { token: admin.token })).emailLogs.edges.map((e: any) => e.node);
  expect(delivered).toEqual([{ recipientEmail: a.recipientEmail, status: "DELIVERED", deliveredAt: new Date(deliveredAt * 1000).toISOString(), errorMessage: null }]);
  const bounced = (await app.ok(LOGS, { s: "BOUNCED" }, { token: admin.token })).emailLogs.edges.map((e: any) => e.node);
  expect(bounced).toEqual([expect.objectContaining({ recipientEmail: b.recipientEmail, errorMessage: "550 5.1.1 The email account does not exist" })]);
  expect(await app.prisma.auditLog.count({ where: { entityType: "EmailLog", entityId: { in: [a.id, b.id] } } })).toBe(2);

  // SendGrid retries a batch it got no 2xx for: same events, same ids.
  expect((await post(events)).body).toEqual({ received: 3, processed: 0, ignored: 0, duplicates: 3 });
  expect(await app.prisma.auditLog.count({ where: { entityType: "EmailLog", entityId: { in: [a.id, b.id] } } })).toBe(2);
  expect(await app.prisma.webhookEvent.count({ where: { provider: "sendgrid" } })).toBe(3);
});

it("a late bounce wins over delivered; a delivered after a bounce does not undo it; dropped mail is FAILED", async () => {
  const [a, b, c] = await sentMails(3);
  await post([{ event: "delivered", sg_event_id: `d2-${a.id}`, timestamp: at(), "smtp-id": a.providerMessageId }]);
  await post([{ event: "bounce", sg_event_id: `b2-${a.id}`, timestamp: at(), "smtp-id": a.providerMessageId, reason: "mailbox full" }]);
  await post([
    { event: "bounce", sg_event_id: `b2-${b.id}`, timestamp: at(), "smtp-id": b.providerMessageId, type: "blocked" },
    { event: "delivered", sg_event_id: `d2-${b.id}`, timestamp: at(), "smtp-id": b.providerMessageId },
    { event: "dropped", sg_event_id: `x2-${c.id}`, timestamp: at(), "smtp-id": c.providerMessageId, reason: "Bounced Address" },
  ]);
  const rows = await app.prisma.emailLog.findMany({ where: { id: { in: [a.id, b.id, c.id] } }, orderBy: { recipientEmail: "asc" } });
  expect(rows.map((r) => [r.status, r.errorMessage])).toEqual([
    ["BOUNCED", "mailbox full"],
    ["BOUNCED", "blocked"],
    ["FAILED", "Bounced Address"],
  ]);
});

it("refuses a wrong key, a tampered body, an old signed request and a non-event body", async () => {
  const [a] = await sentMails(1);
  const events = [{ event: "delivered", sg_event_id: `d3-${a.id}`, timestamp: at(), "smtp-id": a.providerMessageId }];
  const other = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;
  const ts = String(at());
  expect((await post(events, { signature: sign(JSON.stringify(events), ts, other) })).status).toBe(401);
  expect((await post(events, { body: JSON.stringify([{ ...events[0], event: "bounce" }]) })).status).toBe(401);
  expect((await post(events, { signature: "not-a-signature" })).status).toBe(401);
  // Correctly signed, but ten minutes old (the tolerance is five): a captured request replayed later.
  expect((await post(events, { timestamp: at() - 600 })).status).toBe(401);
  expect((await post([{ nope: true }])).status).toBe(400);
  expect((await app.prisma.emailLog.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("SENT");
  expect(await app.prisma.webhookEvent.count({ where: { eventId: `d3-${a.id}` } })).toBe(0);
});
