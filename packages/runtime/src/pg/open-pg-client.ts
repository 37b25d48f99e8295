import pg from "pg";

/** Options for {@link openPgClient}. */
export interface OpenPgClientOptions {
  /** Called once when the server or the network ends the connection later (a restart, pg_terminate_backend). @default ignore */
  onLost?: (error: Error) => void;
}

/**
 * Opens one `pg` connection that cannot take the process down. pg emits
 * "error" on a client whose connection dies while no query runs on it, and an
 * "error" nobody listens to is thrown from the socket handler: the listener is
 * attached before connecting, for the client's whole life, and the next query
 * on a lost client fails on its own ("not queryable"). A failed connect ends
 * the client and rethrows the driver's error, for the caller to classify.
 */
export async function openPgClient(config: pg.ClientConfig, options: OpenPgClientOptions = {}): Promise<pg.Client> {
  const client = new pg.Client(config);
  watchConnectionLoss(client, options.onLost ?? (() => undefined));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/**
 * Gives `client` its "error" listener for the rest of its life and calls
 * `onLost` once, for the first error (pg may emit a second as the socket
 * closes). Pools call it for each client they open (`pool.on("connect")`).
 */
export function watchConnectionLoss(client: Pick<pg.Client, "on">, onLost: (error: Error) => void): void {
  let lost = false;
  client.on("error", (error: Error) => {
    if (lost) return;
    lost = true;
    onLost(error);
  });
}
