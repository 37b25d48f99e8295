import type { UserConfig } from "vitest/config";

export declare function packageConfig(options?: { integration?: boolean; globalSetup?: string[] }): UserConfig;
