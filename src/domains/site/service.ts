// Site content: resource cards with ordered steps and timeline items (admin writes, public reads
// of published rows), and the public forms (contact, lead, newsletter, support, consultation).
import { z } from "zod";
import { transaction, isUniqueViolation, type Tx } from "../../core/tx.ts";
import type { FormSubmissionStatus, FormType, Prisma, PublishStatus } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { changedValues } from "../../core/audit.ts";
import { queueTemplateEmail } from "../../core/outbox.ts";
import { emailSchema, parseInput } from "../../core/validation.ts";
import { formSubmissionWhereFor } from "./visibility.ts";
import { applyOrder, insertAt, reorderList } from "../../core/ordering.ts";
import { httpUrl, optionalText, siteLink } from "../../core/validation.ts";
import { escapeLike } from "../../core/text.ts";

const STATUSES = ["DRAFT", "PUBLISHED", "ARCHIVED"] as const;

/** publishedAt is stamped the first time a row becomes PUBLISHED and kept afterwards. */
function publishFields(status: PublishStatus | undefined, current: { status: PublishStatus; publishedAt: Date | null } | null, now: Date) {
  if (!status) return {};
  if (status === "PUBLISHED" && !current?.publishedAt) return { status, publishedAt: now };
  return { status };
}

// ---------------------------------------------------------------------------------------------
// Resource cards and steps
// ---------------------------------------------------------------------------------------------

export function slugify(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "card"
  );
}

const slugSchema = z.string().trim().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case words joined by -").max(100);

const stepSchema = z.object({
  id: z.string().uuid().nullish(),
  title: z.string().trim().min(1, "must not be empty").max(200),
  body: z.string().trim().min(1, "must not be empty").max(20_000),
  imageUrl: httpUrl.nullish(),
});

const cardFields = {
  title: z.string().trim().min(1, "must not be empty").max(200),
  slug: slugSchema,
  summary: optionalText(1000),
  body: z.string().max(50_000).nullish(),
  category: optionalText(100),
  icon: optionalText(100),
  imageUrl: httpUrl.nullish(),
  linkUrl: siteLink.nullish(),
  status: z.enum(STATUSES),
  position: z.number().int().min(0, "must be 0 or more"),
};

const createCardSchema = z.object({
  ...cardFields,
  slug: cardFields.slug.optional(),
  status: cardFields.status.default("DRAFT"),
  position: cardFields.position.optional(),
  steps: z.array(stepSchema.omit({ id: true })).max(100).default([]),
});
const updateCardSchema = z.object(cardFields).partial();

export type CreateResourceCardInput = z.input<typeof createCardSchema>;
export type UpdateResourceCardInput = z.input<typeof updateCardSchema>;
export type ResourceStepInput = z.input<typeof stepSchema>;

