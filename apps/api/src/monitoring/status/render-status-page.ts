import type { ReadinessReport } from "../../server/readiness.js";
import type { DataLayerSnapshot } from "../state/read-snapshot.js";
import { backupFreshness, backupSection } from "./backup-section.js";
import { formatAge } from "./format.js";
import { html } from "./html.js";
import type { SafeHtml } from "./html.js";
import { pageLayout } from "./page-layout.js";
import { readinessSection } from "./readiness-section.js";
import { schemaSection } from "./schema-section.js";

/** The /status page: a summary row, then schema, drift, backups and readiness. */
export function renderStatusPage(snapshot: DataLayerSnapshot, readiness: ReadinessReport): string {
  const body = html`${summary(snapshot, readiness)}${schemaSection(snapshot)}${backupSection(snapshot)}${readinessSection(readiness)}`;
  return pageLayout({ title: "NetRaven data layer status", generatedAt: snapshot.now, body }).value;
}

function summary(snapshot: DataLayerSnapshot, readiness: ReadinessReport): SafeHtml {
  const { schema, backups, now } = snapshot;
  const schemaOk = !schema.error && schema.pending.length === 0 && schema.failed.length === 0 && schema.problems.length === 0;
  const schemaText = schema.error
    ? "Schema: unknown"
    : schemaOk
      ? "Schema: up to date, no drift"
      : `Schema: ${[schema.pending.length > 0 ? `${schema.pending.length} pending` : "", schema.failed.length > 0 ? `${schema.failed.length} failed` : "", schema.problems.length > 0 ? `${schema.problems.length} drift finding(s)` : ""].filter(Boolean).join(", ")}`;
  const { fresh } = backupFreshness(snapshot);
  const newest = backups.newestVerified;
  const backupText = backups.error ? "Backups: unknown" : newest ? `Backups: ${fresh ? "fresh" : "STALE"}, last verified ${formatAge(newest.createdAt, now)}` : "Backups: STALE, no verified backup yet";
  const card = (ok: boolean, text: string) => html`<div class="card ${ok ? "ok" : "bad"}" role="status">${text}</div>`;
  return html`<section class="summary">${card(schemaOk, schemaText)}${card(fresh, backupText)}${card(readiness.ready, readiness.ready ? "Readiness: ready" : "Readiness: not ready")}</section>`;
}
