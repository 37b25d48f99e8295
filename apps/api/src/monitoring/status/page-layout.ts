import { createHash } from "node:crypto";

import { html, SafeHtml } from "./html.js";

// All styling is this one inline block: the page fetches nothing, and the CSP allows exactly this style by its hash.
const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:68rem;padding:1rem 1.5rem;color:#1d2330;background:#f7f8fa}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #d5d9e0;padding-bottom:.2rem}
.summary{display:flex;gap:.8rem;flex-wrap:wrap;margin:1rem 0}.card{flex:1 1 14rem;background:#fff;border:1px solid #d5d9e0;border-left:6px solid #8a94a6;padding:.6rem .8rem;border-radius:4px}
.ok{border-left-color:#1f8f4e}.bad{border-left-color:#c62828}.warn{border-left-color:#d18b00}
.badge{display:inline-block;padding:0 .45rem;border-radius:3px;font-size:.85em;font-weight:600;color:#fff;background:#8a94a6}
.badge.ok{background:#1f8f4e}.badge.bad{background:#c62828}.badge.warn{background:#d18b00}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e6eb;vertical-align:top}th{background:#eef0f4;font-weight:600}
tr.stale td{background:#fdecea}code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#1d2330;color:#e8eaf0;padding:.7rem;overflow:auto;border-radius:4px}
.muted{color:#5b6478}details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
`;

// The stylesheet is a constant of this file, not data: it goes in as it is (escaping would change its hash).
const STYLE_MARKUP = new SafeHtml(STYLE);

/** The CSP source allowing {@link STYLE} and nothing else. */
export const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`;

/** The whole document around the page's sections. */
export function pageLayout(options: { title: string; generatedAt: Date; body: SafeHtml }): SafeHtml {
  const iso = options.generatedAt.toISOString();
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
<style>${STYLE_MARKUP}</style>
</head>
<body>
<header><h1>${options.title}</h1><p class="muted">Generated <time datetime="${iso}">${iso}</time>. Reload for fresh data; schema checks are reused for up to 30 s. Prometheus: <a href="/metrics">/metrics</a>.</p></header>
<main>${options.body}</main>
</body>
</html>
`;
}
