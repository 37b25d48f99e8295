import packageJson from "../package.json" with { type: "json" };

/** The API version shown in the OpenAPI document. */
export const API_VERSION: string = packageJson.version;
