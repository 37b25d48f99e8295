import type { ResultPromise } from "execa";

/**
 * Collects everything the rehearsed services print, so one assertion can
 * prove no secret reached any log.
 */
export class Transcript {
  private readonly chunks: string[] = [];

  /** Records a child's stdout and stderr as they arrive. */
  follow(child: ResultPromise): void {
    child.stdout?.on("data", (chunk: Buffer) => this.chunks.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => this.chunks.push(chunk.toString()));
  }

  /** Records text printed outside a followed child. */
  add(text: string): void {
    this.chunks.push(text);
  }

  /** All output so far. */
  text(): string {
    return this.chunks.join("");
  }
}
