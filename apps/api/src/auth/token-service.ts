import { randomUUID } from "node:crypto";

import { SignJWT, jwtVerify } from "jose";

import { UnauthorizedError } from "../errors.js";

/** Claims the API relies on. */
export interface AccessClaims {
  /** User id. */
  sub: string;
  jti: string;
}

/** Issues and verifies access tokens. */
export interface TokenService {
  issue(userId: string): Promise<{ token: string; expiresAt: Date; expiresInSeconds: number }>;
  verify(token: string): Promise<AccessClaims>;
}

/** Options for {@link createTokenService}. */
export interface TokenServiceOptions {
  /** HMAC secret (at least 32 bytes). */
  secret: string;
  /** Token lifetime. */
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

/** Short-lived HS256 JWTs with `sub`, `jti`, `iat` and `exp`. */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const key = new TextEncoder().encode(options.secret);
  const verified = new Map<string, AccessClaims & { expMs: number }>();
  return {
    async issue(userId) {
      const now = Math.floor(options.clock().getTime() / 1000);
      const exp = now + options.ttlSeconds;
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
        .setSubject(userId)
        .setJti(randomUUID())
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000), expiresInSeconds: options.ttlSeconds };
    },
    async verify(token) {
      const hit = verified.get(token);
      if (hit && hit.expMs > options.clock().getTime()) return { sub: hit.sub, jti: hit.jti };
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: options.clock(),
          requiredClaims: ["sub", "jti", "iat", "exp"],
        });
        const claims = { sub: String(payload.sub), jti: String(payload.jti) };
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
        verified.set(token, { ...claims, expMs: Number(payload.exp) * 1000 });
        return claims;
      } catch (error) {
        throw new UnauthorizedError("The access token is invalid or expired: log in again.", { cause: error });
      }
    },
  };
}
