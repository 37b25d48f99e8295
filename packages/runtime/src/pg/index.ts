export type { OpenPgClientOptions } from "./open-pg-client.js";
export { openPgClient, watchConnectionLoss } from "./open-pg-client.js";
