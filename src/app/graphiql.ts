// GraphiQL, served with inlined assets (works offline), opening with the example operations
// kept in operations/ (an anonymous one first, sign-in second), an empty header editor and a
// comment in the first tab showing how to pass a token.
import fs from "node:fs";
import path from "node:path";
import type { GraphiQLOptions } from "graphql-yoga";

const OPERATIONS_DIR = path.resolve(__dirname, "../../operations");

export function exampleOperations(): { name: string; query: string }[] {
  if (!fs.existsSync(OPERATIONS_DIR)) return [];
  return fs
    .readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => ({ name: f.replace(/\.graphql$/, ""), query: fs.readFileSync(path.join(OPERATIONS_DIR, f), "utf8") }));
}

const INTRO = `# Creator gateway: one graph over stories, content, commerce, subscriptions,
# analytics and integrations. You are anonymous: this tab runs as it is (public catalogue).
#
# To act as someone: run the SignIn tab (demo accounts are listed in the README), copy
# signIn.accessToken, and put this in the Headers tab below (replace the whole text):
#   { "Authorization": "Bearer eyJ...the accessToken..." }
# Clear the Headers tab to be anonymous again. Lists are filtered for whoever is signed in.
`;

/**
 * The first tab is an operation that works anonymously (the catalogue), the sign-in operation
 * comes next; the Headers tab starts EMPTY: a placeholder token there would be sent with every
 * request (introspection included) and rejected as malformed, so the schema docs would not load.
 */
export function graphiqlOptions(): GraphiQLOptions {
  const ops = exampleOperations();
  const first = ops.find((o) => o.name === "Catalogue") ?? ops[0];
  const signIn = ops.find((o) => o.name === "SignIn");
  const ordered = first ? [first, ...(signIn && signIn !== first ? [signIn] : []), ...ops.filter((o) => o !== first && o !== signIn)] : [];
  return {
    title: "Creator gateway",
    headers: "",
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: "headers",
    defaultTabs: ordered.length
      ? ordered.map((op, i) => ({
          query: (i === 0 ? INTRO + "\n" : `# ${op.name}\n`) + op.query,
          ...(op === signIn ? { variables: JSON.stringify({ email: "ada@demo.test", password: "Creator-demo-1!" }, null, 2) } : {}),
        }))
      : [{ query: INTRO + "\nquery { viewer { id } }\n" }],
  };
}
