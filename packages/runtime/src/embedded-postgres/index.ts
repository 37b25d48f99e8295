export type { EmbeddedPostgres, EmbeddedPostgresOptions } from "./start-embedded-postgres.js";
export { startEmbeddedPostgres } from "./start-embedded-postgres.js";
export { EmbeddedPostgresInUseError, EmbeddedPostgresMissingError, EmbeddedPostgresStartError } from "./errors.js";
export { findFreePort } from "./find-free-port.js";
