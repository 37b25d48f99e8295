import path from "node:path";

import { interpolate } from "../compose/interpolate.js";
import type { Lookup } from "../compose/interpolate.js";
import { argvOf, environmentOf, healthcheckCommand } from "../compose/normalise-service.js";
import type { ComposeService } from "../compose/types.js";
import { execForm, imageEnvironment, imageLabels, lastInstruction } from "../dockerfile/stage-chain.js";
import { APP_DIR, linkedBins, PACKAGE_LABEL } from "../checks/service-commands.js";
import type { Stack } from "../stack.js";

/** A compose service (or its healthcheck) as a local process over the workspace build. */
export interface ServiceProcess {
  service: string;
  /** argv[0] is this Node binary; `/app/...` paths point into the workspace package. */
  argv: string[];
  /** Exactly the image ENV plus the service's interpolated environment plus overrides. */
  env: Record<string, string>;
  /** The workspace folder of the package the service's image ships. */
  packageDir: string;
}

/** How to turn the compose file into processes on this machine. */
export interface RehearsalOptions {
  /** Values for the compose variables (what docker/.env holds). */
  variables: Lookup;
  /** Environment entries that differ outside Docker (DATABASE_URL, PORT, BACKUP_DIR...). */
  overrides?: Record<string, string>;
  /** The Node binary standing in for the image's `node`. @default process.execPath */
  node?: string;
  /**
   * A folder of deployed apps, one per package (`<appRoot>/schema-init`, ...), as the
   * Dockerfile's build stage leaves them in /deploy: rehearses the image contents
   * instead of the workspace. @default the workspace packages
   */
  appRoot?: string;
  /** Arguments replacing the service's command, as in `docker compose run <service> <command...>`. @default the compose command, else the image's CMD */
  command?: string[];
}

function targetOf(stack: Stack, name: string, appRoot?: string): { service: ComposeService; target: string; packageDir: string } {
  const service = stack.compose.services[name];
  const target = typeof service?.build === "object" ? service.build.target : undefined;
  if (!service || !target) throw new Error(`Service ${name} builds no Dockerfile target.`);
  const packageName = imageLabels(stack.dockerfile, target)[PACKAGE_LABEL] ?? "";
  const pkg = stack.packages.get(packageName);
  if (!pkg) throw new Error(`Target ${target} ships ${packageName || "no package"}, which is not in the workspace.`);
  return { service, target, packageDir: appRoot ? path.join(appRoot, packageName.replace(/^@netraven\//, "")) : pkg.dir };
}

function localArgv(argv: string[], packageDir: string, node: string): string[] {
  return argv.map((arg, index) => {
    if (index === 0 && arg === "node") return node;
    return arg.startsWith(`${APP_DIR}/`) ? path.join(packageDir, arg.slice(APP_DIR.length + 1)) : arg;
  });
}

function environment(stack: Stack, name: string, target: string, options: RehearsalOptions): Record<string, string> {
  const service = interpolate(stack.compose.services[name], options.variables) as ComposeService;
  const merged: Record<string, string | undefined> = { ...imageEnvironment(stack.dockerfile, target), ...environmentOf(service), ...options.overrides };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The process `docker compose up` (or `run` with a command) would start for a service: ENTRYPOINT + (command or CMD). */
export function serviceProcess(stack: Stack, name: string, options: RehearsalOptions): ServiceProcess {
  const { service, target, packageDir } = targetOf(stack, name, options.appRoot);
  const entrypoint = execForm(lastInstruction(stack.dockerfile, target, "ENTRYPOINT")?.args) ?? [];
  const interpolated = interpolate(service, options.variables);
  const args = options.command ?? argvOf(interpolated.command) ?? execForm(lastInstruction(stack.dockerfile, target, "CMD")?.args) ?? [];
  const node = options.node ?? process.execPath;
  return { service: name, argv: localArgv([...entrypoint, ...args], packageDir, node), env: environment(stack, name, target, options), packageDir };
}

/**
 * The process a service's exec-form healthcheck runs: `node` is this Node,
 * a bin linked onto PATH in the image is the package's file it links to.
 */
export function healthcheckProcess(stack: Stack, name: string, options: RehearsalOptions): ServiceProcess {
  const { service, target, packageDir } = targetOf(stack, name, options.appRoot);
  const command = healthcheckCommand(service);
  if (!command || command.shell) throw new Error(`${name} has no exec-form (CMD) healthcheck to rehearse.`);
  const [program = "", ...rest] = command.argv;
  const linked = linkedBins(stack.dockerfile, target).get(program);
  const argv = linked ? ["node", `${APP_DIR}/${linked}`, ...rest] : command.argv;
  const node = options.node ?? process.execPath;
  return { service: name, argv: localArgv(argv, packageDir, node), env: environment(stack, name, target, options), packageDir };
}
