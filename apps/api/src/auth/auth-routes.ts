import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

import { recordAudit } from "../audit/record-audit.js";
import { UnauthorizedError } from "../errors.js";
import { problems, Timestamp } from "../resources/common-schemas.js";
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

/** POST /api/auth/login (public, rate-limited) and GET /api/auth/me. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { prisma, tokens, clock, config } = app.netraven;
  const zapp = app.withTypeProvider<ZodTypeProvider>();

  zapp.post(
    "/api/auth/login",
    {
      config: { public: true, rateLimit: { max: config.rateLimit.loginMax, timeWindow: config.rateLimit.windowMs } },
      schema: {
        tags: ["auth"],
        operationId: "login",
        description: `Exchanges a username and password for a short-lived bearer token. Repeated failures lock the account for a while (admin settings security.login.*); every failure answers 401 "${INVALID_CREDENTIALS}".`,
        body: LoginBody,
        response: { 200: TokenResponse, ...problems(401, 422, 429) },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const outcome = await attemptLogin(prisma, username, password, clock());
      if (!outcome.ok) {
        await recordAudit(prisma, request, {
          eventType: "auth",
          eventName: "login.failure",
          actorId: outcome.userId ?? null,
          targetType: "user",
          ...(outcome.userId ? { targetId: outcome.userId } : {}),
          description: `Failed login for ${username.slice(0, 50)} (${outcome.reason}${outcome.lockedNow ? ", account locked" : ""})`,
          status: "failure",
          metadata: { username: username.slice(0, 50), reason: outcome.reason, lockedNow: outcome.lockedNow ?? false },
        });
        throw new UnauthorizedError(INVALID_CREDENTIALS);
      }
      const issued = await tokens.issue(outcome.user.id);
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
