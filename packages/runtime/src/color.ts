// Colour decisions and the four ANSI styles the pretty writer uses. Written
// here rather than with node:util styleText: on Node 20 styleText always emits
// codes, while Node >= 22.13 checks process.stdout (not our stream) by
// default, so the same call behaves differently across the Node versions we
// support. The rules below are Node's own (tty.hasColors), applied to the
// stream we actually write to.

const CODES = { gray: [90, 39], green: [32, 39], yellow: [33, 39], red: [31, 39] } as const;

/** Wraps text in an ANSI colour. */
export function ansi(style: keyof typeof CODES, text: string): string {
  const [open, close] = CODES[style];
  return `\u001B[${open}m${text}\u001B[${close}m`;
}

/**
 * Whether to colour lines written to `stream`: FORCE_COLOR=1/2/3 (or empty/
 * true) forces colour on, FORCE_COLOR=0 (or false) off; else any non-empty
 * NO_COLOR turns it off; else only a TTY whose terminal has colours
 * (`stream.hasColors()`, which also reads TERM). As in Node, FORCE_COLOR wins
 * over NO_COLOR.
 */
export function detectColor(stream: { isTTY?: boolean; hasColors?: () => boolean }, env: Record<string, string | undefined> = readColorEnv()): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (["", "1", "2", "3", "true"].includes(force)) return true;
    if (["0", "false"].includes(force)) return false;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (stream.isTTY !== true) return false;
  return typeof stream.hasColors === "function" ? stream.hasColors() : true;
}

function readColorEnv(): Record<string, string | undefined> {
  // Colour is a property of the terminal the process runs in, not configuration
  // a package parses (HS-10): read the two conventional variables here.
  // eslint-disable-next-line no-restricted-properties
  const { FORCE_COLOR, NO_COLOR } = process.env;
  return { FORCE_COLOR, NO_COLOR };
}
