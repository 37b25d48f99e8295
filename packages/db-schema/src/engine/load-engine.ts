import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import type * as EngineModule from "@prisma/schema-engine-wasm";

/** The wasm-bindgen module of `@prisma/schema-engine-wasm`, initialised. */
export type SchemaEngineModule = typeof EngineModule;

// @types/node 20 does not declare the WebAssembly global; the part we use:
interface WasmInstance {
  exports: Record<string, unknown>;
}
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: WasmInstance }>;
};

let loading: Promise<SchemaEngineModule> | undefined;

/**
 * Loads the Prisma schema engine compiled to WebAssembly (no native binary, no
 * network). The package's ESM entry imports the `.wasm` file directly, which
 * Node 20 cannot do, so we instantiate the bytes ourselves with the bindings
 * module as its import object. Memoised: the engine is ~5 MB of wasm.
 */
export function loadSchemaEngine(): Promise<SchemaEngineModule> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function instantiate(): Promise<SchemaEngineModule> {
  const require = createRequire(import.meta.url);
  const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as SchemaEngineModule & {
    __wbg_set_wasm(exports: Record<string, unknown>): void;
  };
  const bytes = await readFile(path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": withUnrefTimers(bindings) });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return bindings;
}

// The engine races each lock wait against a timer (10 s) that it never
// clears, which kept every process alive for 10 s after migrating. Timers the
// engine starts do not need to hold the process open: its real work is pg
// I/O, which does. So the wasm module gets a setTimeout that unrefs them.
function withUnrefTimers(bindings: object): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bindings };
  for (const [name, fn] of Object.entries(bindings)) {
    if (name.startsWith("__wbg_setTimeout_") && typeof fn === "function") {
      imports[name] = (...args: unknown[]) => {
        const timer = (fn as (...a: unknown[]) => unknown)(...args);
        (timer as { unref?: () => void }).unref?.();
        return timer;
      };
    }
  }
  return imports;
}
