import type { UserConfig } from "vitest/config";

export declare const unitProject: Record<string, unknown>;
export declare function integrationProject(options?: { globalSetup?: string[] }): Record<string, unknown>;
export declare function packageConfig(options?: { integration?: boolean; globalSetup?: string[] }): UserConfig;
