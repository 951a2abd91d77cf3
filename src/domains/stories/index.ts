import "./types.ts";
import "./viewer-things.ts";
export { rules } from "./rules.ts";
export { rawId } from "./ids.ts";
export { StoryRef } from "./types.ts";
export { storyWhereFor } from "./visibility.ts";
