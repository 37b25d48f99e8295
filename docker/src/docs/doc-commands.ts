import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { codeBlocks, inlineCode } from "./code-blocks.js";
import { linkedBins, PACKAGE_LABEL } from "../checks/service-commands.js";
import { findStage, imageLabels } from "../dockerfile/stage-chain.js";
import { repoRoot } from "../paths.js";
import type { Stack } from "../stack.js";

const SHELL_LANGUAGES = new Set(["sh", "bash", "shell", "console"]);
// How the runbooks abbreviate the compose invocation.
const ALIASES: Record<string, string> = { dc: "docker compose -f docker/docker-compose.yml" };
const COMMAND_START = /^(pnpm|node|docker|dc|schema-init|netraven-backup|kubectl|git|cp)\s/;
const PNPM_BUILTINS = new Set(["install", "exec", "dlx", "add", "run", "pack", "publish", "deploy", "why", "store"]);
// Programs the documents run in images we do not build.
const THIRD_PARTY_PROGRAMS: Record<string, string[]> = { postgres: ["psql", "pg_isready"] };
const COMPOSE_SUBCOMMANDS = new Set(["up", "down", "ps", "logs", "exec", "run", "stop", "start", "restart", "build", "config", "pull", "images"]);

/** A command line a document tells the reader to run. */
export interface DocCommand {
  file: string;
  command: string;
}

/** Shell commands from a document's shell blocks (continuations joined, comments dropped) and inline spans. */
export function documentedCommands(file: string, markdown: string): DocCommand[] {
  const lines: string[] = [];
  for (const block of codeBlocks(markdown).filter((b) => SHELL_LANGUAGES.has(b.language))) {
    lines.push(...block.text.replace(/\\\n\s*/g, " ").split("\n"));
  }
  // Inline spans name things as often as they show commands: only a program with
  // arguments counts (`pnpm build` does, the `node` user and `docker run` do not).
  lines.push(...inlineCode(markdown).filter((span) => span.split(/\s+/).length >= (span.startsWith("docker ") ? 3 : 2)));
  return lines
    .map((line) => line.replace(/^\$\s+/, "").replace(/\s+#.*$/, "").trim())
    .filter((line) => COMMAND_START.test(`${line} `) && !line.startsWith("alias "))
    .flatMap((line) => line.split(/\s*(?:&&|\|\||;|\|)\s*/))
    .map((command) => ({ file, command: command.replace(/^(\w+)(?=\s|$)/, (word) => ALIASES[word] ?? word) }));
}

/** Subcommand names a CLI package declares (`new Command("x")` / `.command("x")` in its sources). */
export function cliSubcommands(packageDir: string): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        for (const m of readFileSync(full, "utf8").matchAll(/(?:new Command|\.command)\(\s*"([a-z][a-z-]*)"/g)) names.add(m[1] ?? "");
      }
    }
  };
  if (existsSync(path.join(packageDir, "src"))) walk(path.join(packageDir, "src"));
  return names;
}

function packageFor(stack: Stack, selector: string) {
  return [...stack.packages.values()].find((p) => p.manifest.name === selector || p.manifest.name === `@netraven/${selector}`);
}

function binPackage(stack: Stack, bin: string) {
  return [...stack.packages.values()].find((p) => p.manifest.bin?.[bin]);
}

function checkCli(stack: Stack, bin: string, words: string[]): string | undefined {
  const pkg = binPackage(stack, bin);
  if (!pkg) return `${bin} is not a bin of any workspace package`;
  const sub = words.find((w) => !w.startsWith("-"));
  if (sub && !/^</.test(sub) && !cliSubcommands(pkg.dir).has(sub)) return `${bin} has no subcommand ${sub}`;
  return undefined;
}

