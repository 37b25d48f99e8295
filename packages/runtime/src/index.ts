export type { BackoffOptions, AttemptInfo, RetryStats, RetryUntilOptions } from "./backoff.js";
export { backoffDelay, retryUntil, sleep } from "./backoff.js";
export type { CliIo, ReportErrorOptions } from "./cli-output.js";
export { JSON_OUTPUT_VERSION, printJson, reportError, shortUsageMessage } from "./cli-output.js";
export type { CommandContext, RunAction, RunCliOptions } from "./cli-runner.js";
export { runCli } from "./cli-runner.js";
export { ignoreBrokenPipes, installSignalHandlers } from "./cli-signals.js";
export { detectColor } from "./color.js";
export type { DatabaseUrlParts } from "./database-url.js";
export { DATABASE_URL_SHAPE, databaseUrlProblem, displayDatabaseUrl, parseDatabaseUrl } from "./database-url.js";
export {
  configError,
  envBoolean,
  envDatabaseUrl,
  envDurationMs,
  envEnum,
  envIdentifier,
  envInteger,
  envLogFormat,
  envLogLevel,
  envString,
  parseEnv,
} from "./env.js";
export type { NetravenErrorOptions, SerializedError } from "./errors.js";
export {
  abortError,
  ConfigError,
  DatabaseAccessDeniedError,
  DatabaseNotFoundError,
  DatabaseUnreachableError,
  exitCodeFor,
  InterruptedError,
  isNetravenError,
  NetravenError,
  serializeError,
  UsageError,
} from "./errors.js";
export type { ExitCodeName, ExitCodeRow } from "./exit-codes.js";
export { EXIT_CODES, exitCodeRows, formatExitCodeMarkdown, formatExitCodeTable, SHARED_EXIT_CODE_ROWS } from "./exit-codes.js";
export { resolveFileSecrets } from "./file-secrets.js";
export type { LogRecord } from "./log-writers.js";
export { formatJsonLine, formatPrettyLine, formatTextLine } from "./log-writers.js";
export type { CreateLoggerOptions, LogFormat, Logger, LogLevel } from "./logger.js";
export { createLogger, LOG_FORMATS, LOG_LEVELS, silentLogger } from "./logger.js";
export type { DatabaseUnreachableErrorOptions, PgConnectErrorKind, PgConnectErrorOptions } from "./pg-connect-errors.js";
export { classifyPgConnectError, databaseUnreachableError, describePgError, formatSeconds, pgConnectError } from "./pg-connect-errors.js";
export { isSecretKey, REDACTED, redactConnectionString, redactSecrets, redactText, redactValue } from "./redact.js";
export type { WaitForDatabaseOptions } from "./wait-for-database.js";
export { waitForDatabase } from "./wait-for-database.js";
export type { WaitReporter, WaitReporterOptions } from "./wait-reporter.js";
export { createWaitReporter } from "./wait-reporter.js";
