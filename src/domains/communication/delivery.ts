// Outbox delivery: claims PENDING mails (one UPDATE … FOR UPDATE SKIP LOCKED, so concurrent runners
// never take the same row), hands each to the transport outside any transaction, then records
// SENT with the provider id, or the error. A failed attempt is retried with exponential backoff
// (1, 2, 4, … minutes); after MAIL_MAX_ATTEMPTS the mail is FAILED. Delivery is at-least-once: a
// crash between the transport's acceptance and the SENT update sends the mail again later.
import type { JobRuntime } from "../../core/jobs.ts";
import type { MailMessage } from "../../core/ports.ts";

interface ClaimedMail {
  id: string;
  recipient_email: string;
  subject: string;
  body_text: string | null;
  body_html: string | null;
  attempts: number;
}

export interface DeliveryResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

async function fromAddress(runtime: JobRuntime): Promise<string> {
  const s = await runtime.db.prisma.platformSettings.findUnique({ where: { singleton: true }, select: { emailFromName: true, emailFromAddress: true } });
  if (!s?.emailFromAddress) return runtime.config.MAIL_FROM;
  const name = s.emailFromName?.replace(/["\r\n<>]/g, "").trim();
  return name ? `"${name}" <${s.emailFromAddress}>` : s.emailFromAddress;
}

export async function deliverPendingEmails(runtime: JobRuntime, opts: { limit?: number } = {}): Promise<DeliveryResult> {
  const prisma = runtime.db.prisma;
  const now = runtime.services.clock();
  const limit = opts.limit ?? 50;
  const claimed = await prisma.$queryRaw<ClaimedMail[]>`
    UPDATE email_logs SET attempts = attempts + 1, updated_at = ${now}
     WHERE id IN (
       SELECT id FROM email_logs
        WHERE status = 'PENDING'
          AND (attempts = 0 OR updated_at <= ${now}::timestamptz - make_interval(mins => power(2, attempts - 1)::int))
        ORDER BY created_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, recipient_email, subject, body_text, body_html, attempts`;
  const result: DeliveryResult = { claimed: claimed.length, sent: 0, retrying: 0, failed: 0 };
  if (!claimed.length) return result;
  const from = await fromAddress(runtime);
  const transport = runtime.services.mail;
  for (const mail of claimed) {
    const message: MailMessage = { id: mail.id, from, to: mail.recipient_email, subject: mail.subject, text: mail.body_text, html: mail.body_html };
    try {
      const { providerMessageId } = await transport.send(message);
      const at = runtime.services.clock();
      await prisma.emailLog.updateMany({
        where: { id: mail.id, status: "PENDING" },
        data: { status: "SENT", provider: transport.name, providerMessageId, sentAt: at, errorMessage: null, updatedAt: at },
      });
      result.sent++;
    } catch (e) {
      const giveUp = mail.attempts >= runtime.config.MAIL_MAX_ATTEMPTS;
      const at = runtime.services.clock();
      await prisma.emailLog.updateMany({
        where: { id: mail.id, status: "PENDING" },
        data: { status: giveUp ? "FAILED" : "PENDING", provider: transport.name, errorMessage: String((e as Error)?.message ?? e).slice(0, 1000), updatedAt: at },
      });
      if (giveUp) result.failed++;
      else result.retrying++;
      runtime.log.warn({ mailId: mail.id, attempts: mail.attempts, giveUp, err: (e as Error)?.message }, "mail delivery failed");
    }
  }
  return result;
}
