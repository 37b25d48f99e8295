import { packageConfig } from "@netraven/vitest-config";

// Unit checks only; the real-engine tests have their own config (vitest.engine.config.ts).
export default packageConfig();
