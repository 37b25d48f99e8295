// The build every NetRaven package shares (HS-8): compiled ESM for Node 20+,
// types and source maps, dependencies left in node_modules. Packages add
// their entries and, where measured, what they bundle.
/** @type {import("tsup").Options} */
export const nodePackage = {
  format: ["esm"],
  target: "node20",
  platform: "node",
  sourcemap: true,
  clean: true,
  splitting: true,
  skipNodeModulesBundle: true,
};
