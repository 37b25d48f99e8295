import type { RunAction } from "@netraven/runtime";
import { Command } from "commander";

import { commandAction, printResult } from "../cli/command-action.js";
import type { CliContext } from "../cli/context.js";
import type { BackupEntry } from "../store/catalog.js";
import { readCatalog, verificationOf } from "../store/catalog.js";
import { formatBytes } from "../store/preflight.js";

/** `list`: the complete backups, newest first. Reads only; takes no lock. */
export async function runList(ctx: CliContext): Promise<number> {
  const catalog = await readCatalog(ctx.config.backupDir);
  for (const bad of catalog.invalid) ctx.logger.warn("ignoring a backup whose manifest cannot be trusted", bad);
  for (const b of catalog.backups.filter((e) => e.futureDated)) {
    ctx.logger.warn("a backup is dated in the future: check the clock of the host that wrote it; it is never latest and retention counts it nowhere", { id: b.id, startedAt: b.manifest.startedAt });
  }
  const rows = catalog.backups.map(summarize);
  const human = rows.length === 0 ? `no backups in ${ctx.config.backupDir}` : formatTable(rows);
  printResult(ctx, { ok: true, dir: ctx.config.backupDir, backups: rows, invalid: catalog.invalid }, human);
  return 0;
}

interface BackupRow {
  id: string;
  database: string;
  startedAt: string;
  durationMs: number;
  bytes: number;
  format: string;
  latestMigration: string | null;
  verified: "ok" | "failed" | "never";
  verifiedAt: string | null;
  pinned: boolean;
  /** Started more than 10 minutes after this host's clock: never latest, counted by no retention rule. */
  futureDated: boolean;
}

function summarize(b: BackupEntry): BackupRow {
  return {
    id: b.id,
    database: b.manifest.database,
    startedAt: b.manifest.startedAt,
    durationMs: b.manifest.durationMs,
    bytes: b.bytes,
    format: b.manifest.format,
    latestMigration: b.manifest.latestMigration,
    verified: verificationOf(b),
    verifiedAt: b.lastVerify?.verifiedAt ?? null,
    pinned: b.pinned,
    futureDated: b.futureDated,
  };
}

function formatTable(rows: BackupRow[]): string {
  const header = ["ID", "STARTED (UTC)", "SIZE", "DURATION", "FORMAT", "VERIFIED", "PINNED", "FLAGS"];
  const body = rows.map((r) => [
    r.id,
    r.startedAt.replace("T", " ").slice(0, 19),
    formatBytes(r.bytes),
    `${(r.durationMs / 1000).toFixed(1)} s`,
    r.format,
    r.verified,
    r.pinned ? "yes" : "",
    r.futureDated ? "FUTURE (dated after this host's clock: check clocks; not latest, not counted by retention)" : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  return [header, ...body].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

/** The commander definition of `list`. */
export function listCommand(run: RunAction): Command {
  return new Command("list").description("list complete backups (those with a manifest), newest first").action(commandAction(run, {}, runList));
}
