export type { EmbeddedPostgres, EmbeddedPostgresOptions } from "./start-embedded-postgres.js";
export { EmbeddedPostgresMissingError, startEmbeddedPostgres } from "./start-embedded-postgres.js";
export { findFreePort } from "./find-free-port.js";
