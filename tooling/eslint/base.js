// Shared flat ESLint config. `process.env` is read only in each package's
// src/config.ts (HS-10), so configuration is parsed once and passed down.
import tseslint from "typescript-eslint";

export default tseslint.config(
  // tsup writes its bundled config (`tsup.config.bundled_<hash>.mjs`) next to the config while it builds and
  // deletes it after: turbo runs lint beside build, and a lint that listed it then failed with ENOENT.
  { ignores: ["dist/**", "coverage/**", "src/generated/**", ".cache/**", "**/*.bundled_*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration in src/config.ts only." },
      ],
    },
  },
  {
    files: ["src/config.ts", "test/**", "bench/**", "scripts/**", "**/*.test.ts", "*.config.ts", "src/testing/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
