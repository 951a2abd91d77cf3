import "./lookup-types.ts";
import "./types.ts";
import "./ai-types.ts";
import "./oauth-types.ts";
import type { HttpRoute } from "../../core/http.ts";
import { oauthCallbackRoute } from "./oauth.ts";
import "./item-edit-types.ts";
export { rules } from "./rules.ts";
export { jobs } from "./jobs.ts";
export { billingCycle, dropSecret, readSecret, withNewSecret } from "./common.ts";
export { lookupSpec } from "./lookups.ts";
export { ContentItemRef } from "./types.ts";
export { contentItemWhereFor } from "./visibility.ts";
export { lookupInputs, lookupMutations } from "./lookup-types.ts";

export const routes: HttpRoute[] = [oauthCallbackRoute];
