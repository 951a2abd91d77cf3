// Branching stories: graphs with merging branches, dead ends (non-ending nodes without choices),
// several endings, gated choices (voice pack, subscription); published public stories plus a
// draft, a private and a soft-deleted one; progress with its path, highlights and comments.
import type { ChoiceGate, Prisma, PublishStatus, Visibility } from "../../src/generated/prisma/client.ts";
import { seedComments, type CommentSpec } from "./content.ts";
import { stamps, type SeedContext } from "./context.ts";
import { sid } from "./ids.ts";
import { userId } from "./identity.ts";

interface NodeSpec {
  key: string;
  title: string;
  content: string;
  ending?: boolean;
  voices?: Record<string, string>;
  educational?: Record<string, unknown>;
}

interface ChoiceSpec {
  from: string;
  to: string;
  label: string;
  gate?: ChoiceGate;
  voicePack?: string;
}

export interface StorySpec {
  key: string;
  creator: string;
  title: string;
  description: string;
  visibility: Visibility;
  status: PublishStatus;
  deleted?: boolean;
  tags: string[];
  metadata: Record<string, unknown>;
  day: number;
  start: string;
  nodes: NodeSpec[];
  choices: ChoiceSpec[];
  playCount: number;
  completionCount: number;
}

export const STORIES: StorySpec[] = [
  {
    key: "lighthouse", creator: "ben", title: "The Lighthouse Keeper's Choice",
    description: "A storm, a failing lamp and a ship on the rocks. An interactive audio drama with three endings.",
    visibility: "PUBLIC", status: "PUBLISHED", tags: ["mystery", "audio drama", "sea"], day: -95,
    metadata: { genre: "mystery", readingLevel: 3, estimatedMinutes: 25, ageRating: "10+", language: "en" },
    start: "storm",
    nodes: [
      { key: "storm", title: "The Storm", content: "Rain hammers the lantern room. Far below, a ship's horn sounds twice: distress.", voices: { Keeper: "voice-old-sailor" } },
      { key: "lamp-room", title: "The Lamp Room", content: "The great lamp sputters. Its clockwork needs winding, and the keeper's log lies open on the desk." },
      { key: "beach", title: "The Beach", content: "You scramble down the cliff path. A sailor clings to wreckage; lantern lights bob near the caves." },
      { key: "rescue", title: "The Rescue", content: "Together with the sailor you haul the lifeboat onto the shingle. The ship is safe, for now.", voices: { Sailor: "voice-young-sailor" } },
      { key: "log-book", title: "The Log Book", content: "The last entry is in a hand you do not recognise, and it stops mid-sentence. (This path ends here, unfinished.)" },
      { key: "cave", title: "The Smugglers' Cave", content: "Crates stamped with the lighthouse's own seal. Someone has been using your light to guide smugglers." },
      { key: "dawn", title: "Dawn Together", content: "The storm breaks. You and the sailor watch the sunrise over a calm sea.", ending: true },
      { key: "lost", title: "Lost at Sea", content: "The boat tips in the swell. The last thing you see is the lamp, still burning.", ending: true },
      { key: "treasure", title: "The Hidden Treasure", content: "You slip away with the smugglers' ledger. The coastguard will hear of this.", ending: true },
    ],
    choices: [
      { from: "storm", to: "lamp-room", label: "Light the lamp" },
      { from: "storm", to: "beach", label: "Go down to the beach" },
      { from: "lamp-room", to: "rescue", label: "Signal the ship" },
      { from: "lamp-room", to: "log-book", label: "Read the keeper's log" },
      { from: "beach", to: "rescue", label: "Help the sailor ashore" },
      { from: "beach", to: "cave", label: "Follow the lantern lights", gate: "VOICE_PACK", voicePack: "storm-voices" },
      { from: "rescue", to: "dawn", label: "Stay the night" },
      { from: "rescue", to: "lost", label: "Row back out for survivors" },
      { from: "cave", to: "lost", label: "Confront the smugglers" },
      { from: "cave", to: "treasure", label: "Sneak away with the ledger", gate: "SUBSCRIPTION" },
    ],
    playCount: 2, completionCount: 1,
  },
  {
    key: "clockwork-garden", creator: "cleo", title: "Clockwork Garden",
    description: "An educational adventure about simple machines: wind the garden back to life before winter.",
    visibility: "PUBLIC", status: "PUBLISHED", tags: ["educational", "steam", "kids"], day: -85,
    metadata: { genre: "educational", readingLevel: 2, estimatedMinutes: 15, ageRating: "6+", language: "en" },
    start: "gate",
    nodes: [
      { key: "gate", title: "The Rusty Gate", content: "A garden of brass flowers, frozen mid-bloom. A key sticks out of the gatepost.", educational: { topic: "levers", fact: "A key is a small lever." } },
      { key: "key", title: "Winding the Key", content: "Click, click, click. Somewhere, gears begin to turn.", educational: { topic: "gears", fact: "Gears change the speed and direction of motion." } },
      { key: "courtyard", title: "The Courtyard", content: "A robot gardener stands by a silent fountain, watering can raised." },
      { key: "gearworks", title: "The Gearworks", content: "Under the fountain, the gear train is missing one cog. The robot hands you a spare.", educational: { topic: "gear ratios", fact: "A small gear turning a big gear trades speed for force." } },
      { key: "shed", title: "The Locked Shed", content: "The shed is locked and the key is nowhere to be found. (A dead end: go back and try another way.)" },
      { key: "tower", title: "Bird's-Eye View", content: "From the top of the tower you see the whole garden, and how every path connects.", ending: true },
      { key: "spring", title: "Spring Returns", content: "You plant the seed in the fountain bed. Brass petals open and the garden hums.", ending: true },
      { key: "home", title: "A Garden at Home", content: "You take the seed home and plant it on your windowsill. Tiny gears sprout by morning.", ending: true },
    ],
    choices: [
      { from: "gate", to: "key", label: "Wind the key" },
      { from: "gate", to: "courtyard", label: "Push open the gate" },
      { from: "key", to: "gearworks", label: "Follow the sound of the gears" },
      { from: "key", to: "shed", label: "Peek into the shed" },
      { from: "courtyard", to: "gearworks", label: "Ask the robot gardener for help" },
      { from: "courtyard", to: "tower", label: "Climb the tower" },
      { from: "gearworks", to: "spring", label: "Plant the seed here" },
      { from: "gearworks", to: "home", label: "Take the seed home" },
    ],
    playCount: 2, completionCount: 1,
  },
  {
    key: "painted-door", creator: "ada", title: "The Painted Door",
    description: "A painter finds a door in her own canvas. Every brushstroke changes what lies behind it.",
    visibility: "PUBLIC", status: "PUBLISHED", tags: ["fantasy", "art", "short"], day: -70,
    metadata: { genre: "fantasy", readingLevel: 3, estimatedMinutes: 10, ageRating: "all", language: "en" },
    start: "studio",
    nodes: [
      { key: "studio", title: "The Studio", content: "Your newest painting has a door in it that you do not remember painting." },
      { key: "through", title: "Through the Door", content: "The world beyond is made of wet paint: a blue river, ochre hills." },
      { key: "second-door", title: "A Second Door", content: "You paint another door beside the first. It is smaller, and it is locked from the other side." },
      { key: "valley", title: "The Valley of Colour", content: "All paths lead to a valley where the colours of every painting you ever made pool together." },
      { key: "blank", title: "Blank Canvas", content: "You paint over everything in white. The studio is quiet again.", ending: true },
      { key: "masterpiece", title: "Masterpiece", content: "You sign your name in the corner of the valley. The painting is finished, and so are you.", ending: true },
      { key: "endless", title: "The Endless Studio", content: "You keep painting, and the canvas keeps growing. (To be continued: this branch has no way out yet.)" },
    ],
    choices: [
      { from: "studio", to: "through", label: "Step through the door" },
      { from: "studio", to: "second-door", label: "Paint a second door" },
      { from: "through", to: "valley", label: "Follow the blue river" },
      { from: "second-door", to: "valley", label: "Knock, and wait" },
      { from: "second-door", to: "blank", label: "Paint over it all" },
      { from: "valley", to: "masterpiece", label: "Sign your name" },
      { from: "valley", to: "endless", label: "Keep painting" },
    ],
    playCount: 1, completionCount: 0,
  },
  {
    key: "space-opera", creator: "ben", title: "Untitled Space Opera (draft)",
    description: "Work in progress.", visibility: "PRIVATE", status: "DRAFT", tags: ["sci-fi"], day: -12,
    metadata: { genre: "sci-fi", readingLevel: 4 }, start: "bridge",
    nodes: [
      { key: "bridge", title: "The Bridge", content: "Alarms. The navigator is missing." },
      { key: "airlock", title: "The Airlock", content: "Someone has cycled the airlock twice.", ending: true },
    ],
    choices: [{ from: "bridge", to: "airlock", label: "Check the airlock" }],
    playCount: 0, completionCount: 0,
  },
  {
    key: "letters", creator: "cleo", title: "Letters to Myself",
    description: "A private, published story shared only with its author.", visibility: "PRIVATE", status: "PUBLISHED",
    tags: ["literary"], day: -35, metadata: { genre: "literary", readingLevel: 5 }, start: "first-letter",
    nodes: [
      { key: "first-letter", title: "The First Letter", content: "Dear me, ten years from now." },
      { key: "reply", title: "The Reply", content: "Dear me, ten years ago: it worked out.", ending: true },
    ],
    choices: [{ from: "first-letter", to: "reply", label: "Open the reply" }],
    playCount: 0, completionCount: 0,
  },
  {
    key: "abandoned", creator: "ada", title: "The Abandoned Sketch",
    description: "Deleted by its author; only admins still see it.", visibility: "PUBLIC", status: "PUBLISHED", deleted: true,
    tags: ["art"], day: -65, metadata: { genre: "art", readingLevel: 2 }, start: "sketch",
    nodes: [
      { key: "sketch", title: "The Sketch", content: "A half-finished drawing of a house." },
      { key: "house", title: "The House", content: "Nobody lives here any more.", ending: true },
    ],
    choices: [{ from: "sketch", to: "house", label: "Finish the drawing" }],
    playCount: 0, completionCount: 0,
  },
];

