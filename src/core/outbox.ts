// The writers every domain calls inside its own transaction:
//  - the e-mail outbox: every mail is first a PENDING row in email_logs, written in the same
//    transaction as whatever caused it; a transport delivers it later (the communication domain's
//    delivery job). No SMTP is needed to run the gateway. queueTemplateEmail renders a template
//    (`{{ name }}` placeholders, every one declared in `variables`; a missing value is an error,
//    values are HTML-escaped in the HTML body).
//  - in-app notifications (notify).
import type { EmailTemplate, NotificationType, Prisma } from "../generated/prisma/client.ts";
import { publishAfterCommit, type Tx } from "./tx.ts";

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

// --- templates ---

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string | null;
}

export type TemplateParts = Pick<EmailTemplate, "subject" | "bodyHtml" | "bodyText">;

export function placeholders(t: TemplateParts): string[] {
  const names = new Set<string>();
  for (const part of [t.subject, t.bodyHtml, t.bodyText ?? ""]) for (const m of part.matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names];
}

export class MissingTemplateVariables extends Error {
  constructor(readonly names: string[]) {
    super(`missing template variables: ${names.join(", ")}`);
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function valueOf(vars: Record<string, unknown>, name: string): string | undefined {
  const v = vars[name];
  if (v === null || v === undefined) return undefined;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Substitutes every placeholder; throws MissingTemplateVariables naming every absent value. */
export function renderTemplate(t: TemplateParts, vars: Record<string, unknown>): RenderedEmail {
  const missing = placeholders(t).filter((n) => valueOf(vars, n) === undefined);
  if (missing.length) throw new MissingTemplateVariables(missing);
  const fill = (s: string, escape: boolean) => s.replace(PLACEHOLDER, (_m, n: string) => (escape ? escapeHtml(valueOf(vars, n)!) : valueOf(vars, n)!));
  return { subject: fill(t.subject, false).replace(/[\r\n]+/g, " "), html: fill(t.bodyHtml, true), text: t.bodyText === null ? null : fill(t.bodyText, false) };
}

function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/h[1-6]|\/li)\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export interface TemplatedEmail {
  to: string;
  userId?: string | null;
  templateKey: string;
  emailType: string;
  variables: Record<string, unknown>;
  /** Used when no active template has this key (so a fresh install still mails). */
  fallback?: { subject: string; text: string; html?: string | null };
}

/** Queues a mail rendered from the active template `templateKey` (or the fallback) in the caller's transaction. */
export async function queueTemplateEmail(tx: Tx, mail: TemplatedEmail): Promise<{ id: string }> {
  const template = await tx.emailTemplate.findFirst({ where: { key: mail.templateKey, isActive: true } });
  if (!template) {
    if (!mail.fallback) throw new Error(`No active e-mail template "${mail.templateKey}" and no fallback`);
    return queueEmail(tx, { to: mail.to, userId: mail.userId, emailType: mail.emailType, ...mail.fallback });
  }
  const r = renderTemplate(template, mail.variables);
  return queueEmail(tx, {
    to: mail.to,
    userId: mail.userId,
    emailType: mail.emailType,
    templateKey: template.key,
    subject: r.subject,
    html: r.html,
    text: r.text ?? htmlToText(r.html),
  });
}

// --- notifications ---

// In-app notifications, created by the domains in their own transactions (comment reply,
// purchase receipt, booking reminder, credits expiring, subscription past due, …). A user who
// switched a type off for the in-app channel (user_settings.notification_preferences, e.g.
// { "COMMENT_REPLY": { "inApp": false } }) gets none of that type; SYSTEM notices always go out.
export interface NewNotification {
  userId: string;
  type: NotificationType;
  title: string;
  message: string;
  actionUrl?: string | null;
  actionLabel?: string | null;
  relatedEntityType?: string | null;
  relatedEntityId?: string | null;
  metadata?: Prisma.InputJsonValue;
  expiresAt?: Date | null;
}

export async function notify(tx: Tx, n: NewNotification): Promise<void> {
  if (n.type !== "SYSTEM") {
    const settings = await tx.userSettings.findUnique({ where: { userId: n.userId }, select: { notificationPreferences: true } });
    const prefs = settings?.notificationPreferences as Record<string, { inApp?: boolean } | undefined> | null | undefined;
    if (prefs?.[n.type]?.inApp === false) return;
  }
  const created = await tx.notification.create({
    data: {
      userId: n.userId,
      type: n.type,
      title: n.title.slice(0, 500),
      message: n.message,
      actionUrl: n.actionUrl ?? null,
      actionLabel: n.actionLabel ?? null,
      relatedEntityType: n.relatedEntityType ?? null,
      relatedEntityId: n.relatedEntityId ?? null,
      metadata: n.metadata ?? {},
      expiresAt: n.expiresAt ?? null,
    },
    select: { id: true },
  });
  publishAfterCommit(tx, "notificationAdded", n.userId, { notificationId: created.id });
}
