import { execa } from "execa";

/**
 * util-linux's setpriv sets PR_SET_PDEATHSIG before it execs the program, so
 * the kernel SIGKILLs pg_dump/pg_restore the moment this process dies, even
 * by SIGKILL or the OOM killer, and even while the child waits on a lock and
 * writes nothing (a closed pipe would only stop it at its next write). Node
 * has no prctl of its own; setpriv is the real tool for it. Absent (macOS,
 * Alpine without util-linux-misc), children run as before.
 */
const CANDIDATES = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv"];

let probe: Promise<string | undefined> | undefined;

/** The setpriv to wrap child programs with, or undefined when this system has none that supports --pdeathsig. */
export function parentDeathWrapper(): Promise<string | undefined> {
  probe ??= (async () => {
    if (process.platform !== "linux") return undefined;
    for (const file of CANDIDATES) {
      const result = await execa(file, ["--pdeathsig", "KILL", "--", "true"], { reject: false, stdin: "ignore", timeout: 5000 }).catch(() => undefined);
      if (result?.exitCode === 0) return file;
    }
    return undefined;
  })();
  return probe;
}

/** `file args` as run under the parent-death wrapper, when there is one. */
export async function withParentDeath(file: string, args: string[]): Promise<[string, string[]]> {
  const wrapper = await parentDeathWrapper();
  return wrapper ? [wrapper, ["--pdeathsig", "KILL", "--", file, ...args]] : [file, args];
}
