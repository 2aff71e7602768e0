import type { CodegenConfig } from "@graphql-codegen/cli";

// Custom scalars travel as JSON strings: dates and times in ISO 8601, decimals exact
// ("1234.50"), never JS numbers, so money and percentages keep every digit.
const config: CodegenConfig = {
  schema: "../../schema/schema.graphql", // the committed contract
  documents: ["src/**/*.ts", "!src/gql/**/*"],
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string", // documents are typed strings: fetch needs nothing else
        scalars: { Date: "string", DateTime: "string", Decimal: "string", Upload: "File" },
        strictScalars: true, // a new custom scalar fails the build until it is mapped
        enumsAsTypes: true,
        useTypeImports: true,
        emitLegacyCommonJSImports: false, // `.js` in imports, for ES modules under Node
      },
    },
  },
};

export default config;
