// Communication: e-mail templates with declared {{variables}}, the e-mail log (sent, delivered,
// pending, failed), a message thread between a fan and a creator, and notifications (read,
// unread, one expired).
import type { EmailStatus, NotificationType, Prisma } from "../../src/generated/prisma/client.ts";
import { stamps, type SeedContext } from "./context.ts";
import { sid } from "./ids.ts";
import { USERS, userId } from "./identity.ts";

export const EMAIL_TEMPLATES = [
  {
    key: "welcome", name: "Welcome", description: "Sent after sign-up.",
    subject: "Welcome to {{platformName}}, {{name}}!",
    bodyText: "Hi {{name}},\n\nWelcome to {{platformName}}. Sign in any time at {{loginUrl}}.\n\nHappy creating!",
    variables: ["name", "platformName", "loginUrl"],
  },
  {
    key: "email_verification", name: "Verify your e-mail", description: "Sent after sign-up and on e-mail change.",
    subject: "Confirm your e-mail address",
    bodyText: "Hi {{name}},\n\nConfirm your address by opening {{verifyUrl}} within {{expiresInHours}} hours.",
    variables: ["name", "verifyUrl", "expiresInHours"],
  },
  {
    key: "password_reset", name: "Password reset", description: "Sent when a password reset is requested.",
    subject: "Reset your {{platformName}} password",
    bodyText: "Hi {{name}},\n\nReset your password at {{resetUrl}}. The link expires in {{expiresInMinutes}} minutes. If you did not ask for this, ignore this e-mail.",
    variables: ["name", "platformName", "resetUrl", "expiresInMinutes"],
  },
  {
    key: "purchase_receipt", name: "Purchase receipt", description: "Sent when a payment completes.",
    subject: "Your receipt for {{itemTitle}}",
    bodyText: "Hi {{name}},\n\nThanks for buying {{itemTitle}}: {{amount}} {{currency}}.\nReceipt: {{receiptUrl}}",
    variables: ["name", "itemTitle", "amount", "currency", "receiptUrl"],
  },
  {
    key: "booking_reminder", name: "Booking reminder", description: "Sent a day before a booked session.",
    subject: "Reminder: {{offeringTitle}} starts {{startsAt}}",
    bodyText: "Hi {{name}},\n\n{{offeringTitle}} starts {{startsAt}}. Everything you need is in your portal: {{portalUrl}}",
    variables: ["name", "offeringTitle", "startsAt", "portalUrl"],
  },
];

function render(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? `{{${k}}}`);
}

const toHtml = (text: string) => `<p>${text.replace(/\n\n/g, "</p><p>").replace(/\n/g, "<br>")}</p>`;

