import { JSON_OUTPUT_VERSION } from "@netraven/runtime";

import type { Fault, FaultTargets } from "./faults.js";
import type { ProgramUnderTest } from "./programs.js";
import type { ProgramRun } from "./run-program.js";

/** Deadlines of the fault table; see {@link faultProblems} for what each bounds. */
export const FAULT_TIMING = {
  /** Wait deadline for "waits" faults: long enough for several attempts. */
  shortWaitMs: 3000,
  /** Stderr lines a run may write in total while it waits out the short deadline (an attempt each would be about ten). */
  maxLinesWhileWaiting: 5,
  /** Wait deadline for "at-once" faults: a run that retries them is still waiting when it is killed. */
  longWaitMs: 120_000,
  /**
   * An "at-once" fault must end within this (start-up included); the run is
   * killed after it. Generous, since a loaded CI host slows start-up; only a
   * failing row waits this long.
   */
  atOnceLimitMs: 20_000,
  /** How long after the short deadline a waiting run is killed. */
  waitGraceMs: 12_000,
} as const;

/** The wait deadline a fault runs with. */
export function waitDeadlineMs(fault: Fault): number {
  return fault.timing === "waits" ? FAULT_TIMING.shortWaitMs : FAULT_TIMING.longWaitMs;
}

/** When the run of a fault is killed. */
export function runLimitMs(fault: Fault): number {
  return fault.timing === "waits" ? FAULT_TIMING.shortWaitMs + FAULT_TIMING.waitGraceMs : FAULT_TIMING.atOnceLimitMs;
}

const lines = (text: string) => text.split("\n").filter((line) => line.trim() !== "");
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `exit 69; stderr: schema-init: error: ...` for a failing row's message. */
export function describeRun(run: ProgramRun): string {
  const exit = run.killedAfterMs === undefined ? `exit ${run.exitCode}` : `killed after ${run.killedAfterMs / 1000} s`;
  const first = lines(run.stderr)[0] ?? "(no stderr)";
  return `${exit} in ${(run.elapsedMs / 1000).toFixed(1)} s; first stderr line: ${first}`;
}

/**
 * Everything about `run` that differs from how `fault` must end; empty when
 * the program honours the contract. Every check applies to every program.
 */
export function faultProblems(run: ProgramRun, fault: Fault, program: ProgramUnderTest, targets: FaultTargets, mode: { json: boolean; jsonLogs: boolean }): string[] {
  const { json, jsonLogs } = mode;
  const problems: string[] = [];
  const stderrLines = lines(run.stderr);
  if (run.killedAfterMs !== undefined) {
    problems.push(
      fault.timing === "waits"
        ? `still running ${FAULT_TIMING.waitGraceMs / 1000} s after its ${FAULT_TIMING.shortWaitMs / 1000} s wait deadline (does it read ${program.waitVariable}?)`
        : `still running after ${FAULT_TIMING.atOnceLimitMs / 1000} s with a ${FAULT_TIMING.longWaitMs / 1000} s wait deadline: it retries (or ignores) what must fail at once`,
    );
  } else if (run.exitCode !== fault.exitCode) {
    problems.push(`exit code ${run.exitCode}, expected ${fault.exitCode}`);
  }

  let message = "";
  if (jsonLogs) {
    const records = stderrLines.map((line) => parseLogLine(line));
    const plain = stderrLines.filter((_line, i) => !records[i]);
    if (plain.length > 0) problems.push(`LOG_FORMAT=json, but ${plain.length} stderr line(s) are not log-format-v1 JSON, the first: ${JSON.stringify(plain[0]?.slice(0, 120))}`);
    const reports = records.filter((r) => r?.level === "error" && r.msg.startsWith(`${program.name}: error: `));
    if (reports.length !== 1) problems.push(`${reports.length} JSON error lines with msg "${program.name}: error: ...", expected 1`);
    const report = reports[0];
    if (report && (report.exitCode !== fault.exitCode || report.code !== fault.code)) problems.push(`the JSON error line says exitCode ${String(report.exitCode)}, code ${String(report.code)}; expected ${fault.exitCode}, ${fault.code}`);
    message = report?.msg ?? "";
  } else if (fault.shape === "error") {
    const errorLines = stderrLines.filter((line) => line.startsWith(`${program.name}: error: `));
    if (errorLines.length !== 1) problems.push(`${errorLines.length} lines start with "${program.name}: error: " on stderr, expected 1`);
    const at = run.stderr.indexOf(`${program.name}: error: `);
    message = at === -1 ? "" : run.stderr.slice(at);
  } else {
    const usage = new RegExp(`^${escape(program.name)}: .+ Run '${escape(program.name)}( \\S+)* --help' for usage\\.$`);
    if (!stderrLines.some((line) => usage.test(line))) problems.push(`no "${program.name}: ... Run '${program.name} --help' for usage." line on stderr`);
    if (stderrLines.length > 2) problems.push(`${stderrLines.length} stderr lines for a usage error, expected one short line`);
    message = run.stderr;
  }
  for (const text of fault.mentions(targets, program)) {
    if (!message.includes(text)) problems.push(`the error message does not contain ${JSON.stringify(text)}`);
  }
  for (const secret of fault.secrets(targets)) {
    if (run.stdout.includes(secret) || run.stderr.includes(secret)) problems.push(`the output contains ${JSON.stringify(secret)}, which must never be shown`);
  }
  // The runtime's wait reporter says "waiting for PostgreSQL" at the first retry: an at-once fault has none.
  if (fault.timing === "at-once" && stderrLines.some((line) => /waiting for/i.test(line))) problems.push("it waited and retried (a \"waiting for\" line) where it must fail at once");
  if (fault.timing === "waits" && stderrLines.length > FAULT_TIMING.maxLinesWhileWaiting) {
    problems.push(`${stderrLines.length} stderr lines while waiting ${FAULT_TIMING.shortWaitMs / 1000} s, expected at most ${FAULT_TIMING.maxLinesWhileWaiting} (one per change of state)`);
  }
  if (json) problems.push(...jsonProblems(run.stdout, fault));
  return problems;
}

interface LogLine {
  level: unknown;
  msg: string;
  exitCode?: unknown;
  code?: unknown;
}

// A line of log format v1 (time, level, msg), or undefined.
function parseLogLine(line: string): LogLine | undefined {
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    return typeof record.time === "string" && typeof record.level === "string" && typeof record.msg === "string" ? (record as unknown as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

// --json: one parseable object on stdout, the runtime's versioned error object.
function jsonProblems(stdout: string, fault: Fault): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return [`stdout is not one JSON object: ${JSON.stringify(stdout.slice(0, 120))}`];
  }
  const output = (typeof parsed === "object" && parsed !== null ? parsed : {}) as { version?: unknown; ok?: unknown; error?: Record<string, unknown> };
  const expected = { version: JSON_OUTPUT_VERSION, ok: false, "error.code": fault.code, "error.exitCode": fault.exitCode, "error.retryable": fault.retryable };
  const actual = { version: output.version, ok: output.ok, "error.code": output.error?.code, "error.exitCode": output.error?.exitCode, "error.retryable": output.error?.retryable };
  return Object.entries(expected)
    .filter(([key, value]) => actual[key as keyof typeof actual] !== value)
    .map(([key, value]) => `JSON ${key} is ${JSON.stringify(actual[key as keyof typeof actual])}, expected ${JSON.stringify(value)}`);
}
