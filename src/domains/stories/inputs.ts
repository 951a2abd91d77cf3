// Input shapes of the story API, validated with zod through parseInput (BAD_USER_INPUT naming
// the field). Strings are trimmed; optional fields distinguish "absent" (unchanged) from null
// (cleared) in updates.
import { z } from "zod";

export const LIMITS = {
  title: 200,
  description: 5_000,
  tags: 20,
  tag: 40,
  nodeContent: 20_000,
  choiceLabel: 200,
  url: 2_048,
  voiceId: 100,
  characters: 50,
  characterName: 80,
  metadataBytes: 10_000,
  highlightNodes: 100,
  highlightDurationSeconds: 86_400,
  /** Largest single recordListenTime increment (seconds). */
  listenIncrementSeconds: 3_600,
} as const;

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).transform((s) => (s === "" ? null : s));

export const urlSchema = z
  .string()
  .trim()
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
  .pipe(z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }));

/** Voice ids are provider identifiers (ElevenLabs-style): letters, digits and _ . : - */
export const voiceIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, "must be a voice id (letters, digits, _ . : -)")
  .max(LIMITS.voiceId, `must be at most ${LIMITS.voiceId} characters`);

export const tagsSchema = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, "must be letters, digits, spaces, _ or -")
      .max(LIMITS.tag, `must be at most ${LIMITS.tag} characters`),
  )
  .max(LIMITS.tags, `at most ${LIMITS.tags} tags`)
  .transform((tags) => [...new Set(tags)]);

/** { characterName: voiceId }, e.g. { "Narrator": "eleven.rachel", "Dragon": "eleven.adam" }. */
export const characterVoicesSchema = z
  .record(z.string(), voiceIdSchema)
  .refine((o) => Object.keys(o).every((k) => k.trim().length > 0 && k.length <= LIMITS.characterName), `character names must be 1-${LIMITS.characterName} characters`)
  .refine((o) => Object.keys(o).length <= LIMITS.characters, `at most ${LIMITS.characters} characters`);

/**
 * Learning content tied to a node. Every key is optional; unknown keys are refused so that apps
 * can rely on the shape.
 */
export const educationalContentSchema = z
  .object({
    topic: text(200).optional(),
    summary: text(5_000).optional(),
    readingLevel: z.number().int().min(1).max(5).optional(),
    ageRange: z
      .object({ min: z.number().int().min(0).max(120), max: z.number().int().min(0).max(120) })
      .strict()
      .refine((r) => r.min <= r.max, "min must not exceed max")
      .optional(),
    vocabulary: z
      .array(z.object({ term: text(100), definition: text(1_000) }).strict())
      .max(100)
      .optional(),
    facts: z.array(text(1_000)).max(50).optional(),
    questions: z
      .array(
        z
          .object({
            question: text(1_000),
            options: z.array(text(300)).min(2).max(8).optional(),
            answer: text(1_000).optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    links: z.array(z.object({ title: text(200), url: urlSchema }).strict()).max(20).optional(),
  })
  .strict();

/** Free-form story metadata (genre, age rating, …): a JSON object of bounded size. */
export const metadataSchema = z
  .record(z.string().min(1).max(100), z.unknown())
  .refine((o) => JSON.stringify(o).length <= LIMITS.metadataBytes, `must be at most ${LIMITS.metadataBytes} bytes of JSON`);

/** Stories are public, unlisted or private; paywalls are choice gates, not story visibilities. */
export const storyVisibilitySchema = z.enum(["PUBLIC", "UNLISTED", "PRIVATE"], { message: "must be PUBLIC, UNLISTED or PRIVATE" });

export const createStorySchema = z.object({
  title: text(LIMITS.title),
  description: optionalText(LIMITS.description).nullish(),
  coverImageUrl: urlSchema.nullish(),
  tags: tagsSchema.optional(),
  visibility: storyVisibilitySchema.optional(),
  metadata: metadataSchema.optional(),
});

export const updateStorySchema = z.object({
  title: text(LIMITS.title).optional(),
  description: optionalText(LIMITS.description).nullish(),
  coverImageUrl: urlSchema.nullish(),
  tags: tagsSchema.optional(),
  visibility: storyVisibilitySchema.optional(),
  metadata: metadataSchema.optional(),
});

const nodeFields = {
  title: optionalText(LIMITS.title).nullish(),
  audioUrl: urlSchema.nullish(),
  backgroundAudioUrl: urlSchema.nullish(),
  narratorVoiceId: voiceIdSchema.nullish(),
  characterVoices: characterVoicesSchema.optional(),
  educationalContent: educationalContentSchema.optional(),
  isEnding: z.boolean().optional(),
  order: z.number().int().min(0, "must be 0 or more").max(1_000_000).optional(),
};

export const addNodeSchema = z.object({ content: text(LIMITS.nodeContent), ...nodeFields, start: z.boolean().optional() });
export const updateNodeSchema = z.object({ content: text(LIMITS.nodeContent).optional(), ...nodeFields });

export const choiceLabelSchema = z.object({ label: text(LIMITS.choiceLabel) });

export const highlightSchema = z.object({
  title: text(LIMITS.title),
  description: optionalText(LIMITS.description).nullish(),
  videoUrl: urlSchema.nullish(),
  thumbnailUrl: urlSchema.nullish(),
  durationSeconds: z.number().int().min(1, "must be a positive number of seconds").max(LIMITS.highlightDurationSeconds).nullish(),
});

export const updateHighlightSchema = highlightSchema.partial();

export const listenSecondsSchema = z
  .number()
  .int("must be a whole number of seconds")
  .min(1, "must be a positive number of seconds")
  .max(LIMITS.listenIncrementSeconds, `must be at most ${LIMITS.listenIncrementSeconds} seconds per call`);

export const idempotencyKeySchema = z.string().trim().regex(/^[A-Za-z0-9_.:-]{8,100}$/, "must be 8-100 characters of letters, digits, _ . : -");
