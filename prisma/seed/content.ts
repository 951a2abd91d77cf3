// Creators' catalogue: content of every media type, visibility and status (free and paid, one
// soft-deleted), two series (one sold as a bundle, ordered), prerequisites, and threaded comments
// with reactions on content.
import type { ContentMediaType, Prisma, PublishStatus, Visibility } from "../../src/generated/prisma/client.ts";
import { stamps, type SeedContext } from "./context.ts";
import { sid } from "./ids.ts";
import { userId } from "./identity.ts";
import { completedPurchases } from "./plan.ts";

interface ContentSpec {
  key: string;
  creator: string;
  title: string;
  description: string;
  mediaType: ContentMediaType;
  visibility: Visibility;
  status: PublishStatus;
  /** null = free */
  price: string | null;
  category: string;
  tags: string[];
  durationSeconds?: number;
  series?: string;
  seriesPosition?: number;
  /** days from FIXED_ANCHOR */
  day: number;
  deleted?: boolean;
  /** lifetime views (the last 30 days are in events / analytics_views) */
  views: number;
}

export const CONTENT: ContentSpec[] = [
  // Ada Quill: watercolour (VIDEO)
  {
    key: "ada-watercolor-basics", creator: "ada", title: "Watercolor Basics: Your First Wash",
    description: "A free beginner lesson: paper, brushes and pigments, then a flat wash and a graded wash step by step.",
    mediaType: "VIDEO", visibility: "PUBLIC", status: "PUBLISHED", price: null, category: "art",
    tags: ["watercolor", "beginner", "painting", "wash"], durationSeconds: 780, day: -150, views: 4210,
  },
  {
    key: "ada-color-theory", creator: "ada", title: "Color Theory for Watercolor",
    description: "Mixing a limited palette: warm and cool primaries, granulating pigments and clean greens.",
    mediaType: "VIDEO", visibility: "PURCHASED_ONLY", status: "PUBLISHED", price: "4.99", category: "art",
    tags: ["watercolor", "color theory", "palette"], durationSeconds: 840, series: "ada-watercolor-course", seriesPosition: 0, day: -120, views: 1302,
  },
  {
    key: "ada-wet-on-wet", creator: "ada", title: "Wet-on-Wet Skies and Blooms",
    description: "Controlling water on wet paper: soft skies, blooms on purpose and lifting out clouds.",
    mediaType: "VIDEO", visibility: "PURCHASED_ONLY", status: "PUBLISHED", price: "6.99", category: "art",
    tags: ["watercolor", "wet on wet", "skies"], durationSeconds: 1260, series: "ada-watercolor-course", seriesPosition: 1, day: -110, views: 988,
  },
  {
    key: "ada-layering-glazes", creator: "ada", title: "Layering Glazes for Luminous Color",
    description: "Transparent glazes over dry layers: building depth without mud, with a harbour scene.",
    mediaType: "VIDEO", visibility: "PURCHASED_ONLY", status: "PUBLISHED", price: "7.99", category: "art",
    tags: ["watercolor", "glazing", "advanced"], durationSeconds: 1500, series: "ada-watercolor-course", seriesPosition: 2, day: -100, views: 713,
  },
  {
    key: "ada-studio-notes", creator: "ada", title: "Studio Notes: Paper Stretching and Care",
    description: "Members-only notes on stretching, sizing and storing watercolour paper.",
    mediaType: "WRITTEN", visibility: "MEMBERS_ONLY", status: "PUBLISHED", price: null, category: "art",
    tags: ["watercolor", "paper", "studio"], day: -80, views: 377,
  },
  {
    key: "ada-sketchbook-tour", creator: "ada", title: "Sketchbook Tour (unlisted)",
    description: "A quick flip through this year's travel sketchbook, shared by link only.",
    mediaType: "VIDEO", visibility: "UNLISTED", status: "PUBLISHED", price: null, category: "art",
    tags: ["sketchbook", "travel"], durationSeconds: 420, day: -60, views: 95,
  },
  {
    key: "ada-draft-landscape", creator: "ada", title: "Mountain Landscape Masterclass (draft)",
    description: "Work in progress: a long-form landscape masterclass.",
    mediaType: "VIDEO", visibility: "PRIVATE", status: "DRAFT", price: "9.99", category: "art",
    tags: ["watercolor", "landscape"], durationSeconds: 2400, day: -10, views: 0,
  },
  // Ben Okafor: sound (AUDIO)
  {
    key: "ben-night-sounds", creator: "ben", title: "Night Sounds: A Field Recording Walk",
    description: "Forty minutes of binaural night ambience recorded on the Cornish coast: waves, owls and a distant foghorn.",
    mediaType: "AUDIO", visibility: "PUBLIC", status: "PUBLISHED", price: null, category: "audio",
    tags: ["ambient", "field recording", "sleep", "binaural"], durationSeconds: 2400, day: -140, views: 5120,
  },
  {
    key: "ben-podcast-ep1", creator: "ben", title: "Behind the Mic, Episode 1: Foley on a Budget",
    description: "Members-only podcast: making footsteps, doors and storms with kitchen objects.",
    mediaType: "AUDIO", visibility: "MEMBERS_ONLY", status: "PUBLISHED", price: null, category: "audio",
    tags: ["podcast", "foley", "sound design"], durationSeconds: 1980, day: -90, views: 640,
  },
  {
    key: "ben-sound-design-guide", creator: "ben", title: "The Sound Design Field Guide",
    description: "Recording, editing and mixing sound effects for audio stories: a complete paid course in audio.",
    mediaType: "AUDIO", visibility: "PURCHASED_ONLY", status: "PUBLISHED", price: "12.00", category: "audio",
    tags: ["sound design", "mixing", "course"], durationSeconds: 3600, day: -70, views: 512,
  },
  {
    key: "ben-old-mix", creator: "ben", title: "Harbour Mix 2025 (archived)",
    description: "Last year's harbour soundscape, kept for reference.",
    mediaType: "AUDIO", visibility: "PUBLIC", status: "ARCHIVED", price: null, category: "audio",
    tags: ["ambient", "archive"], durationSeconds: 1800, day: -200, views: 2230,
  },
  {
    key: "ben-deleted-demo", creator: "ben", title: "Rough Demo (deleted)",
    description: "A rough demo that was removed; only admins still see it.",
    mediaType: "AUDIO", visibility: "PUBLIC", status: "PUBLISHED", price: "2.99", category: "audio",
    tags: ["demo"], durationSeconds: 95, day: -50, deleted: true, views: 41,
  },
  // Cleo Marsh: writing (WRITTEN) and one video
  {
    key: "cleo-writing-prompts", creator: "cleo", title: "52 Writing Prompts for Fantasy Worldbuilding",
    description: "A free list of weekly prompts: maps, magic systems, trade routes and the gods nobody worships any more.",
    mediaType: "WRITTEN", visibility: "PUBLIC", status: "PUBLISHED", price: null, category: "writing",
    tags: ["writing", "prompts", "worldbuilding", "fantasy"], day: -130, views: 3890,
  },
  {
    key: "cleo-worldbuilding-handbook", creator: "cleo", title: "The Worldbuilding Handbook",
    description: "From geography to economics: a practical handbook for building believable fantasy worlds.",
    mediaType: "WRITTEN", visibility: "PURCHASED_ONLY", status: "PUBLISHED", price: "9.99", category: "writing",
    tags: ["writing", "worldbuilding", "handbook"], day: -115, views: 1204,
  },
  {
    key: "cleo-members-qa", creator: "cleo", title: "Members Q&A: Outlining vs Discovery Writing",
    description: "Recorded live Q&A for members about planning a novel.",
    mediaType: "VIDEO", visibility: "MEMBERS_ONLY", status: "PUBLISHED", price: null, category: "writing",
    tags: ["writing", "outlining", "q&a"], durationSeconds: 3300, day: -75, views: 301,
  },
  {
    key: "cleo-private-journal", creator: "cleo", title: "Research Journal (private)",
    description: "Private research notes for the next serial.",
    mediaType: "WRITTEN", visibility: "PRIVATE", status: "PUBLISHED", price: null, category: "writing",
    tags: ["notes"], day: -30, views: 0,
  },
  {
    key: "cleo-serial-ch1", creator: "cleo", title: "The Glass Archive, Chapter 1: The Catalogue",
    description: "Chapter one of a serial about a library that catalogues memories.",
    mediaType: "WRITTEN", visibility: "PUBLIC", status: "PUBLISHED", price: null, category: "fiction",
    tags: ["fiction", "serial", "fantasy"], series: "cleo-glass-archive", seriesPosition: 0, day: -40, views: 880,
  },
  {
    key: "cleo-serial-ch2", creator: "cleo", title: "The Glass Archive, Chapter 2: Overdue",
    description: "Chapter two, still a draft and shared by link with beta readers.",
    mediaType: "WRITTEN", visibility: "UNLISTED", status: "DRAFT", price: null, category: "fiction",
    tags: ["fiction", "serial"], series: "cleo-glass-archive", seriesPosition: 1, day: -5, views: 12,
  },
];

