import type { ComposeService, DependsOnCondition, VolumeMount } from "./types.js";

/** One `depends_on` edge in long syntax (short syntax means `service_started`). */
export interface Dependency {
  service: string;
  condition: DependsOnCondition["condition"];
}

/** The services a service waits for, with their conditions. */
export function dependenciesOf(service: ComposeService): Dependency[] {
  const dependsOn = service.depends_on ?? [];
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => ({ service: name, condition: "service_started" }));
  return Object.entries(dependsOn).map(([name, value]) => ({ service: name, condition: value.condition }));
}

/** `environment` as a map (list syntax `KEY=value` included); null means "passed through from the host". */
export function environmentOf(service: ComposeService): Record<string, string | undefined> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const index = entry.indexOf("=");
        return index < 0 ? [entry, undefined] : [entry.slice(0, index), entry.slice(index + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value === null ? undefined : String(value)]));
}

/** `volumes` in long syntax. Short syntax `source:target[:mode]` maps to a named volume or, for paths, a bind mount. */
export function volumesOf(service: ComposeService): VolumeMount[] {
  return (service.volumes ?? []).map((entry) => {
    if (typeof entry !== "string") return entry;
    const [source = "", target, mode] = entry.split(":");
    if (target === undefined) return { type: "volume", target: source };
    const bind = /^[./~]/.test(source);
    return { type: bind ? "bind" : "volume", source, target, read_only: mode?.split(",").includes("ro") ?? false };
  });
}

/** Splits a command given as a string the way compose does (whitespace, with quotes). */
export function argvOf(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined || Array.isArray(value)) return value;
  return [...value.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/**
 * A healthcheck `test` as the command it runs: `["CMD", ...]` execs directly,
 * `["CMD-SHELL", cmd]` and a plain string run through `/bin/sh -c`.
 */
export function healthcheckCommand(service: ComposeService): { shell: boolean; argv: string[] } | undefined {
  const test = service.healthcheck?.test;
  if (service.healthcheck?.disable || test === undefined) return undefined;
  if (typeof test === "string") return { shell: true, argv: [test] };
  const [kind, ...rest] = test;
  if (kind === "NONE") return undefined;
  return { shell: kind === "CMD-SHELL", argv: rest };
}