export const storyId = (key: string) => sid("story", key);
export const nodeId = (story: string, node: string) => sid("story-node", story, node);
export const choiceId = (story: string, from: string, to: string) => sid("story-choice", story, from, to);

/** Progress: the ordered path of node keys (the first is the start node). */
const PROGRESS: Array<{ user: string; story: string; path: string[]; day: number; listen: number }> = [
  { user: "fan1", story: "lighthouse", path: ["storm", "beach", "rescue", "dawn"], day: -60, listen: 1420 },
  { user: "fan2", story: "lighthouse", path: ["storm", "lamp-room"], day: -20, listen: 310 },
  { user: "fan1", story: "clockwork-garden", path: ["gate", "courtyard", "gearworks"], day: -15, listen: 540 },
  { user: "fan4", story: "clockwork-garden", path: ["gate", "key", "gearworks", "spring"], day: -22, listen: 830 },
  { user: "fan3", story: "painted-door", path: ["studio", "through", "valley", "endless"], day: -9, listen: 420 },
];

const STORY_COMMENTS: CommentSpec[] = [
  { key: "lh-1", target: "lighthouse", author: "fan1", day: -59, body: "Dawn Together made me tear up. The foghorn cue is perfect.", reactions: [["ben", "❤️"], ["fan2", "😢"]] },
  { key: "lh-1-r1", target: "lighthouse", author: "ben", parent: "lh-1", day: -58, body: "Thank you! Try the cave path with the Storm Voices pack." },
  { key: "lh-1-r2", target: "lighthouse", author: "fan4", parent: "lh-1-r1", day: -50, body: "The smuggler's voice is so creepy.", reactions: [["fan1", "😂"]] },
  { key: "lh-2", target: "lighthouse", author: "fan5", day: -3, body: "First comment!!! check my profile", deleted: true },
  { key: "cg-1", target: "clockwork-garden", author: "fan4", day: -21, body: "My daughter now explains gear ratios at dinner.", reactions: [["cleo", "🎉"], ["moderator", "👍"]] },
  { key: "pd-1", target: "painted-door", author: "fan3", day: -8, body: "I'm stuck in the Endless Studio. Is there a way out?" },
  { key: "pd-1-r1", target: "painted-door", author: "ada", parent: "pd-1", day: -7, body: "Not yet: that branch is coming in the next update!", reactions: [["fan3", "👍"]] },
];