function checkCompose(stack: Stack, words: string[]): string | undefined {
  const fileIndex = words.indexOf("-f");
  const file = fileIndex >= 0 ? words[fileIndex + 1] : undefined;
  if (!file || !existsSync(path.join(repoRoot, file))) return `compose file ${file ?? "(none: pass -f docker/docker-compose.yml)"} does not exist`;
  const rest = words.slice(fileIndex + 2);
  const sub = rest[0] ?? "";
  if (sub === "") return undefined;
  if (!COMPOSE_SUBCOMMANDS.has(sub)) return `unknown compose subcommand ${sub}`;
  const operands = rest.slice(1).filter((w) => !w.startsWith("-") && !/^\d+$/.test(w));
  if (sub === "exec" || sub === "run") {
    const [service = "", ...command] = operands;
    const definition = stack.compose.services[service];
    if (!definition) return `no compose service ${service}`;
    const target = typeof definition.build === "object" ? definition.build.target : undefined;
    const [program = "", ...args] = command;
    if (!target) return sub === "exec" && !(THIRD_PARTY_PROGRAMS[service] ?? []).includes(program) ? `${program} is not a program of the ${service} image` : undefined;
    if (sub === "exec") {
      if (program === "id") return undefined;
      if (!linkedBins(stack.dockerfile, target).has(program)) return `${program} is not on PATH in the ${service} image`;
      return checkCli(stack, program, args);
    }
    const pkgName = imageLabels(stack.dockerfile, target)[PACKAGE_LABEL] ?? "";
    const bin = Object.keys(stack.packages.get(pkgName)?.manifest.bin ?? {})[0];
    return program && bin ? checkCli(stack, bin, command) : undefined;
  }
  for (const service of operands) if (["up", "stop", "logs", "start", "restart", "build"].includes(sub) && !stack.compose.services[service]) return `no compose service ${service}`;
  return undefined;
}

/** Why a documented command would not work as written, or undefined when it checks out. */
export function checkDocCommand(stack: Stack, command: string): string | undefined {
  const words = command.split(/\s+/).filter(Boolean);
  const [program = "", ...args] = words;
  const rootScripts = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  switch (program) {
    case "pnpm": {
      if (args[0] === "--filter") {
        const pkg = packageFor(stack, args[1] ?? "");
        if (!pkg) return `no workspace package ${args[1]}`;
        const script = args[2] ?? "";
        return pkg.manifest.scripts?.[script] || PNPM_BUILTINS.has(script) ? undefined : `${args[1]} has no script ${script}`;
      }
      const script = args[0] ?? "";
      // `pnpm turbo ...` runs a root devDependency's bin.
      const bin = existsSync(path.join(repoRoot, "node_modules", ".bin", script));
      return rootScripts[script] || PNPM_BUILTINS.has(script) || bin ? undefined : `the root package.json has no script ${script}`;
    }
    case "node": {
      const file = args[0] ?? "";
      // `/app/...` is a path inside an image: it must be some target's ENTRYPOINT file.
      if (file.startsWith("/app/")) {
        const entrypoints = stack.dockerfile.stages.flatMap((stage) => stage.instructions.filter((i) => i.keyword === "ENTRYPOINT").map((i) => i.args));
        return entrypoints.some((e) => e.includes(`"${file}"`)) ? undefined : `${file} is no image's entry`;
      }
      return file && !file.startsWith("-") && !existsSync(path.join(repoRoot, file)) ? `${file} does not exist` : undefined;
    }
    case "docker":
      if (args[0] === "compose") return checkCompose(stack, args.slice(1));
      // The original documented `docker exec netraven-postgres ...`, a container name compose never set.
      if (args[0] === "exec" || args[0] === "run") return `use \`docker compose -f docker/docker-compose.yml ${args[0]} <service>\`: container names are not fixed`;
      if (args[0] === "build") {
        const target = args[args.indexOf("--target") + 1] ?? "";
        return /^</.test(target) || findStage(stack.dockerfile, target) ? undefined : `the Dockerfile has no target ${target}`;
      }
      return undefined;
    case "schema-init":
    case "netraven-backup":
      return checkCli(stack, program, args);
    default:
      return undefined;
  }
}
