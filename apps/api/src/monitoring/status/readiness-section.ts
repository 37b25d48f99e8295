import type { ReadinessReport } from "../../server/readiness.js";
import { html } from "./html.js";
import type { SafeHtml } from "./html.js";

/** The same checks as /readyz. */
export function readinessSection(report: ReadinessReport): SafeHtml {
  return html`<h2>Readiness</h2>
<p>${report.ready ? html`<span class="badge ok">ready</span> /readyz answers 200.` : html`<span class="badge bad">not ready</span> /readyz answers 503.`}</p>
<table><thead><tr><th>Check</th><th>Status</th><th>Reason</th></tr></thead><tbody>
${Object.entries(report.checks).map(([name, check]) => html`<tr><td>${name}</td><td><span class="badge ${check.status === "ok" ? "ok" : "bad"}">${check.status}</span></td><td>${check.reason ?? ""}</td></tr>`)}
</tbody></table>`;
}