export async function seedStories(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;

  await ctx.add(
    "Story",
    prisma.story.createMany({
      data: STORIES.map((s) => ({
        id: storyId(s.key),
        creatorId: userId(s.creator),
        title: s.title,
        description: s.description,
        coverImageUrl: `https://cdn.demo.test/stories/${s.key}/cover.jpg`,
        visibility: s.visibility,
        status: s.status,
        publishedAt: s.status === "PUBLISHED" ? ctx.at(s.day + 2, 15) : null,
        startNodeId: null, // set below, once the nodes exist
        metadata: s.metadata as Prisma.InputJsonValue,
        tags: s.tags,
        playCount: s.playCount,
        completionCount: s.completionCount,
        deletedAt: s.deleted ? ctx.at(s.day + 10, 9) : null,
        ...stamps(ctx.at(s.day, 10), ctx.at(s.deleted ? s.day + 10 : s.day + 2, s.deleted ? 9 : 15)),
      })),
      skipDuplicates: true,
    }),
  );

  const nodes: Prisma.StoryNodeCreateManyInput[] = STORIES.flatMap((s) =>
    s.nodes.map((n, i) => ({
      id: nodeId(s.key, n.key),
      storyId: storyId(s.key),
      nodeOrder: i,
      title: n.title,
      content: n.content,
      audioUrl: `https://cdn.demo.test/stories/${s.key}/${n.key}.mp3`,
      narratorVoiceId: s.key === "clockwork-garden" ? "voice-storybook" : "voice-narrator-calm",
      characterVoices: n.voices ?? {},
      backgroundAudioUrl: s.key === "lighthouse" ? "https://cdn.demo.test/ambience/storm-loop.mp3" : null,
      educationalContent: (n.educational ?? {}) as Prisma.InputJsonValue,
      isEnding: n.ending ?? false,
      deletedAt: s.deleted ? ctx.at(s.day + 10, 9) : null,
      ...stamps(ctx.at(s.day, 11, i)),
    })),
  );
  await ctx.add("StoryNode", prisma.storyNode.createMany({ data: nodes, skipDuplicates: true }));

  // Start nodes: only where not set yet (a re-run changes nothing).
  for (const s of STORIES) {
    await prisma.story.updateMany({ where: { id: storyId(s.key), startNodeId: null }, data: { startNodeId: nodeId(s.key, s.start) } });
  }

  const choices: Prisma.StoryChoiceCreateManyInput[] = STORIES.flatMap((s) => {
    const position = new Map<string, number>();
    return s.choices.map((c) => {
      const p = position.get(c.from) ?? 0;
      position.set(c.from, p + 1);
      return {
        id: choiceId(s.key, c.from, c.to),
        storyId: storyId(s.key),
        fromNodeId: nodeId(s.key, c.from),
        toNodeId: nodeId(s.key, c.to),
        label: c.label,
        position: p,
        gate: c.gate ?? "NONE",
        gateVoicePackId: c.voicePack ? sid("voice-pack", c.voicePack) : null,
        deletedAt: s.deleted ? ctx.at(s.day + 10, 9) : null,
        ...stamps(ctx.at(s.day, 12)),
      };
    });
  });
  await ctx.add("StoryChoice", prisma.storyChoice.createMany({ data: choices, skipDuplicates: true }));

  const progress: Prisma.UserStoryProgressCreateManyInput[] = [];
  const steps: Prisma.StoryProgressStepCreateManyInput[] = [];
  for (const p of PROGRESS) {
    const story = STORIES.find((s) => s.key === p.story)!;
    const last = p.path[p.path.length - 1];
    const completed = story.nodes.find((n) => n.key === last)?.ending ?? false;
    const id = sid("story-progress", p.user, p.story);
    const lastAt = ctx.at(p.day, 20, p.path.length * 4);
    progress.push({
      id,
      userId: userId(p.user),
      storyId: storyId(p.story),
      currentNodeId: nodeId(p.story, last),
      completed,
      completedAt: completed ? lastAt : null,
      totalListenTimeSeconds: p.listen,
      startedAt: ctx.at(p.day, 20),
      lastPlayedAt: lastAt,
      version: p.path.length - 1,
      ...stamps(ctx.at(p.day, 20), lastAt),
    });
    p.path.forEach((node, i) => {
      if (i > 0 && !story.choices.some((c) => c.from === p.path[i - 1] && c.to === node)) {
        throw new Error(`seed: no choice ${p.path[i - 1]} -> ${node} in ${p.story}`);
      }
      steps.push({
        id: sid("story-progress-step", p.user, p.story, i),
        progressId: id,
        position: i,
        nodeId: nodeId(p.story, node),
        choiceId: i === 0 ? null : choiceId(p.story, p.path[i - 1], node),
        visitedAt: ctx.at(p.day, 20, i * 4),
        ...stamps(ctx.at(p.day, 20, i * 4)),
      });
    });
  }
  await ctx.add("UserStoryProgress", prisma.userStoryProgress.createMany({ data: progress, skipDuplicates: true }));
  await ctx.add("StoryProgressStep", prisma.storyProgressStep.createMany({ data: steps, skipDuplicates: true }));

  const highlights = [
    { key: "fan1-rescue", story: "lighthouse", user: "fan1", title: "My rescue run", description: "From the storm to dawn, the short way.", nodes: ["storm", "beach", "rescue", "dawn"], duration: 58, day: -59 },
    { key: "ben-trailer", story: "lighthouse", user: "ben", title: "Official trailer", description: "The first two scenes, for sharing.", nodes: ["storm", "lamp-room"], duration: 30, day: -94 },
    { key: "fan4-spring", story: "clockwork-garden", user: "fan4", title: "Spring returns!", description: null, nodes: ["gearworks", "spring"], duration: 21, day: -22 },
  ];
  await ctx.add(
    "StoryHighlight",
    prisma.storyHighlight.createMany({
      data: highlights.map((h) => ({
        id: sid("story-highlight", h.key),
        storyId: storyId(h.story),
        userId: userId(h.user),
        title: h.title,
        description: h.description,
        videoUrl: `https://cdn.demo.test/highlights/${h.key}.mp4`,
        thumbnailUrl: `https://cdn.demo.test/highlights/${h.key}.jpg`,
        durationSeconds: h.duration,
        ...stamps(ctx.at(h.day, 21)),
      })),
      skipDuplicates: true,
    }),
  );
  await ctx.add(
    "StoryHighlightNode",
    prisma.storyHighlightNode.createMany({
      data: highlights.flatMap((h) =>
        h.nodes.map((n, i) => ({
          id: sid("story-highlight-node", h.key, i),
          highlightId: sid("story-highlight", h.key),
          nodeId: nodeId(h.story, n),
          position: i,
          ...stamps(ctx.at(h.day, 21)),
        })),
      ),
      skipDuplicates: true,
    }),
  );

  await seedComments(ctx, STORY_COMMENTS, "story");
}
