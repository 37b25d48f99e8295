import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from "fastify";

import { ForbiddenError, UnauthorizedError } from "../errors.js";
import { queryPrepared } from "../server/prepared.js";
import type { AccessClaims } from "./token-service.js";
import type { CachedUser } from "./user-cache.js";
import { READ_METHODS } from "./user-cache.js";

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
 * says `public: true`. Every request checks the user's current row, so
 * disabling an account or revoking admin rights applies to tokens already
 * issued, and a token whose version is not the user's current one (see
 * users.token_version) is refused: logout, password change, disable and role
 * change revoke. Writes read the row from PostgreSQL; reads may use this
 * process's copy, which the users triggers' notifications evict in every
 * replica (user-change-listener.ts), and which every write answered here
 * empties before its answer leaves (so this process reads its own writes).
 */
export function registerAuthentication(app: FastifyInstance): void {
  const { tokens, pool, users } = app.netraven;
  app.decorateRequest("user", null);
  // Callback style: a request whose token and user are both cached is checked without a promise.
  app.addHook("onRequest", (request, _reply, done) => {
    const config = request.routeOptions.config;
    if (config.public) return done();
    const header = request.headers.authorization;
    // A token verified before is looked up by its exact text, so its shape needs no second check.
    const claims = header?.startsWith(BEARER_PREFIX) ? tokens.cached(header.slice(BEARER_PREFIX.length)) : undefined;
    const user = claims && READ_METHODS.has(request.method) ? users.get(claims.sub) : undefined;
    // The copy only ever admits: a refusal is confirmed against the row (the copy may be older than a new token).
    if (claims && user && admit(request, config, claims, user) === undefined) return done();
    checkFromDatabase(request, config, claims).then(() => done(), done);
  });

  async function checkFromDatabase(request: FastifyRequest, config: FastifyContextConfig, seen: AccessClaims | undefined): Promise<void> {
    const claims = seen ?? (await tokens.verify(bearerToken(request.headers.authorization)));
    const ticket = users.ticket();
    // Raw SQL, prepared, on the shared pool: the hottest query there is.
    const { rows } = await queryPrepared<UserRow>(pool, AUTH_USER_SQL, [claims.sub]);
    const row = rows[0];
    if (!row) throw new UnauthorizedError(DISABLED);
    const user: CachedUser = { username: row.username, isAdmin: row.is_admin, isActive: row.is_active, tokenVersion: row.token_version };
    users.keep(claims.sub, user, ticket);
    const refused = admit(request, config, claims, user);
    if (refused) throw refused;
  }
}

const DISABLED = "The account is disabled or no longer exists.";

/** Sets request.user, or returns why the request is refused. (`config` is passed in: each routeOptions read allocates.) */
function admit(request: FastifyRequest, config: FastifyContextConfig, claims: AccessClaims, user: CachedUser): Error | undefined {
  if (!user.isActive) return new UnauthorizedError(DISABLED);
  if (user.tokenVersion !== claims.ver) return new UnauthorizedError("The access token was revoked (logout, password, status or role change): log in again.");
  request.user = { id: claims.sub, username: user.username, isAdmin: user.isAdmin };
  if (config.admin && !user.isAdmin) return new ForbiddenError("This operation requires an administrator.");
  return undefined;
}

function bearerToken(header: string | undefined): string {
  const match = BEARER.exec(header ?? "");
  if (!match?.[1]) throw new UnauthorizedError("Send `Authorization: Bearer <token>`; get a token from POST /api/auth/login.");
  return match[1];
}
