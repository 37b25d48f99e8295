import { securityHeaders } from "../http/security-headers.js";
import { STYLE_HASH } from "./status/page-layout.js";

/**
 * Headers of every answer of the monitoring listener. The page runs no script
 * and loads nothing: the CSP allows only its one inline stylesheet (by hash).
 * No HSTS: the listener is plain HTTP on loopback or a private network.
 */
export const MONITORING_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { "default-src": ["'none'"], "style-src": [STYLE_HASH], "base-uri": ["'none'"], "form-action": ["'none'"], "frame-ancestors": ["'none'"] },
    },
    strictTransportSecurity: false,
  }),
  "cache-control": "no-store",
});
