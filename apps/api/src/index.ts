export type { Config } from "./config.js";
export { ConfigSchema, loadConfig, resetConfig } from "./config.js";
export type { ApiErrorCode, FieldProblem } from "./errors.js";
export {
  ApiError,
  BadRequestError,
  ConflictError,
  EncryptionError,
  ForbiddenError,
  isApiError,
  NotFoundError,
  ServiceUnavailableError,
  StartupError,
  UnauthorizedError,
  ValidationError,
} from "./errors.js";
export { API_EXIT_CODE_ROWS, API_EXIT_CODES, EXIT_CODES } from "./exit-codes.js";
export type { CreateLoggerOptions } from "./logger.js";
export { createLogger, toLibraryLogger } from "./logger.js";
export type { Keyring } from "./crypto/keyring.js";
export { parseKeyring } from "./crypto/keyring.js";
export { credentialAad, decryptSecret, encryptSecret } from "./crypto/secret-box.js";
export type { AppContext, AuthUser, ServerDeps } from "./server/context.js";
export { createServer } from "./server/create-server.js";
export type { MonitoringConfig, ResolvedSecrets, ServerConfig } from "./server/server-config.js";
export { toServerConfig } from "./server/server-config.js";
export { ADMIN_EXTENSION } from "./server/openapi.js";
export type { RotationReport } from "./resources/credentials/rotate-keys.js";
export { rotateCredentialKeys } from "./resources/credentials/rotate-keys.js";
export { PROBLEM_BASE, PROBLEM_CONTENT_TYPE } from "./http/problem.js";
export type { DeviceListQuery, DeviceReadRow } from "./resources/device-reads.js";
export { buildDeviceListSql, DEVICE_BY_ID_SQL, listDeviceRows, readDeviceRow } from "./resources/device-reads.js";
export type { CursorKey, CursorPosition } from "./resources/cursor.js";
export { CursorCodec } from "./resources/cursor.js";
export { AUTH_USER_SQL } from "./auth/authenticate.js";
export { prepared } from "./server/prepared.js";
