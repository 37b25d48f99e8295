import pkg from "../package.json" with { type: "json" };

/** Recorded in every manifest, so a backup says what wrote it. */
export const TOOL_NAME = pkg.name;
/** The package version (from package.json at build time). */
export const TOOL_VERSION = pkg.version;
