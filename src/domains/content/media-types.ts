// GraphQL surface of media uploads (service: media.ts).
import { builder } from "../../schema/builder.ts";
import { decodeGlobalId } from "../../core/ids.ts";
import { errors } from "../../core/errors.ts";
import * as media from "./media.ts";

const MediaPurposeEnum = builder.enumType("MediaPurpose", {
  values: ["CONTENT_MEDIA", "CONTENT_THUMBNAIL", "CONTENT_PREVIEW", "STORY_NODE_AUDIO", "AVATAR"] as const,
  description: "What an upload is for; it decides the accepted content types and the size cap.",
});
const ContentMediaSlotEnum = builder.enumType("ContentMediaSlot", { values: ["MEDIA", "THUMBNAIL", "PREVIEW"] as const, description: "MEDIA: the protected main file; THUMBNAIL: the cover; PREVIEW: free preview media." });

interface Ticket {
  assetId: string;
  upload: { url: string; method: string; headers: Record<string, string>; expiresAt: Date };
}

const UploadTicket = builder.objectRef<Ticket>("UploadTicket").implement({
  description: "Where to PUT the file: send exactly `headers` and a body of the declared size before `expiresAt`, then attach `uploadId`.",
  fields: (t) => ({
    uploadId: t.string({ resolve: (r) => r.assetId }),
    url: t.string({ resolve: (r) => r.upload.url }),
    method: t.string({ resolve: (r) => r.upload.method }),
    headers: t.field({ type: "JSON", resolve: (r) => r.upload.headers }),
    expiresAt: t.field({ type: "DateTime", resolve: (r) => r.upload.expiresAt }),
  }),
});

function idOf(value: string, type: string, field: string): string {
  let d: { typename: string; id: string };
  try {
    d = decodeGlobalId(value);
  } catch {
    throw errors.badInput(field, "is not a valid id");
  }
  if (d.typename !== type) throw errors.badInput(field, `must be the id of a ${type}`);
  return d.id;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function uploadIdOf(value: string): string {
  if (!UUID_RE.test(value)) throw errors.badInput("uploadId", "is not a valid upload id");
  return value.toLowerCase();
}

builder.mutationFields((t) => ({
  createUpload: t.field({
    type: UploadTicket,
    description: "Asks for a signed, expiring PUT URL for one file of `contentType` and exactly `sizeBytes` (limits per purpose → BAD_USER_INPUT).",
    args: {
      purpose: t.arg({ type: MediaPurposeEnum, required: true }),
      contentType: t.arg.string({ required: true }),
      sizeBytes: t.arg.int({ required: true }),
      fileName: t.arg.string(),
    },
    resolve: (_r, args, ctx) => media.createUpload(ctx, args),
  }),
  attachContentMedia: t.prismaField({
    type: "Content",
    description: "Attaches an uploaded file to the viewer's content item as its media, cover or preview. Not uploaded (yet) or of another size/type → CONFLICT.",
    args: { contentId: t.arg.id({ required: true }), uploadId: t.arg.string({ required: true }), slot: t.arg({ type: ContentMediaSlotEnum, required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await media.attachContentMedia(ctx, idOf(String(args.contentId), "Content", "contentId"), uploadIdOf(args.uploadId), args.slot);
      return ctx.prisma.content.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  attachStoryNodeAudio: t.prismaField({
    type: "StoryNode",
    description: "Attaches an uploaded audio file to a node of the viewer's story.",
    args: { nodeId: t.arg.id({ required: true }), uploadId: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await media.attachStoryNodeAudio(ctx, idOf(String(args.nodeId), "StoryNode", "nodeId"), uploadIdOf(args.uploadId));
      return ctx.prisma.storyNode.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  attachAvatar: t.prismaField({
    type: "User",
    description: "Sets the viewer's avatar from an uploaded image.",
    args: { uploadId: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await media.attachAvatar(ctx, uploadIdOf(args.uploadId));
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
