import { createHmac } from "node:crypto";

import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { recordAudit } from "../audit/record-audit.js";
import { UnauthorizedError } from "../errors.js";
import { problems, Timestamp } from "../resources/common-schemas.js";
import { queryPrepared } from "../server/prepared.js";
import { attemptLogin } from "./login.js";

const LoginBody = z
  .strictObject({ username: z.string().min(1).max(50), password: z.string().min(1).max(256).meta({ writeOnly: true }) })
  .meta({ id: "LoginRequest" });

const TokenResponse = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().describe("Seconds until the token expires."),
    expiresAt: Timestamp,
    user: z.object({ id: z.uuid(), username: z.string(), isAdmin: z.boolean() }),
  })
  .meta({ id: "TokenResponse" });

const Me = z.object({ id: z.uuid(), username: z.string(), isAdmin: z.boolean() }).meta({ id: "CurrentUser" });

/** Every failure looks the same to the client: unknown user, wrong password, locked or disabled account. */
const INVALID_CREDENTIALS = "Invalid credentials.";

/** Revokes every token of the user: they carry the version this bumps. */
const LOGOUT_SQL = "UPDATE users SET token_version = token_version + 1 WHERE id = $1";

/** POST /api/auth/login (public, rate-limited), POST /api/auth/logout and GET /api/auth/me. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { prisma, pool, tokens, clock, config } = app.netraven;
  const zapp = app.withTypeProvider<ZodTypeProvider>();
  // What was typed into the username field of a failed login may be a password: an unknown name is kept
  // only as a keyed hash, which tells repeated attempts apart without revealing what was typed.
  const fingerprint = (username: string) => createHmac("sha256", config.jwt.secret).update(username).digest("hex").slice(0, 16);

  zapp.post(
    "/api/auth/login",
    {
      config: { public: true, rateLimit: { max: config.rateLimit.loginMax, timeWindow: config.rateLimit.windowMs } },
      schema: {
        tags: ["auth"],
        operationId: "login",
        summary: "Log in",
        description: `Exchanges a username and password for a short-lived bearer token. Repeated failures lock the account for a while (admin settings security.login.*); every failure answers 401 "${INVALID_CREDENTIALS}".`,
        body: LoginBody,
        response: { 200: TokenResponse, ...problems(401, 422, 429) },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const outcome = await attemptLogin(prisma, username, password, clock());
      if (!outcome.ok) {
        const who = outcome.username ?? "an unknown username";
        await recordAudit(prisma, request, {
          eventType: "auth",
          eventName: "login.failure",
          actorId: outcome.userId ?? null,
          targetType: "user",
          ...(outcome.userId ? { targetId: outcome.userId } : {}),
          description: `Failed login for ${who} (${outcome.reason}${outcome.lockedNow ? ", account locked" : ""})`,
          status: "failure",
          metadata: {
            ...(outcome.username ? { username: outcome.username } : { usernameFingerprint: fingerprint(username) }),
            reason: outcome.reason,
            lockedNow: outcome.lockedNow ?? false,
          },
        });
        throw new UnauthorizedError(INVALID_CREDENTIALS);
      }
      const issued = await tokens.issue(outcome.user.id, outcome.tokenVersion, outcome.settings.accessTokenMinutes * 60);
      await recordAudit(prisma, request, {
        eventType: "auth",
        eventName: "login.success",
        actorId: outcome.user.id,
        targetType: "user",
        targetId: outcome.user.id,
        description: `Login by ${outcome.user.username}`,
        status: "success",
      });
      return {
        accessToken: issued.token,
        tokenType: "Bearer" as const,
        expiresIn: issued.expiresInSeconds,
        expiresAt: issued.expiresAt.toISOString(),
        user: outcome.user,
      };
    },
  );

  zapp.post(
    "/api/auth/logout",
    {
      schema: {
        tags: ["auth"],
        operationId: "logout",
        summary: "Log out everywhere",
        description: "Revokes every access token of the caller (all sessions): at once on this replica, on the others as soon as the change's notification reaches them (normally well under a millisecond). Log in again for a new one.",
        response: { 204: z.null(), ...problems(401) },
      },
    },
    async (request, reply) => {
      const user = request.user;
      if (!user) throw new UnauthorizedError(INVALID_CREDENTIALS);
      await queryPrepared(pool, LOGOUT_SQL, [user.id]);
      await recordAudit(prisma, request, {
        eventType: "auth",
        eventName: "logout",
        targetType: "user",
        targetId: user.id,
        description: `Logout by ${user.username}`,
        status: "success",
      });
      return reply.code(204).send(null);
    },
  );

  zapp.get(
    "/api/auth/me",
    { schema: { tags: ["auth"], operationId: "getCurrentUser", response: { 200: Me, ...problems(401) } } },
    async (request) => {
      const user = request.user;
      if (!user) throw new UnauthorizedError(INVALID_CREDENTIALS);
      return user;
    },
  );
}