export const contentId = (key: string) => sid("content", key);
export const seriesId = (key: string) => sid("series", key);

export function contentSpec(key: string): ContentSpec {
  const c = CONTENT.find((x) => x.key === key);
  if (!c) throw new Error(`seed: unknown content ${key}`);
  return c;
}

export const SERIES = [
  {
    key: "ada-watercolor-course", creator: "ada", title: "Watercolor From Scratch",
    description: "Three lessons from colour mixing to glazing, in order. Buy the bundle and save.",
    price: "14.99" as string | null, status: "PUBLISHED" as PublishStatus, day: -121,
  },
  {
    key: "cleo-glass-archive", creator: "cleo", title: "The Glass Archive (serial)",
    description: "A fantasy serial released chapter by chapter; not sold as a bundle.",
    price: null as string | null, status: "PUBLISHED" as PublishStatus, day: -41,
  },
];

function slugify(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export async function seedContent(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;

  await ctx.add(
    "ContentSeries",
    prisma.contentSeries.createMany({
      data: SERIES.map((s) => ({
        id: seriesId(s.key),
        creatorId: userId(s.creator),
        title: s.title,
        slug: s.key,
        description: s.description,
        thumbnailUrl: `https://cdn.demo.test/series/${s.key}.jpg`,
        price: s.price,
        currency: "USD",
        status: s.status,
        publishedAt: s.status === "PUBLISHED" ? ctx.at(s.day, 12) : null,
        ...stamps(ctx.at(s.day, 10), ctx.at(s.day, 12)),
      })),
      skipDuplicates: true,
    }),
  );

  const rows: Prisma.ContentCreateManyInput[] = CONTENT.map((c) => {
    const media = c.mediaType === "VIDEO" ? "mp4" : c.mediaType === "AUDIO" ? "m4a" : null;
    return {
      id: contentId(c.key),
      creatorId: userId(c.creator),
      title: c.title,
      slug: slugify(c.title),
      description: c.description,
      mediaType: c.mediaType,
      mediaUrl: media ? `https://cdn.demo.test/media/${c.key}.${media}` : null,
      streamUrl: c.mediaType === "VIDEO" ? `https://stream.demo.test/hls/${c.key}/index.m3u8` : null,
      thumbnailUrl: `https://cdn.demo.test/thumbs/${c.key}.jpg`,
      mediaDurationSeconds: c.durationSeconds ?? null,
      fileSizeBytes: c.durationSeconds ? BigInt(c.durationSeconds) * BigInt(c.mediaType === "VIDEO" ? 1_250_000 : 32_000) : null,
      contentBody:
        c.mediaType === "WRITTEN"
          ? `<h1>${c.title}</h1><p>${c.description}</p><p>Demo body text for <em>${c.title}</em>.</p>`
          : null,
      category: c.category,
      tags: c.tags,
      seriesId: c.series ? seriesId(c.series) : null,
      seriesPosition: c.series ? c.seriesPosition : null,
      visibility: c.visibility,
      price: c.price,
      currency: "USD",
      status: c.status,
      publishedAt: c.status === "DRAFT" ? null : ctx.at(c.day, 14),
      viewCount: c.views,
      purchaseCount: completedPurchases(c.key),
      deletedAt: c.deleted ? ctx.at(c.day + 6, 9) : null,
      ...stamps(ctx.at(c.day, 11), ctx.at(c.deleted ? c.day + 6 : c.day, 14)),
    };
  });
  await ctx.add("Content", prisma.content.createMany({ data: rows, skipDuplicates: true }));

  await ctx.add(
    "ContentPrerequisite",
    prisma.contentPrerequisite.createMany({
      data: [
        ["ada-wet-on-wet", "ada-color-theory"],
        ["ada-layering-glazes", "ada-wet-on-wet"],
        ["ada-layering-glazes", "ada-watercolor-basics"],
      ].map(([c, p]) => ({
        id: sid("content-prerequisite", c, p),
        contentId: contentId(c),
        prerequisiteId: contentId(p),
        ...stamps(ctx.at(contentSpec(c).day, 11)),
      })),
      skipDuplicates: true,
    }),
  );

  await seedComments(ctx, CONTENT_COMMENTS, "content");
}

/** A comment: `parent` is another comment's key in the same list; `day` from FIXED_ANCHOR. */
export interface CommentSpec {
  key: string;
  target: string;
  author: string;
  body: string;
  day: number;
  parent?: string;
  deleted?: boolean;
  edited?: boolean;
  reactions?: Array<[user: string, emoji: string]>;
}

const CONTENT_COMMENTS: CommentSpec[] = [
  { key: "basics-1", target: "ada-watercolor-basics", author: "fan1", day: -140, body: "This finally made graded washes click for me. Thank you!", reactions: [["ada", "❤️"], ["fan2", "👍"], ["fan3", "👍"]] },
  { key: "basics-1-r1", target: "ada-watercolor-basics", author: "ada", parent: "basics-1", day: -139, body: "So glad! Try tilting the board a little more next time.", reactions: [["fan1", "❤️"]] },
  { key: "basics-1-r2", target: "ada-watercolor-basics", author: "fan1", parent: "basics-1-r1", day: -138, body: "Tilted it 20 degrees and it worked. Posting my result soon.", edited: true },
  { key: "basics-2", target: "ada-watercolor-basics", author: "fan3", day: -120, body: "Buy followers cheap at totally-legit.example", deleted: true },
  { key: "basics-3", target: "ada-watercolor-basics", author: "fan2", day: -90, body: "Which paper weight do you recommend for beginners?", reactions: [["fan4", "🤔"]] },
  { key: "night-1", target: "ben-night-sounds", author: "fan2", day: -100, body: "Perfect for falling asleep. The foghorn at minute 31 is magic.", reactions: [["ben", "🔥"], ["fan1", "❤️"]] },
  { key: "night-1-r1", target: "ben-night-sounds", author: "ben", parent: "night-1", day: -99, body: "That foghorn took three nights to catch!" },
  { key: "prompts-1", target: "cleo-writing-prompts", author: "fan3", day: -70, body: "Prompt 17 turned into my whole first chapter.", reactions: [["cleo", "🎉"], ["fan1", "👍"]] },
  { key: "handbook-1", target: "cleo-worldbuilding-handbook", author: "fan1", day: -44, body: "The chapter on trade routes is worth the price alone." },
];

export async function seedComments(ctx: SeedContext, comments: CommentSpec[], kind: "content" | "story"): Promise<void> {
  const { prisma } = ctx;
  const byKey = new Map(comments.map((c) => [c.key, c]));
  const depth = (c: CommentSpec): number => (c.parent ? 1 + depth(byKey.get(c.parent)!) : 0);
  const maxDepth = Math.max(0, ...comments.map(depth));
  const id = (key: string) => sid("comment", kind, key);
  // Parents before replies (one insert per thread level).
  for (let d = 0; d <= maxDepth; d++) {
    const level = comments.filter((c) => depth(c) === d);
    if (!level.length) continue;
    await ctx.add(
      "Comment",
      prisma.comment.createMany({
        data: level.map((c) => ({
          id: id(c.key),
          authorId: userId(c.author),
          storyId: kind === "story" ? sid("story", c.target) : null,
          contentId: kind === "content" ? contentId(c.target) : null,
          parentId: c.parent ? id(c.parent) : null,
          body: c.body,
          editedAt: c.edited ? ctx.at(c.day, 18) : null,
          deletedAt: c.deleted ? ctx.at(c.day + 1, 8) : null,
          ...stamps(ctx.at(c.day, 17), ctx.at(c.deleted ? c.day + 1 : c.day, c.deleted ? 8 : c.edited ? 18 : 17)),
        })),
        skipDuplicates: true,
      }),
    );
  }
  const reactions = comments.flatMap((c) =>
    (c.reactions ?? []).map(([user, emoji], i) => ({
      id: sid("comment-reaction", kind, c.key, user, emoji),
      commentId: id(c.key),
      userId: userId(user),
      emoji,
      ...stamps(ctx.at(c.day, 19, i * 7)),
    })),
  );
  await ctx.add("CommentReaction", prisma.commentReaction.createMany({ data: reactions, skipDuplicates: true }));
}
