import { randomUUID } from "node:crypto";

import { SignJWT, jwtVerify } from "jose";

import { UnauthorizedError } from "../errors.js";

/** Claims the API relies on. */
export interface AccessClaims {
  /** User id. */
  sub: string;
  jti: string;
  /** users.token_version when issued; a different current value means revoked. */
  ver: number;
}

/** Issues and verifies access tokens. */
export interface TokenService {
  /** Issues a token for the user's current token version, living `ttlSeconds` (at most the configured lifetime). */
  issue(userId: string, tokenVersion: number, ttlSeconds?: number): Promise<{ token: string; expiresAt: Date; expiresInSeconds: number }>;
  verify(token: string): Promise<AccessClaims>;
  /** The claims of `token` if it was verified before and has not expired yet, without a promise. */
  cached(token: string): AccessClaims | undefined;
}

/** Options for {@link createTokenService}. */
export interface TokenServiceOptions {
  /** HMAC secret (at least 32 bytes). */
  secret: string;
  /** Longest token lifetime (JWT_TTL); the access_token_expire_minutes setting can shorten it. */
  ttlSeconds: number;
  /** Current time (injected so tests can move it). */
  clock: () => Date;
}

// The algorithm is pinned on both sides (RFC 8725): a token signed with
// anything else, or `none`, fails verification.
const ALGORITHM = "HS256";
const ISSUER = "netraven";
const AUDIENCE = "netraven-api";

// Verified tokens, so a client's repeated requests skip the HMAC (WebCrypto
// in jose costs more than the rest of a small request's auth). An entry is
// used only until the token's own `exp`; the user is still re-read from the
// database on every request.
const VERIFIED_CACHE_SIZE = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Short-lived HS256 JWTs with `sub`, `jti`, `ver`, `iat` and `exp`. */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const key = new TextEncoder().encode(options.secret);
  const verified = new Map<string, { claims: AccessClaims; expMs: number }>();
  const cached = (token: string) => {
    const hit = verified.get(token);
    return hit && hit.expMs > options.clock().getTime() ? hit.claims : undefined;
  };
  return {
    cached,
    async issue(userId, tokenVersion, ttlSeconds = options.ttlSeconds) {
      const lifetime = Math.min(ttlSeconds, options.ttlSeconds);
      const now = Math.floor(options.clock().getTime() / 1000);
      const exp = now + lifetime;
      const token = await new SignJWT({ ver: tokenVersion })
        .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
        .setSubject(userId)
        .setJti(randomUUID())
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000), expiresInSeconds: lifetime };
    },
    async verify(token) {
      const hit = cached(token);
      if (hit) return hit;
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: options.clock(),
          requiredClaims: ["sub", "jti", "ver", "iat", "exp"],
        });
        if (!Number.isInteger(payload.ver)) throw new Error("ver is not an integer");
        // sub becomes a query parameter of type uuid: anything else would be a database error, not a 401.
        if (!UUID.test(String(payload.sub))) throw new Error("sub is not a user id");
        const claims: AccessClaims = Object.freeze({ sub: String(payload.sub), jti: String(payload.jti), ver: payload.ver as number });
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
        verified.set(token, { claims, expMs: Number(payload.exp) * 1000 });
        return claims;
      } catch (error) {
        throw new UnauthorizedError("The access token is invalid or expired: log in again.", { cause: error });
      }
    },
  };
}
