import pg from "pg";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] } | undefined;

// The schema engine reads catalog columns of PostgreSQL's one-byte "char" type
// (pg_class.relkind, pg_constraint.contype, ...). @prisma/adapter-pg 7.10 has no
// column type for OID 18 and fails with "Column type 'char' could not be
// deserialized" when the engine describes a database (diffs, shadow databases).
// Its values are plain text, so we report them as text.
function retypeChar<T>(result: T): T {
  for (const field of (result as QueryResultLike)?.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

function wrapQuery<T extends { query: (...args: never[]) => unknown }>(target: T): T {
  const original = target.query.bind(target) as (...args: unknown[]) => unknown;
  (target as { query: unknown }).query = (...args: unknown[]) => {
    const out = original(...args);
    return out instanceof Promise ? out.then(retypeChar) : out;
  };
  return target;
}

const wrapped = new WeakSet<object>();

/** A pg Pool for the schema engine's adapter: identical to pg.Pool except that "char" columns read as text. */
export function createEnginePool(config: pg.PoolConfig): pg.Pool {
  const pool = wrapQuery(new pg.Pool(config));
  // An idle client's lost connection is re-emitted here, and an "error" nobody hears ends the process; the next query reconnects.
  pool.on("error", () => undefined);
  const connect = pool.connect.bind(pool) as (cb?: ConnectCallback) => Promise<pg.PoolClient> | undefined;
  const adopt = (client: pg.PoolClient | undefined) => {
    if (client && !wrapped.has(client)) {
      wrapped.add(client);
      wrapQuery(client);
    }
    return client;
  };
  // pg.Pool#query itself checks clients out through the callback form of connect().
  (pool as { connect: unknown }).connect = (cb?: ConnectCallback) =>
    cb ? connect((err, client, done) => cb(err, adopt(client), done)) : connect()?.then(adopt);
  return pool;
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;
