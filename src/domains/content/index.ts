import "./types.ts";
export { rules } from "./rules.ts";
export { registerAccessSource, type AccessSource } from "./access.ts";
export { liveGrant } from "./access.ts";
export { ContentNode, PublishStatusEnum, VisibilityEnum } from "./types.ts";
export { contentWhereFor, seriesWhereFor } from "./visibility.ts";
