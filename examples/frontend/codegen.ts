import type { CodegenConfig } from "@graphql-codegen/cli";

// Jiuye's custom scalars travel as JSON strings: dates and times in ISO 8601, decimals as
// exact strings ("1234.50"), never as JS numbers, so money and percentages keep every digit.
// Uploads are files sent as GraphQL multipart requests.
const scalars = {
  Date: "string",
  DateTime: "string",
  Decimal: "string",
  Upload: "File",
};

const config: CodegenConfig = {
  schema: "../../schema/schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        scalars,
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;