async function uniqueSlug(tx: Tx, base: string): Promise<string> {
  const taken = new Set((await tx.resourceCard.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

const slugTaken = () => errors.conflict("SLUG_TAKEN", "Another resource card already uses this slug.");

const CARD_ORDER = [{ position: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

export async function createResourceCard(ctx: Context, input: CreateResourceCardInput): Promise<string> {
  const d = parseInput(createCardSchema, input);
  const now = ctx.services.clock();
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const slug = d.slug ?? (await uniqueSlug(tx, slugify(d.title)));
      const siblings = await cardIds(tx);
      const { steps, position, status, ...fields } = d;
      const card = await tx.resourceCard.create({
        data: {
          ...fields,
          slug,
          ...publishFields(status, null, now),
          position: siblings.length,
          steps: { create: steps.map((s, i) => ({ ...s, position: i })) },
        },
      });
      if (position !== undefined) await applyOrder(tx, "resource_cards", insertAt(siblings, card.id, position), now);
      await recordAudit(tx, ctx, {
        action: "resource_card.create",
        entityType: "ResourceCard",
        entityId: card.id,
        newValues: { ...fields, slug, status, position: position ?? siblings.length, steps: steps.map((s) => s.title) },
      });
      return card.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

export async function updateResourceCard(ctx: Context, id: string, input: UpdateResourceCardInput): Promise<string> {
  const d = parseInput(updateCardSchema, input);
  const now = ctx.services.clock();
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const before = await tx.resourceCard.findUnique({ where: { id } });
      if (!before) throw errors.notFound("Resource card", id);
      const { position, status, ...fields } = d;
      await tx.resourceCard.update({ where: { id }, data: { ...fields, ...publishFields(status, before, now) } });
      if (position !== undefined) {
        const siblings = await cardIds(tx);
        await applyOrder(tx, "resource_cards", insertAt(siblings, id, position), now);
      }
      const after = await tx.resourceCard.findUniqueOrThrow({ where: { id } });
      await recordAudit(tx, ctx, { action: "resource_card.update", entityType: "ResourceCard", entityId: id, ...changedValues(before, after) });
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

export async function deleteResourceCard(ctx: Context, id: string): Promise<string> {
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.resourceCard.findUnique({ where: { id }, include: { steps: { orderBy: { position: "asc" } } } });
    if (!before) throw errors.notFound("Resource card", id);
    await tx.resourceCard.delete({ where: { id } }); // steps cascade
    const rest = await cardIds(tx);
    await applyOrder(tx, "resource_cards", rest, now);
    await recordAudit(tx, ctx, { action: "resource_card.delete", entityType: "ResourceCard", entityId: id, oldValues: before });
    return id;
  });
}

async function cardIds(tx: Tx): Promise<string[]> {
  return (await tx.resourceCard.findMany({ orderBy: CARD_ORDER, select: { id: true } })).map((r) => r.id);
}

export function reorderResourceCards(ctx: Context, ids: string[]): Promise<string[]> {
  return reorderList(ctx, { table: "resource_cards", entityType: "ResourceCard", action: "resource_card.reorder", siblings: cardIds }, ids);
}

/**
 * Replaces the ordered steps of a card with `steps`: an entry with the id of one of the card's
 * steps updates it, one without id creates a step, and steps left out are deleted.
 */
export async function setResourceSteps(ctx: Context, cardId: string, input: ResourceStepInput[]): Promise<void> {
  const steps = parseInput(z.array(stepSchema).max(100, "at most 100 steps"), input);
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const card = await tx.resourceCard.findUnique({ where: { id: cardId }, include: { steps: { orderBy: [{ position: "asc" }, { id: "asc" }] } } });
    if (!card) throw errors.notFound("Resource card", cardId);
    const existing = new Map(card.steps.map((s) => [s.id, s]));
    const seen = new Set<string>();
    for (const [i, s] of steps.entries()) {
      if (!s.id) continue;
      if (!existing.has(s.id)) throw errors.badInput(`steps.${i}.id`, "is not a step of this card");
      if (seen.has(s.id)) throw errors.badInput(`steps.${i}.id`, "names a step twice");
      seen.add(s.id);
    }
    const removed = card.steps.filter((s) => !seen.has(s.id)).map((s) => s.id);
    if (removed.length) await tx.resourceStep.deleteMany({ where: { id: { in: removed } } });
    for (const [position, s] of steps.entries()) {
      const data = { title: s.title, body: s.body, imageUrl: s.imageUrl ?? null, position };
      if (s.id) {
        const prev = existing.get(s.id)!;
        if (prev.title !== data.title || prev.body !== data.body || prev.imageUrl !== data.imageUrl || prev.position !== position) {
          await tx.resourceStep.update({ where: { id: s.id }, data });
        }
      } else {
        await tx.resourceStep.create({ data: { ...data, cardId } });
      }
    }
    await tx.resourceCard.update({ where: { id: cardId }, data: { updatedAt: now } });
    await recordAudit(tx, ctx, {
      action: "resource_card.set_steps",
      entityType: "ResourceCard",
      entityId: cardId,
      oldValues: { steps: card.steps.map((s) => ({ id: s.id, title: s.title, body: s.body, imageUrl: s.imageUrl })) },
      newValues: { steps: steps.map((s) => ({ id: s.id ?? null, title: s.title, body: s.body, imageUrl: s.imageUrl ?? null })), deletedStepIds: removed },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Timeline items
// ---------------------------------------------------------------------------------------------

const timelineFields = {
  title: z.string().trim().min(1, "must not be empty").max(200),
  description: z.string().max(5000).nullish(),
  label: optionalText(100),
  occurredAt: z.date().nullish(),
  icon: optionalText(100),
  linkUrl: siteLink.nullish(),
  status: z.enum(STATUSES),
  position: z.number().int().min(0, "must be 0 or more"),
};
const createTimelineSchema = z.object({ ...timelineFields, status: timelineFields.status.default("DRAFT"), position: timelineFields.position.optional() });
const updateTimelineSchema = z.object(timelineFields).partial();
export type CreateTimelineItemInput = z.input<typeof createTimelineSchema>;
export type UpdateTimelineItemInput = z.input<typeof updateTimelineSchema>;

const TIMELINE_ORDER = [{ position: "asc" as const }, { occurredAt: { sort: "asc" as const, nulls: "last" as const } }, { id: "asc" as const }];

async function timelineIds(tx: Tx): Promise<string[]> {
  return (await tx.timelineItem.findMany({ orderBy: TIMELINE_ORDER, select: { id: true } })).map((r) => r.id);
}

export async function createTimelineItem(ctx: Context, input: CreateTimelineItemInput): Promise<string> {
  const d = parseInput(createTimelineSchema, input);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const siblings = await timelineIds(tx);
    const { position, status, ...fields } = d;
    const item = await tx.timelineItem.create({ data: { ...fields, ...publishFields(status, null, now), position: siblings.length } });
    if (position !== undefined) await applyOrder(tx, "timeline_items", insertAt(siblings, item.id, position), now);
    await recordAudit(tx, ctx, { action: "timeline_item.create", entityType: "TimelineItem", entityId: item.id, newValues: { ...fields, status, position: position ?? siblings.length } });
    return item.id;
  });
}

export async function updateTimelineItem(ctx: Context, id: string, input: UpdateTimelineItemInput): Promise<string> {
  const d = parseInput(updateTimelineSchema, input);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.timelineItem.findUnique({ where: { id } });
    if (!before) throw errors.notFound("Timeline item", id);
    const { position, status, ...fields } = d;
    await tx.timelineItem.update({ where: { id }, data: { ...fields, ...publishFields(status, before, now) } });
    if (position !== undefined) await applyOrder(tx, "timeline_items", insertAt(await timelineIds(tx), id, position), now);
    const after = await tx.timelineItem.findUniqueOrThrow({ where: { id } });
    await recordAudit(tx, ctx, { action: "timeline_item.update", entityType: "TimelineItem", entityId: id, ...changedValues(before, after) });
    return id;
  });
}

export async function deleteTimelineItem(ctx: Context, id: string): Promise<string> {
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.timelineItem.findUnique({ where: { id } });
    if (!before) throw errors.notFound("Timeline item", id);
    await tx.timelineItem.delete({ where: { id } });
    await applyOrder(tx, "timeline_items", await timelineIds(tx), now);
    await recordAudit(tx, ctx, { action: "timeline_item.delete", entityType: "TimelineItem", entityId: id, oldValues: before });
    return id;
  });
}

export function reorderTimelineItems(ctx: Context, ids: string[]): Promise<string[]> {
  return reorderList(ctx, { table: "timeline_items", entityType: "TimelineItem", action: "timeline_item.reorder", siblings: timelineIds }, ids);
}

// ---------------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------------

const name = z.string().trim().min(1, "is required").max(200);
const message = z.string().trim().min(10, "must be at least 10 characters").max(5000);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-05-01").refine((s) => !Number.isNaN(Date.parse(s)), "must be a real date");

/** Per form type: which of the common fields are required, and which extra `fields` are allowed. */
const FORM_SCHEMAS: Record<FormType, z.ZodType> = {
  CONTACT: z.object({ name, email: emailSchema, phone: optionalText(40), subject: optionalText(200), message, fields: z.object({}).strict().default({}) }),
  LEAD: z.object({
    name,
    email: emailSchema,
    phone: optionalText(40),
    subject: optionalText(200),
    message: z.string().trim().max(5000).nullish(),
    fields: z.object({ company: optionalText(200), budget: optionalText(100), source: optionalText(200) }).strict().default({}),
  }),
  NEWSLETTER: z.object({
    name: optionalText(200),
    email: emailSchema,
    fields: z.object({ topics: z.array(z.string().trim().min(1).max(50)).max(20).optional() }).strict().default({}),
  }),
  SUPPORT: z.object({
    name: optionalText(200),
    email: emailSchema,
    subject: z.string().trim().min(3, "must be at least 3 characters").max(200),
    message,
    fields: z.object({ orderReference: optionalText(100) }).strict().default({}),
  }),
  CONSULTATION_REQUEST: z.object({
    name,
    email: emailSchema,
    phone: optionalText(40),
    subject: optionalText(200),
    message,
    fields: z.object({ preferredDate: isoDate.optional(), timezone: optionalText(60) }).strict().default({}),
  }),
};

export interface SubmitFormInput {
  formType: FormType;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  subject?: string | null;
  message?: string | null;
  fields?: unknown;
  /** Honeypot: hidden from people by the form; anything typed here marks a bot. */
  website?: string | null;
}

const URL_RE = /(https?:\/\/|www\.)/gi;

/** 0-100: links and shouting push it up; 60 or more is filed as SPAM. */
export function spamScore(text: string): number {
  const links = (text.match(URL_RE) ?? []).length;
  const letters = text.replace(/[^A-Za-z]/g, "");
  const shouting = letters.length >= 20 && letters.replace(/[^A-Z]/g, "").length / letters.length > 0.7 ? 30 : 0;
  return Math.min(100, links * 25 + shouting);
}

export async function submitForm(ctx: Context, input: SubmitFormInput): Promise<{ accepted: true }> {
  // Rate limit first (per client IP), so invalid and honeypot attempts count too.
  const key = `form:ip:${ctx.ip ?? "unknown"}`;
  const count = await ctx.services.kv.incr(key, 3600);
  if (count > ctx.config.FORM_SUBMISSIONS_PER_HOUR) {
    throw errors.rateLimited((await ctx.services.kv.ttl(key)) ?? 3600, "Too many form submissions from this address. Try again later.");
  }
  if (input.website && input.website.trim() !== "") {
    // A bot filled the hidden field: answer exactly as for a real submission, store nothing.
    ctx.log.info({ formType: input.formType }, "form submission dropped by the honeypot");
    return { accepted: true };
  }
  const { website: _w, formType, ...rest } = input;
  const d = parseInput(FORM_SCHEMAS[formType], { ...rest, fields: rest.fields ?? undefined }) as {
    name?: string | null; email: string; phone?: string | null; subject?: string | null; message?: string | null; fields: Record<string, unknown>;
  };
  const score = spamScore(`${d.subject ?? ""} ${d.message ?? ""}`);
  const status: FormSubmissionStatus = score >= 60 ? "SPAM" : "NEW";
  await transaction(ctx.prisma, async (tx) => {
    const row = await tx.formSubmission.create({
      data: {
        formType,
        userId: ctx.viewer?.id ?? null,
        name: d.name ?? null,
        email: d.email,
        phone: d.phone ?? null,
        subject: d.subject ?? null,
        message: d.message ?? null,
        payload: d.fields as Prisma.InputJsonValue,
        ipAddress: ctx.ip,
        userAgent: ctx.userAgent?.slice(0, 500) ?? null,
        spamScore: score,
        status,
      },
    });
    await recordAudit(tx, ctx, { action: "form_submission.create", entityType: "FormSubmission", entityId: row.id, newValues: { formType, email: d.email, status, spamScore: score } });
    if (status === "NEW") {
      const settings = await tx.platformSettings.findUnique({ where: { singleton: true }, select: { contactEmail: true } });
      if (settings?.contactEmail) {
        await queueTemplateEmail(tx, {
          to: settings.contactEmail,
          templateKey: "form_submission.received",
          emailType: "form_submission",
          variables: { formType, name: d.name ?? "", email: d.email, subject: d.subject ?? "", message: d.message ?? "" },
          fallback: {
            subject: `New ${formType.toLowerCase().replace(/_/g, " ")} form from ${d.email}`,
            text: [`Form: ${formType}`, `Name: ${d.name ?? "-"}`, `E-mail: ${d.email}`, `Subject: ${d.subject ?? "-"}`, "", d.message ?? ""].join("\n"),
          },
        });
      }
    }
  });
  return { accepted: true };
}

export function formSubmissionFilter(
  ctx: Context,
  args: { formType?: FormType | null; status?: FormSubmissionStatus | null; email?: string | null; search?: string | null; from?: Date | null; to?: Date | null },
): Prisma.FormSubmissionWhereInput {
  const search = args.search?.trim();
  return {
    AND: [
      formSubmissionWhereFor(ctx.viewer),
      args.formType ? { formType: args.formType } : {},
      args.status ? { status: args.status } : {},
      args.email ? { email: args.email.trim().toLowerCase() } : {},
      search
        ? { OR: [{ name: { contains: escapeLike(search), mode: "insensitive" } }, { subject: { contains: escapeLike(search), mode: "insensitive" } }, { message: { contains: escapeLike(search), mode: "insensitive" } }] }
        : {},
      args.from || args.to ? { createdAt: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } } : {},
    ],
  };
}

export async function setFormSubmissionStatus(ctx: Context, id: string, status: FormSubmissionStatus): Promise<void> {
  const viewer = ctx.viewer!;
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const before = await tx.formSubmission.findUnique({ where: { id }, select: { status: true, handledAt: true, handledById: true } });
    if (!before) throw errors.notFound("Form submission", id);
    const data =
      status === "HANDLED"
        ? { status, handledAt: before.status === "HANDLED" ? before.handledAt : now, handledById: before.status === "HANDLED" ? before.handledById : viewer.id }
        : { status, ...(status === "NEW" ? { handledAt: null, handledById: null } : {}) };
    await tx.formSubmission.update({ where: { id }, data });
    await recordAudit(tx, ctx, { action: "form_submission.set_status", entityType: "FormSubmission", entityId: id, oldValues: before, newValues: data });
  });
}
