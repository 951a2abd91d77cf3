// The OAuth connect flow in the graph (service, callback route and refresh job: oauth.ts).
import { builder } from "../../schema/builder.ts";
import { PlatformRef } from "./lookup-types.ts";
import { startPlatformOAuth, type OAuthStart } from "./oauth.ts";

const PlatformOAuthStart = builder.objectRef<OAuthStart>("PlatformOAuthStart").implement({
  description: "Send the user's browser to authorizeUrl; the platform returns it to GET /oauth/callback, which connects the account.",
  fields: (t) => ({
    authorizeUrl: t.string({ resolve: (s) => s.authorizeUrl }),
    state: t.string({ description: "The value the callback must carry back (single use).", resolve: (s) => s.state }),
    expiresAt: t.field({ type: "DateTime", description: "The flow must come back before this.", resolve: (s) => s.expiresAt }),
  }),
});

builder.mutationFields((t) => ({
  startPlatformOAuth: t.field({
    type: PlatformOAuthStart,
    description:
      "Starts connecting a platform with OAuth (authorization code + PKCE). After consent the platform sends the browser to GET /oauth/callback, which stores the tokens in the vault and creates or updates the PlatformConnection, then redirects to PUBLIC_APP_URL/settings/connections?connected=<platform> (or ?error=<code>). A platform without an OAuth app in config → CONFLICT OAUTH_NOT_CONFIGURED.",
    args: { platform: t.arg.globalID({ required: true, for: [PlatformRef] }) },
    resolve: (_r, args, ctx) => startPlatformOAuth(ctx, args.platform.id),
  }),
}));
