import type { DbClient, PrismaClient } from "@netraven/db-schema";
import type pg from "pg";
import type pino from "pino";

import type { TokenService } from "../auth/token-service.js";
import type { UserCache } from "../auth/user-cache.js";
import type { Drain } from "./drain.js";
import type { Readiness } from "./readiness.js";
import type { ServerConfig } from "./server-config.js";

/** The authenticated caller of a request. */
export interface AuthUser {
  id: string;
  username: string;
  isAdmin: boolean;
}

/** Everything route handlers share, decorated on the Fastify instance as `netraven`. */
export interface AppContext {
  prisma: PrismaClient;
  pool: pg.Pool;
  config: ServerConfig;
  tokens: TokenService;
  /** Signed-in users' rows between read requests, evicted by the users triggers' notifications. */
  users: UserCache;
  readiness: Readiness;
  clock: () => Date;
  /** Graceful shutdown's first step (start.ts calls it on SIGTERM before closing). */
  drain: Drain;
}

declare module "fastify" {
  interface FastifyInstance {
    netraven: AppContext;
  }
  interface FastifyRequest {
    /** Set by the authentication hook; null only on public routes. */
    user: AuthUser | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a token (health, API description, login). Everything else is denied by default. */
    public?: boolean;
    /** Only administrators may call the route. */
    admin?: boolean;
  }
}

/** Dependencies of {@link createServer}. */
export interface ServerDeps {
  /** From `createDbClient`; the caller owns it and closes it after the server. */
  db: DbClient;
  config: ServerConfig;
  /** A pino logger (see createLogger). */
  logger: pino.Logger;
  /** Current time. @default () => new Date() */
  clock?: () => Date;
}
