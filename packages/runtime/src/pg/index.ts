export type { OpenPgClientOptions } from "./open-pg-client.js";
export { openPgClient } from "./open-pg-client.js";
