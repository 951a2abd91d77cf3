// The e-mail outbox: every mail is first a PENDING row in email_logs, written in the same
// transaction as whatever caused it; a transport delivers it later (see the communication
// domain's delivery job). No SMTP is needed to run the gateway.
import type { Tx } from "./tx.ts";

export interface OutgoingEmail {
  to: string;
  userId?: string | null;
  /** 'welcome', 'password_reset', 'purchase_receipt', … */
  emailType: string;
  subject: string;
  text: string;
  html?: string | null;
  templateKey?: string | null;
}

export async function queueEmail(tx: Tx, mail: OutgoingEmail): Promise<{ id: string }> {
  return tx.emailLog.create({
    data: {
      recipientEmail: mail.to,
      userId: mail.userId ?? null,
      emailType: mail.emailType,
      subject: mail.subject.slice(0, 500),
      bodyText: mail.text,
      bodyHtml: mail.html ?? null,
      templateKey: mail.templateKey ?? null,
      status: "PENDING",
    },
    select: { id: true },
  });
}
