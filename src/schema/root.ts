// The root operation types; every domain adds its fields with builder.queryField(s) /
// builder.mutationField(s) beside its own types.
import { builder } from "./builder.ts";

builder.queryType({ description: "Reads. Lists are filtered in the database for the viewer." });
builder.mutationType({ description: "Writes. Every mutation is authorized by src/domains/*/rules.ts and audited." });

builder.subscriptionType({
  description: "Live events over Server-Sent Events (docs/operations.md). Each event is checked against the viewer's visibility when it arrives; a revoked session ends its streams.",
});
