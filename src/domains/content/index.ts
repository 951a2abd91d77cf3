import "./types.ts";
import "./creator-types.ts";
import "./authoring-types.ts";
import "./media-types.ts";
export { rules } from "./rules.ts";
import { mediaRoutes } from "./media-routes.ts";
export const routes = mediaRoutes;