export async function seedCommunication(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;

  await ctx.add(
    "EmailTemplate",
    prisma.emailTemplate.createMany({
      data: EMAIL_TEMPLATES.map((t, i) => ({
        id: sid("email-template", t.key),
        key: t.key,
        name: t.name,
        description: t.description,
        subject: t.subject,
        bodyHtml: toHtml(t.bodyText),
        bodyText: t.bodyText,
        variables: t.variables,
        isActive: true,
        ...stamps(ctx.at(-250, 11, i)),
      })),
      skipDuplicates: true,
    }),
  );

  const logs: Prisma.EmailLogCreateManyInput[] = [];
  const addLog = (key: string, user: string, templateKey: string, vars: Record<string, string>, status: EmailStatus, at: Date, error?: string) => {
    const t = EMAIL_TEMPLATES.find((x) => x.key === templateKey)!;
    const u = USERS.find((x) => x.key === user)!;
    const all = { name: u.fullName.split(" ")[0], platformName: "Creator Gateway Demo", ...vars };
    const sent = status === "SENT" || status === "DELIVERED" || status === "BOUNCED";
    logs.push({
      id: sid("email-log", key),
      recipientEmail: u.email,
      userId: userId(user),
      templateKey,
      emailType: templateKey,
      subject: render(t.subject, all),
      bodyText: render(t.bodyText, all),
      bodyHtml: toHtml(render(t.bodyText, all)),
      status,
      provider: status === "PENDING" ? null : "log",
      providerMessageId: sent ? `demo-${key}` : null,
      errorMessage: error ?? null,
      attempts: status === "PENDING" ? 0 : status === "FAILED" ? 3 : 1,
      sentAt: sent ? new Date(at.getTime() + 30_000) : null,
      deliveredAt: status === "DELIVERED" ? new Date(at.getTime() + 90_000) : null,
      ...stamps(at, status === "PENDING" ? at : new Date(at.getTime() + 90_000)),
    });
  };
  for (const u of USERS) {
    addLog(`welcome-${u.key}`, u.key, "welcome", { loginUrl: "http://localhost:4000/" }, u.key === "fan5" ? "SENT" : "DELIVERED", ctx.at(u.createdDay, 9, 1));
  }
  addLog("verify-fan5", "fan5", "email_verification", { verifyUrl: "http://localhost:4000/verify?token=[redacted]", expiresInHours: "24" }, "BOUNCED", ctx.at(-20, 9, 2), "mailbox full");
  addLog("receipt-fan1-course", "fan1", "purchase_receipt", { itemTitle: "Watercolor From Scratch", amount: "14.99", currency: "USD", receiptUrl: "http://localhost:4000/account/purchases" }, "DELIVERED", ctx.at(-60, 13, 2));
  addLog("receipt-fan2-color", "fan2", "purchase_receipt", { itemTitle: "Color Theory for Watercolor", amount: "4.99", currency: "USD", receiptUrl: "http://localhost:4000/account/purchases" }, "SENT", ctx.at(-40, 13, 2));
  addLog("reset-fan4", "fan4", "password_reset", { resetUrl: "http://localhost:4000/reset?token=[redacted]", expiresInMinutes: "60" }, "FAILED", ctx.at(-12, 14, 1), "SMTP timeout after 3 attempts");
  addLog("reminder-fan2-consult", "fan2", "booking_reminder", { offeringTitle: "Creative Career Consultation", startsAt: ctx.live(3, 10).toISOString(), portalUrl: "http://localhost:4000/portal/consultation" }, "PENDING", ctx.live(0, 0, 5));
  addLog("reminder-fan3-review", "fan3", "booking_reminder", { offeringTitle: "1:1 Manuscript Review", startsAt: ctx.live(6, 9).toISOString(), portalUrl: "http://localhost:4000/portal/manuscript-review" }, "PENDING", ctx.live(0, 0, 6));
  await ctx.add("EmailLog", prisma.emailLog.createMany({ data: logs, skipDuplicates: true }));

  // A thread between Gia (fan2) and Cleo: threadId is the first message's id.
  const thread = sid("email-message", "fan2-cleo", 0);
  const messages: Array<{ from: string; to: string; subject: string | null; body: string; day: number; read: boolean }> = [
    { from: "fan2", to: "cleo", subject: "Question about the manuscript review", body: "Hi Cleo! Can I send a prologue plus chapter one, or just chapter one?", day: -7, read: true },
    { from: "cleo", to: "fan2", subject: "Re: Question about the manuscript review", body: "Chapter one only, please: up to 5,000 words. Prologues can wait!", day: -6, read: true },
    { from: "fan2", to: "cleo", subject: "Re: Question about the manuscript review", body: "Perfect, thanks. Booking now.", day: -6, read: false },
  ];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const at = ctx.live(m.day, 10 + i);
    await ctx.add(
      "EmailMessage",
      prisma.emailMessage.createMany({
        data: [
          {
            id: sid("email-message", "fan2-cleo", i),
            senderId: userId(m.from),
            recipientId: userId(m.to),
            threadId: thread,
            parentId: i === 0 ? null : sid("email-message", "fan2-cleo", i - 1),
            subject: m.subject,
            body: m.body,
            readAt: m.read ? ctx.live(m.day, 12 + i) : null,
            ...stamps(at),
          },
        ],
        skipDuplicates: true,
      }),
    );
  }
  await ctx.add(
    "EmailMessage",
    prisma.emailMessage.createMany({
      data: [
        {
          id: sid("email-message", "ada-ben", 0), senderId: userId("ada"), recipientId: userId("ben"), threadId: sid("email-message", "ada-ben", 0),
          subject: "Collab idea", body: "Would you score a watercolour time-lapse? I'd credit you in the description.",
          readAt: ctx.at(-30, 15), deletedBySenderAt: null, deletedByRecipientAt: ctx.at(-20, 9), ...stamps(ctx.at(-30, 11)),
        },
      ],
      skipDuplicates: true,
    }),
  );

  const notes: Array<{ key: string; user: string; type: NotificationType; title: string; message: string; day: number; read?: boolean; expires?: number; url?: string; label?: string; related?: [string, string]; fixed?: boolean }> = [
    { key: "fan1-receipt", user: "fan1", type: "PURCHASE_RECEIPT", title: "Purchase complete", message: "You now own Watercolor From Scratch.", day: -60, read: true, url: "/series/ada-watercolor-course", label: "Start watching", related: ["purchase", "fan1-watercolor-course"], fixed: true },
    { key: "fan1-reply", user: "fan1", type: "COMMENT_REPLY", title: "Ben replied to your comment", message: "Thank you! Try the cave path with the Storm Voices pack.", day: -58, url: "/stories/lighthouse#comments", related: ["comment", "story:lh-1-r1"], fixed: true },
    { key: "ada-payout", user: "ada", type: "PAYOUT_SENT", title: "Payout sent", message: "Your earnings are on their way to your payout account.", day: -30, read: true, related: ["creator-payout", "ada-1"], fixed: true },
    { key: "ada-tip", user: "ada", type: "TIP_RECEIVED", title: "You received a $5.00 tip", message: "Finn: Loved the glazing lesson!", day: -55, related: ["tip", "fan1-ada"], fixed: true },
    { key: "ada-comment", user: "ada", type: "NEW_COMMENT", title: "New comment on Watercolor Basics", message: "Which paper weight do you recommend for beginners?", day: -90, read: true, related: ["comment", "content:basics-3"], fixed: true },
    { key: "ada-ai", user: "ada", type: "AI_SUGGESTIONS_READY", title: "AI suggestions are ready", message: "New title and tag ideas for 'Glazing Layers'.", day: -1, url: "/studio/social", label: "Review" },
    { key: "ben-quota", user: "ben", type: "QUOTA_WARNING", title: "You have used 2 of 5 syncs", message: "Upgrade to Basic for 50 syncs a month.", day: -2, url: "/pricing", label: "See plans" },
    { key: "fan2-booking", user: "fan2", type: "BOOKING_CONFIRMED", title: "Booking confirmed", message: "Creative Career Consultation is booked.", day: -5, read: true, related: ["offering_booking", "consult-fan2"] },
    { key: "fan2-reminder", user: "fan2", type: "BOOKING_REMINDER", title: "Coming up soon", message: "Your consultation with Ada is in 3 days.", day: 0, url: "/portal/consultation", label: "Open portal", related: ["offering_booking", "consult-fan2"] },
    { key: "fan3-past-due", user: "fan3", type: "SUBSCRIPTION_PAST_DUE", title: "Payment failed", message: "We couldn't renew your Basic plan. Update your card to keep access.", day: -2, url: "/account/billing", label: "Update card" },
    { key: "fan4-credits", user: "fan4", type: "CREDITS_EXPIRING", title: "5 credits expire soon", message: "Use them before they expire.", day: -8, expires: -1 },
    { key: "fan1-renewed", user: "fan1", type: "SUBSCRIPTION_RENEWED", title: "Premium renewed", message: "20 credits added to your balance.", day: -10, read: true },
    { key: "fan2-new-content", user: "fan2", type: "NEW_CONTENT", title: "Cleo published a new chapter", message: "The Glass Archive, Chapter 1 is out.", day: -40, read: true, related: ["content", "cleo-serial-ch1"], fixed: true },
    { key: "ada-sync", user: "ada", type: "SYNC_COMPLETED", title: "YouTube sync finished", message: "4 items synced from Ada Quill Studio.", day: -1 },
    { key: "fan5-system", user: "fan5", type: "SYSTEM", title: "Please verify your e-mail", message: "Verify your address to buy content and book sessions.", day: -19 },
  ];
  await ctx.add(
    "Notification",
    prisma.notification.createMany({
      data: notes.map((n, i) => {
        const t = (day: number, hour: number, minute = 0) => (n.fixed ? ctx.at(day, hour, minute) : ctx.live(day, hour, minute));
        return {
        id: sid("notification", n.key),
        userId: userId(n.user),
        type: n.type,
        title: n.title,
        message: n.message,
        actionUrl: n.url ?? null,
        actionLabel: n.label ?? null,
        metadata: { seed: true },
        relatedEntityType: n.related?.[0] ?? null,
        relatedEntityId: n.related ? sid(n.related[0].replace(/_/g, "-"), n.related[1]) : null,
        readAt: n.read ? t(n.day, 20) : null,
        expiresAt: n.expires !== undefined ? ctx.live(n.expires) : null,
        ...stamps(t(n.day, 9, i)),
        };
      }),
      skipDuplicates: true,
    }),
  );
}
