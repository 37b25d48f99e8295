// The floor for a TypeScript tool on pg: start node, connect, run one query, exit.
import pg from "pg";

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
await client.query("SELECT 1");
await client.end();
