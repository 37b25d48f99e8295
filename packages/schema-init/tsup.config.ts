import { nodePackage } from "@netraven/tsconfig/tsup";
import { defineConfig } from "tsup";

// commander is CommonJS and requires Node built-ins; give the ESM bundle a require.
const banner = { js: 'import { createRequire as __nrCreateRequire } from "node:module"; const require = __nrCreateRequire(import.meta.url);' };

export default defineConfig([
  {
    // The library: its dependencies stay in node_modules, shared with the caller (pg above all).
    ...nodePackage,
    entry: { index: "src/index.ts" },
    dts: { entry: { index: "src/index.ts" } },
    noExternal: ["zod"],
    banner,
  },
  {
    // The CLI starts at every container start, and start-up is most of a no-op
    // run. One file with zod, commander and pg inside: loading their ~200
    // modules one by one cost about 100 ms (measured by `pnpm bench`). The
    // runtime's root goes in too; its /password subpath stays outside, so its
    // lazy import of the argon2 addon resolves from the runtime's own dependencies.
    ...nodePackage,
    clean: false,
    entry: { cli: "src/cli.ts" },
    splitting: false,
    noExternal: [/^@netraven\/runtime$/, "zod", "commander", /^pg(-.*)?$/, /^postgres-/, "pgpass", "split2", "xtend"],
    // pg probes for Cloudflare Workers at load time by building a web Response;
    // on Node 20 that loads undici (~11 ms). The probe is meaningless for a CLI
    // that runs on Node, so the bundled copy sees no Response and moves on.
    define: { Response: "undefined" },
    // Node reads, decodes and compiles the whole file at every start: a smaller
    // one starts faster. Names stay, so an internal error's stack trace reads.
    esbuildOptions(options) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
    },
    banner,
  },
]);
