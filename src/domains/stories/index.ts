import "./types.ts";
import "./types-validation.ts";
import "./types-queries.ts";
import "./types-mutations.ts";
import "./live-listeners.ts";
export { rules } from "./rules.ts";
export { rawId } from "./ids.ts";
export { StoryRef } from "./types.ts";
export { storyWhereFor } from "./visibility.ts";
