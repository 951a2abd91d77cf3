// GraphiQL, served with inlined assets (works offline), opening with the example operations
// kept in operations/ and a header editor that shows how to pass a token.
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
# analytics and integrations.
#
# Sign in with the signIn mutation (demo accounts are listed in the README), then put
#   { "Authorization": "Bearer <accessToken>" }
# in the Headers tab below. Lists are filtered for whoever is signed in.
`;

export function graphiqlOptions(): GraphiQLOptions {
  const ops = exampleOperations();
  return {
    title: "Creator gateway",
    headers: JSON.stringify({ Authorization: "Bearer <paste the accessToken from signIn>" }, null, 2),
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: "headers",
    defaultTabs: ops.length
      ? ops.map((op, i) => ({ query: (i === 0 ? INTRO + "\n" : `# ${op.name}\n`) + op.query }))
      : [{ query: INTRO + "\nquery { viewer { id } }\n" }],
  };
}
