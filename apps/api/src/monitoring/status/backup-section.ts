import prettyBytes from "pretty-bytes";

import type { BackupEntry } from "../state/backup-state.js";
import { BACKUP_RUN_KINDS } from "../state/backup-state.js";
import type { DataLayerSnapshot } from "../state/read-snapshot.js";
import { formatDuration } from "./format.js";
import { html } from "./html.js";
import type { SafeHtml } from "./html.js";
import { timeAgo } from "./time-tag.js";

// Binary units ("1.5 GiB"), as netraven-backup prints sizes.
const formatBytes = (bytes: number) => prettyBytes(bytes, { binary: true });

/** Whether the newest verified backup meets the freshness target. */
export function backupFreshness({ backups, now, maxAgeSeconds }: DataLayerSnapshot): { fresh: boolean; ageSeconds: number | null } {
  const newest = backups.newestVerified;
  if (!newest) return { fresh: false, ageSeconds: null };
  const ageSeconds = (now.getTime() - newest.createdAt.getTime()) / 1000;
  return { fresh: ageSeconds <= maxAgeSeconds, ageSeconds };
}

/** The freshness line, the timeline (newest first) and the failures. */
export function backupSection(snapshot: DataLayerSnapshot): SafeHtml {
  const { backups, now, maxAgeSeconds } = snapshot;
  if (backups.error) return html`<h2>Backups</h2><p><span class="badge bad">unknown</span> ${backups.error}</p>`;
  const target = formatDuration(maxAgeSeconds);
  const failures = BACKUP_RUN_KINDS.filter((kind) => backups.failuresSinceSuccess[kind] > 0);
  return html`<h2>Backups</h2>
${freshnessLine(snapshot, target)}
<p>Backups in the store: ${backups.backupCount ?? "not reported yet"}. Last test restore: ${backups.lastRestoreTestAt ? timeAgo(backups.lastRestoreTestAt, now) : html`<span class="badge warn">never</span>`}.
${failures.length === 0 ? "No failed runs since the last success." : html`<span class="badge bad">failing</span> Failed runs since the last success: ${failures.map((kind, i) => html`${i > 0 ? ", " : ""}${kind} ${backups.failuresSinceSuccess[kind]}`)}.`}</p>
${backups.timeline.length === 0 ? html`<p class="muted">No backup recorded yet: the backup service writes a row to backup_runs after each run.</p>` : timeline(backups.timeline, now, maxAgeSeconds, backups.newestVerified?.backupId)}
${backups.recentFailures.length === 0 ? "" : html`<h2>Recent failed backup runs</h2>
<table><thead><tr><th>When</th><th>Run</th><th>Error</th><th>Message</th></tr></thead><tbody>
${backups.recentFailures.map((f) => html`<tr><td>${timeAgo(f.finishedAt, now)}</td><td>${f.kind}</td><td><code>${f.errorCode ?? ""}</code></td><td>${f.message ?? ""}</td></tr>`)}
</tbody></table>`}`;
}

function freshnessLine(snapshot: DataLayerSnapshot, target: string): SafeHtml {
  const newest = snapshot.backups.newestVerified;
  if (!newest) return html`<p><span class="badge bad">stale</span> No verified backup yet (freshness target ${target}).</p>`;
  const { fresh } = backupFreshness(snapshot);
  const size = newest.sizeBytes === null ? "" : html`, ${formatBytes(newest.sizeBytes)}`;
  return fresh
    ? html`<p><span class="badge ok">fresh</span> Last verified backup ${timeAgo(newest.createdAt, snapshot.now)}${size} (freshness target ${target}).</p>`
    : html`<p><span class="badge bad">stale</span> Last verified backup ${timeAgo(newest.createdAt, snapshot.now)}${size}: older than the freshness target of ${target}. Check the backup service.</p>`;
}

// Every backup's age against the target; the verdict (fresh or stale) belongs to the newest verified one.
function timeline(entries: BackupEntry[], now: Date, maxAgeSeconds: number, newestId: string | undefined): SafeHtml {
  const mark = (date: Date | null, label: string) => (date ? html`<span class="badge ok" title="${date.toISOString()}">${label}</span>` : html`<span class="muted">no</span>`);
  return html`<table><thead><tr><th>Taken</th><th>Backup</th><th>Size</th><th>Verified</th><th>Test-restored</th><th>Age vs target</th></tr></thead><tbody>
${entries.map((entry) => {
  const newest = entry.backupId === newestId ? entry : undefined;
  const ageSeconds = (now.getTime() - entry.createdAt.getTime()) / 1000;
  const over = ageSeconds > maxAgeSeconds;
  return html`<tr class="${entry === newest && over ? "stale" : ""}"><td>${timeAgo(entry.createdAt, now)}</td><td><code>${entry.backupId}</code></td><td>${entry.sizeBytes === null ? "" : formatBytes(entry.sizeBytes)}</td><td>${mark(entry.verifiedAt, "verified")}</td><td>${mark(entry.restoreTestedAt, "restored")}</td><td>${formatDuration(ageSeconds)} ${over ? "(over" : "(within"} the ${formatDuration(maxAgeSeconds)} target)${entry === newest ? html` <span class="badge ${over ? "bad" : "ok"}">${over ? "stale" : "fresh"}</span>` : ""}</td></tr>`;
})}
</tbody></table>`;
}
