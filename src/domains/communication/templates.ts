// E-mail templates: `{{ name }}` placeholders in the subject, HTML and text bodies; every
// placeholder must be declared in `variables`. Rendering with a value missing is an error (never a
// mail with a hole in it); values are HTML-escaped in the HTML body. Other domains queue a
// templated mail with queueTemplateEmail inside their own transaction.
import { z } from "zod";
import { transaction, isUniqueViolation, type Tx } from "../../core/tx.ts";
import type { EmailTemplate } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { changedValues } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { MissingTemplateVariables, placeholders, queueEmail, renderTemplate, VARIABLE_NAME, type RenderedEmail, type TemplateParts } from "../../core/outbox.ts";
export { MissingTemplateVariables, placeholders, renderTemplate, type RenderedEmail };

// ---------------------------------------------------------------------------------------------
// Admin CRUD and preview
// ---------------------------------------------------------------------------------------------

const templateFields = {
  key: z.string().trim().regex(/^[a-z][a-z0-9_.-]{0,99}$/, "must be lower-case letters, digits, '.', '_' or '-'"),
  name: z.string().trim().min(1, "must not be empty").max(200),
  description: z.string().trim().max(1000).nullish(),
  subject: z.string().trim().min(1, "must not be empty").max(500),
  bodyHtml: z.string().min(1, "must not be empty").max(200_000),
  bodyText: z.string().max(200_000).nullish(),
  variables: z.array(z.string().regex(VARIABLE_NAME, "variable names are letters, digits, '_' and '.'")).max(100),
  isActive: z.boolean(),
};
const createSchema = z.object({ ...templateFields, variables: templateFields.variables.default([]), isActive: templateFields.isActive.default(true) });
const updateSchema = z.object(templateFields).omit({ key: true }).partial();
export type CreateEmailTemplateInput = z.input<typeof createSchema>;
export type UpdateEmailTemplateInput = z.input<typeof updateSchema>;

function checkDeclared(t: TemplateParts & { variables: string[] }) {
  const undeclared = placeholders(t).filter((n) => !t.variables.includes(n));
  if (undeclared.length) throw errors.badInput("variables", `must declare every placeholder used; undeclared: ${undeclared.join(", ")}`);
  if (new Set(t.variables).size !== t.variables.length) throw errors.badInput("variables", "declares a variable twice");
}

function auditable(t: EmailTemplate) {
  const { createdAt: _c, updatedAt: _u, ...rest } = t;
  return rest;
}

export async function createEmailTemplate(ctx: Context, input: CreateEmailTemplateInput): Promise<string> {
  const d = parseInput(createSchema, input);
  checkDeclared({ ...d, bodyText: d.bodyText ?? null });
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const t = await tx.emailTemplate.create({ data: d });
      await recordAudit(tx, ctx, { action: "email_template.create", entityType: "EmailTemplate", entityId: t.id, newValues: auditable(t) });
      return t.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict("KEY_TAKEN", "Another template already uses this key.");
    throw e;
  }
}

export async function updateEmailTemplate(ctx: Context, id: string, input: UpdateEmailTemplateInput): Promise<string> {
  const d = parseInput(updateSchema, input);
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.emailTemplate.findUnique({ where: { id } });
    if (!before) throw errors.notFound("E-mail template", id);
    const merged = { ...before, ...Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) } as EmailTemplate;
    checkDeclared(merged);
    await tx.emailTemplate.update({ where: { id }, data: d });
    await recordAudit(tx, ctx, { action: "email_template.update", entityType: "EmailTemplate", entityId: id, ...changedValues(before, d) });
    return id;
  });
}

export async function deleteEmailTemplate(ctx: Context, id: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.emailTemplate.findUnique({ where: { id } });
    if (!before) throw errors.notFound("E-mail template", id);
    await tx.emailTemplate.delete({ where: { id } }); // logs keep their copy; template_key becomes null
    await recordAudit(tx, ctx, { action: "email_template.delete", entityType: "EmailTemplate", entityId: id, oldValues: auditable(before) });
    return id;
  });
}

/** Admin preview with sample values: BAD_USER_INPUT naming each missing (or undeclared) variable. */
export async function previewTemplate(ctx: Context, key: string, variables: unknown): Promise<RenderedEmail> {
  const vars = parseInput(z.record(z.string(), z.unknown()), variables ?? {});
  const template = await ctx.prisma.emailTemplate.findUnique({ where: { key } });
  if (!template) throw errors.notFound("E-mail template", key);
  const undeclared = Object.keys(vars).filter((n) => !template.variables.includes(n));
  if (undeclared.length) {
    throw errors.badInput(`variables.${undeclared[0]}`, "is not declared by the template", undeclared.map((n) => ({ field: `variables.${n}`, message: "is not declared by the template" })));
  }
  try {
    return renderTemplate(template, vars);
  } catch (e) {
    if (!(e instanceof MissingTemplateVariables)) throw e;
    throw errors.badInput(`variables.${e.names[0]}`, "is missing", e.names.map((n) => ({ field: `variables.${n}`, message: "is missing" })));
  }
}
