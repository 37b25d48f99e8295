import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { EXIT_CODES } from "../cli/exit-codes.js";
import type { InitReport } from "../initialize-schema.js";
import { initializeSchema } from "../initialize-schema.js";

/** Flags of `schema-init up`. */
export interface UpFlags {
  seed?: boolean;
  createDatabase?: boolean;
  strict?: boolean;
}

/** `schema-init up`: wait, lock, migrate, validate, seed. */
export async function runUp(ctx: CommandContext, flags: UpFlags): Promise<number> {
  const { config } = ctx;
  const report = await initializeSchema({
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    waitTimeoutMs: config.SCHEMA_INIT_WAIT_TIMEOUT_MS,
    lockTimeoutMs: config.SCHEMA_INIT_LOCK_TIMEOUT_MS,
    lockMode: config.SCHEMA_INIT_LOCK_MODE,
    createDatabase: flags.createDatabase ?? config.SCHEMA_INIT_CREATE_DATABASE,
    seed: flags.seed ?? config.SCHEMA_INIT_SEED,
    strict: flags.strict ?? false,
    adminUsername: config.ADMIN_USERNAME,
    adminEmail: config.ADMIN_EMAIL,
    adminPassword: config.ADMIN_PASSWORD,
    migrationsDir: config.SCHEMA_INIT_MIGRATIONS_DIR,
    manifestPath: config.SCHEMA_INIT_MANIFEST,
    logger: ctx.logger,
    signal: ctx.signal,
  });
  ctx.out(ctx.json ? JSON.stringify({ ok: true, ...report }) : renderUp(report));
  return EXIT_CODES.OK;
}

function renderUp(report: InitReport): string {
  const lines = [
    report.migrationsApplied.length
      ? `Applied ${report.migrationsApplied.length} migration(s): ${report.migrationsApplied.join(", ")}`
      : "No pending migrations.",
    `Schema valid (${report.validation.expectedMigration}).${report.validation.drift ? " Extra objects found: see warnings." : ""}`,
  ];
  const admin = report.seed?.admin;
  if (admin?.generatedPassword) {
    lines.push(
      `Created admin user "${admin.username}" with password: ${admin.generatedPassword}`,
      "This password is shown once. Log in and change it, or set ADMIN_PASSWORD_FILE before the first start.",
    );
  }
  lines.push(`Done in ${report.durationMs} ms.`);
  return lines.join("\n");
}

/** Registers `up` (the default command). */
export function registerUp(program: Command, run: (action: (ctx: CommandContext) => Promise<number>) => Promise<void>): void {
  program
    .command("up", { isDefault: true })
    .description("wait for PostgreSQL, take the schema lock, apply migrations, validate, seed defaults (default)")
    .option("--no-seed", "skip seeding defaults")
    .option("--no-create-database", "fail instead of creating a missing database")
    .option("--strict", "also fail on extra objects (hand-made indexes, columns, tables)")
    .action((flags: UpFlags) => run((ctx) => runUp(ctx, flags)));
}
