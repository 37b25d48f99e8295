import type { DataLayerSnapshot } from "../state/read-snapshot.js";
import type { SchemaState } from "../state/schema-state.js";
import { formatDuration } from "./format.js";
import { html } from "./html.js";
import type { SafeHtml } from "./html.js";
import { timeAgo } from "./time-tag.js";

/** Schema version, pending and failed migrations, drift with its repair SQL, and the last schema-init run. */
export function schemaSection({ schema, lastSchemaInit, now }: DataLayerSnapshot): SafeHtml {
  if (schema.error) return html`<h2>Schema</h2><p><span class="badge bad">unknown</span> ${schema.error}</p>`;
  const version = schema.newest
    ? html`<code>${schema.newest.name}</code>, applied ${timeAgo(schema.newest.finishedAt, now)}`
    : html`<span class="badge bad">no migration applied</span> run schema-init`;
  const pending =
    schema.pending.length === 0
      ? html`<p>Pending migrations: none. ${schema.appliedCount} applied; this build ships up to <code>${schema.expectedMigration}</code>.</p>`
      : html`<p><span class="badge bad">${schema.pending.length} pending</span> migration(s) not applied; run <code>schema-init migrate</code>:</p><ul>${schema.pending.map((name) => html`<li><code>${name}</code></li>`)}</ul>`;
  const failed = schema.failed.length === 0 ? "" : html`<p><span class="badge bad">${schema.failed.length} failed</span> migration(s): ${schema.failed.map((name) => html`<code>${name}</code> `)}see <code>schema-init status</code>.</p>`;
  return html`<h2>Schema</h2>
<p>Schema version: ${version}.</p>
${pending}${failed}
<h2>Drift</h2>
${driftPart(schema, now)}
<h2>Last schema-init run</h2>
${lastSchemaInit
  ? html`<p>${lastSchemaInit.outcome === "ok" ? html`<span class="badge ok">ok</span>` : html`<span class="badge bad">${lastSchemaInit.outcome}</span>`} finished ${timeAgo(lastSchemaInit.finishedAt, now)}, took ${formatDuration(lastSchemaInit.durationMs / 1000)}; applied ${lastSchemaInit.appliedMigrations.length} migration(s)${lastSchemaInit.appliedMigrations.length > 0 ? html` (${lastSchemaInit.appliedMigrations.map((name, i) => html`${i > 0 ? ", " : ""}<code>${name}</code>`)})` : ""}; validation: ${lastSchemaInit.validation}, ${lastSchemaInit.findingCount} finding(s)${lastSchemaInit.errorCode ? html`; error <code>${lastSchemaInit.errorCode}</code>` : ""}${lastSchemaInit.toolVersion ? html`; schema-init ${lastSchemaInit.toolVersion}` : ""}.</p>`
  : html`<p class="muted">No schema-init run recorded yet.</p>`}`;
}

function driftPart(drift: SchemaState, now: Date): SafeHtml {
  const { checkedAt } = drift;
  if (drift.problems.length === 0) return html`<p><span class="badge ok">no drift</span> The database matches the shipped schema (checked ${timeAgo(checkedAt, now)}).</p>`;
  const errors = drift.problems.filter((p) => p.severity === "error").length;
  return html`<p><span class="badge ${errors > 0 ? "bad" : "warn"}">${drift.problems.length} finding(s)</span> The database differs from the shipped schema (checked ${timeAgo(checkedAt, now)}).</p>
<table><thead><tr><th>Severity</th><th>Table</th><th>Object</th><th>Finding</th></tr></thead><tbody>
${drift.problems.map((p) => html`<tr><td>${p.severity}</td><td><code>${p.table}</code></td><td><code>${p.name ?? ""}</code></td><td>${p.message}</td></tr>`)}
</tbody></table>
${drift.repairSql ? html`<details><summary>Repair SQL (review before running; destructive steps are commented out)</summary><pre><code>${drift.repairSql}</code></pre></details>` : ""}`;
}
