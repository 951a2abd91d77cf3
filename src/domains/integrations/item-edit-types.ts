// editContentItem / bulkEditContentItems in the graph (item-edits.ts has the rules of the edit).
import { builder } from "../../schema/builder.ts";
import { VisibilityEnum } from "../content/index.ts";
import * as edits from "./item-edits.ts";
import { ContentItemRef } from "./types.ts";

const ContentItemEditInput = builder.inputType("ContentItemEditInput", {
  description: "Fields left out stay as they are; title, description, category, language and thumbnailUrl sent as null are cleared. Fields edited here are kept by later syncs.",
  fields: (t) => ({
    title: t.string(),
    description: t.string(),
    tags: t.stringList(),
    hashtags: t.stringList(),
    category: t.string(),
    language: t.string(),
    thumbnailUrl: t.string({ description: "An http(s) URL." }),
    visibility: t.field({ type: VisibilityEnum, description: "PUBLIC, UNLISTED or PRIVATE." }),
  }),
});

type EditArg = typeof ContentItemEditInput.$inferInput;
/** GraphQL null for a list or the visibility means "leave it"; for the text fields it clears. */
const toEdit = (i: EditArg | null | undefined): edits.ContentItemEdit => ({
  ...i,
  tags: i?.tags ?? undefined,
  hashtags: i?.hashtags ?? undefined,
  visibility: (i?.visibility ?? undefined) as edits.ContentItemEdit["visibility"],
});

const BulkEditResultRef = builder.objectRef<edits.BulkEditResult>("BulkEditContentItemsResult").implement({
  description: "What a bulk edit changed. All items or none: an item that is not yours answers NOT_FOUND and changes nothing.",
  fields: (t) => ({
    updated: t.exposeInt("updated"),
    unchanged: t.exposeInt("unchanged", { description: "Items that already had the values." }),
    revisionsRecorded: t.exposeInt("revisionsRecorded", { description: "ContentRevision rows (BULK_EDIT), one per changed field and item." }),
    items: t.prismaField({
      type: ["ContentItem"],
      resolve: (query, r, _a, ctx) => ctx.prisma.contentItem.findMany({ ...query, where: { id: { in: r.ids } }, orderBy: { id: "asc" } }),
    }),
  }),
});

builder.mutationFields((t) => ({
  editContentItem: t.prismaField({
    type: "ContentItem",
    description: "The owner edits a synced item by hand: one revision (MANUAL) per changed field, audited. Someone else's item → NOT_FOUND.",
    args: { id: t.arg.globalID({ required: true, for: [ContentItemRef] }), input: t.arg({ type: ContentItemEditInput, required: true }), reason: t.arg.string() },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await edits.editContentItem(ctx, args.id.id, { ...toEdit(args.input), reason: args.reason });
      return ctx.prisma.contentItem.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  bulkEditContentItems: t.field({
    type: BulkEditResultRef,
    description: `The owner edits up to ${edits.BULK_EDIT_MAX} items in one transaction: \`set\` values for all, and/or tags added and removed per item. Revisions are BULK_EDIT.`,
    args: {
      ids: t.arg.globalIDList({ required: true, for: [ContentItemRef] }),
      set: t.arg({ type: ContentItemEditInput }),
      addTags: t.arg.stringList(),
      removeTags: t.arg.stringList(),
      reason: t.arg.string(),
    },
    resolve: (_r, args, ctx) =>
      edits.bulkEditContentItems(ctx, { ids: args.ids.map((g) => g.id), set: args.set ? toEdit(args.set) : null, addTags: args.addTags, removeTags: args.removeTags, reason: args.reason }),
  }),
}));
