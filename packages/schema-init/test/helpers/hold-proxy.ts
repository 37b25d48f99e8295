import type { AddressInfo, Socket } from "node:net";
import net from "node:net";

/** A TCP proxy in front of PostgreSQL that can stop passing the server's answers on. */
export interface HoldProxy {
  /** `url` with host and port replaced by the proxy's. */
  url: string;
  /** Resolves when a client sent a message containing the marker; from then on nothing reaches that client. */
  held: Promise<void>;
  close(): Promise<void>;
}

/**
 * Forwards everything until a client sends bytes containing `marker`; after
 * that the server's replies on that connection are swallowed. The client then
 * waits for an answer the server already gave: the instant "PostgreSQL ran
 * the statement, the client has not heard back yet", reproducible on demand.
 */
export async function startHoldProxy(url: string, marker: string): Promise<HoldProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let onHeld!: () => void;
  const held = new Promise<void>((resolve) => (onHeld = resolve));
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let holding = false;
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      if (!holding && chunk.includes(marker)) {
        holding = true;
        onHeld();
      }
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!holding) client.write(chunk);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    held,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
