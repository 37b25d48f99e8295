import type { FastifyInstance } from "fastify";

import { ForbiddenError, UnauthorizedError } from "../errors.js";
import { queryPrepared } from "../server/prepared.js";

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;
const BEARER_PREFIX = "Bearer ";

/** The per-request user check (exported for the benchmark baselines, which run it too). */
export const AUTH_USER_SQL = "SELECT username, is_admin, is_active, token_version FROM users WHERE id = $1";

interface UserRow {
  username: string;
  is_admin: boolean;
  is_active: boolean;
  token_version: number;
}

/**
 * Deny by default: every route needs a valid bearer token unless its config
 * says `public: true`. The user is re-read on every request, so disabling an
 * account or revoking admin rights applies to tokens already issued, and a
 * token whose version is not the user's current one (see users.token_version)
 * is refused: logout, password change, disable and role change revoke.
 */
export function registerAuthentication(app: FastifyInstance): void {
  const { tokens, pool } = app.netraven;
  app.decorateRequest("user", null);
  app.addHook("onRequest", async (request) => {
    const config = request.routeOptions.config;
    if (config.public) return;
    const header = request.headers.authorization;
    // A token verified before is looked up by its exact text, so its shape needs no second check (nor a promise).
    const seen = header?.startsWith(BEARER_PREFIX) ? tokens.cached(header.slice(BEARER_PREFIX.length)) : undefined;
    const claims = seen ?? (await tokens.verify(bearerToken(header)));
    // Raw SQL, prepared, on the shared pool: this runs on every request and is the hottest query.
    const { rows } = await queryPrepared<UserRow>(pool, AUTH_USER_SQL, [claims.sub]);
    const row = rows[0];
    if (!row?.is_active) throw new UnauthorizedError("The account is disabled or no longer exists.");
    if (row.token_version !== claims.ver) throw new UnauthorizedError("The access token was revoked (logout, password, status or role change): log in again.");
    request.user = { id: claims.sub, username: row.username, isAdmin: row.is_admin };
    if (config.admin && !row.is_admin) throw new ForbiddenError("This operation requires an administrator.");
  });
}

function bearerToken(header: string | undefined): string {
  const match = BEARER.exec(header ?? "");
  if (!match?.[1]) throw new UnauthorizedError("Send `Authorization: Bearer <token>`; get a token from POST /api/auth/login.");
  return match[1];
}
