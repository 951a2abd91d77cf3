// Mail transports: how a row of the outbox (email_logs) leaves the process. Chosen by
// MAIL_TRANSPORT: `log` (default: writes a log line, sends nothing), `file` (writes an RFC 5322
// .eml file per mail into MAIL_FILE_DIR — inspectable, nothing leaves the machine) or `smtp`
// (nodemailer over SMTP_URL). The delivery job (delivery.ts) is the only caller.
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { AppConfig } from "../core/config.ts";
import type { Logger } from "../core/logger.ts";
import { type MailMessage, type MailTransport } from "../core/ports.ts";



function messageId(m: MailMessage): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(m.from)?.[1] ?? "localhost";
  return `<${m.id}@${domain}>`;
}

function mailOptions(m: MailMessage) {
  return { messageId: messageId(m), from: m.from, to: m.to, subject: m.subject, text: m.text ?? undefined, html: m.html ?? undefined };
}

export function logTransport(log: Logger): MailTransport {
  return {
    name: "log",
    async send(m) {
      const id = messageId(m);
      // Recipient and subject only: bodies can carry one-time links.
      log.info({ mailId: m.id, messageId: id, to: m.to, subject: m.subject }, "mail (log transport, not sent)");
      return { providerMessageId: id };
    },
    close() {},
  };
}

/** One `<email_logs id>.eml` file per mail, written atomically (temp file, then rename). */
export function fileTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    name: "file",
    async send(m) {
      const info = await composer.sendMail(mailOptions(m));
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${m.id}.eml`);
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, info.message as Buffer);
      await fs.rename(tmp, file);
      return { providerMessageId: info.messageId };
    },
    close() {
      composer.close();
    },
  };
}

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: "smtp",
    async send(m) {
      const info = await transporter.sendMail(mailOptions(m));
      if (info.rejected?.length) throw new Error(`SMTP server rejected the recipient (${info.response ?? "no response"})`);
      return { providerMessageId: info.messageId };
    },
    close() {
      transporter.close();
    },
  };
}

export function createMailTransport(config: Pick<AppConfig, "MAIL_TRANSPORT" | "MAIL_FILE_DIR" | "SMTP_URL">, log: Logger): MailTransport {
  switch (config.MAIL_TRANSPORT) {
    case "file":
      return fileTransport(path.resolve(config.MAIL_FILE_DIR));
    case "smtp":
      // config.ts already refuses MAIL_TRANSPORT=smtp without SMTP_URL.
      return smtpTransport(config.SMTP_URL!);
    default:
      return logTransport(log);
  }
}
