// GraphQL Codegen over the client operations kept in operations/: typed documents for the apps
// and a manifest of persisted-operation ids (sha256 of each document).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "operations/__generated__/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: "replaceDocument", hashAlgorithm: "sha256" },
      },
      config: { scalars: { DateTime: "string", Date: "string", Decimal: "string", JSON: "unknown", UUID: "string" } },
    },
  },
};

export default config;
