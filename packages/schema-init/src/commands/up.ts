import type { RunAction } from "@netraven/runtime";
import type { Command } from "commander";

import type { CommandContext } from "../cli/context.js";
import { createContext } from "../cli/context.js";
import type { InitReport } from "../initialize-schema.js";
import { initializeSchema } from "../initialize-schema.js";
import { formatAdminPasswordBlock } from "./admin-password-block.js";

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
    // commander sets --no-x flags to true when absent: the environment decides unless the flag was given.
    createDatabase: flags.createDatabase === false ? false : config.SCHEMA_INIT_CREATE_DATABASE,
    seed: flags.seed === false ? false : config.SCHEMA_INIT_SEED,
    strict: flags.strict ?? false,
    adminUsername: config.ADMIN_USERNAME,
    adminEmail: config.ADMIN_EMAIL,
    adminPassword: config.ADMIN_PASSWORD,
    migrationsDir: config.SCHEMA_INIT_MIGRATIONS_DIR,
    manifestPath: config.SCHEMA_INIT_MANIFEST,
    logger: ctx.logger,
    signal: ctx.signal,
  });
  // The generated admin password goes only to the result stream (stdout), never through the logger.
  if (ctx.json) ctx.printJson({ ok: true, ...report });
  else ctx.out(renderUp(report));
  return 0;
}

function renderUp(report: InitReport): string {
  const lines = [
    report.migrationsApplied.length
      ? `Applied ${report.migrationsApplied.length} migration(s): ${report.migrationsApplied.join(", ")}`
      : "No pending migrations.",
    `Schema valid (${report.validation.expectedMigration}).${report.validation.drift ? " Extra objects found: see warnings." : ""}`,
  ];
  const admin = report.seed?.admin;
  if (admin?.generatedPassword) lines.push(formatAdminPasswordBlock(admin.username, admin.generatedPassword));
  lines.push(`Done in ${report.durationMs} ms.`);
  return lines.join("\n");
}

/** Registers `up` (also what runs without a command). */
export function registerUp(program: Command, run: RunAction): void {
  program
    .command("up", { isDefault: true })
    .description("wait for PostgreSQL, take the schema lock, apply migrations, validate, seed defaults (default)")
    .option("--no-seed", "skip seeding defaults (SCHEMA_INIT_SEED=false)")
    .option("--no-create-database", "fail instead of creating a missing database (SCHEMA_INIT_CREATE_DATABASE=false)")
    .option("--strict", "also fail on extra objects (hand-made indexes, columns, tables)")
    // As the default command, `up` receives any word that is not a command: say "unknown command", not "too many arguments".
    .allowExcessArguments(true)
    .action(
      run(async (cli) => {
        const [unexpected] = cli.command.args;
        if (unexpected !== undefined) cli.command.parent?.error(`error: unknown command '${unexpected}'`, { code: "commander.unknownCommand", exitCode: 64 });
        return runUp(createContext(cli), cli.options as UpFlags);
      }),
    );
}
