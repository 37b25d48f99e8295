// Seeds the bench database with devices and tags straight in SQL
// (generate_series: a million devices in about a minute, where the API would
// take hours). Grows in place: growDevices(url, 10_000) then (url, 100_000)
// adds only the missing devices, so one database serves every size.
// Every device carries the `default` tag, one of 100 `site-NN` tags (1% of
// devices each) and one of 10 `role-N` tags (10% each); hostnames are
// dev-NNNNNNN.site-NN.example.test.
import pg from "pg";

export const SITE_TAGS = 100;
export const ROLE_TAGS = 10;

/** Runs statements in order on one connection; returns their results. */
export async function runSql(url, statements) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results = [];
    for (const sql of statements) results.push(await client.query(sql));
    return results;
  } finally {
    await client.end();
  }
}

/** Creates the site and role tags (the `default` tag comes from schema-init). */
export async function seedTags(url) {
  await runSql(url, [
    `INSERT INTO tags (name) SELECT 'site-' || lpad(i::text, 2, '0') FROM generate_series(0, ${SITE_TAGS - 1}) AS i ON CONFLICT DO NOTHING`,
    `INSERT INTO tags (name) SELECT 'role-' || i FROM generate_series(0, ${ROLE_TAGS - 1}) AS i ON CONFLICT DO NOTHING`,
  ]);
}

/** Adds devices numbered (current count, target] with their three tags, then refreshes statistics as autovacuum would. */
export async function growDevices(url, target) {
  const [{ rows }] = await runSql(url, ["SELECT count(*)::int AS n FROM devices"]);
  const from = rows[0].n + 1;
  if (from > target) return;
  await runSql(url, [
    "SET maintenance_work_mem = '256MB'",
    `INSERT INTO devices (hostname, ip_address, port, device_type, created_at, updated_at)
       SELECT 'dev-' || lpad(i::text, 7, '0') || '.site-' || lpad((i % ${SITE_TAGS})::text, 2, '0') || '.example.test',
              '10.' || (i / 65536) || '.' || ((i / 256) % 256) || '.' || (i % 256), 22,
              (ARRAY['cisco_ios', 'juniper_junos', 'arista_eos', 'cisco_nxos'])[1 + i % 4],
              timestamptz '2026-01-01Z' + i * interval '1 second', timestamptz '2026-06-01Z' + (i::bigint * 7919 % ${target}) * interval '1 second'
       FROM generate_series(${from}, ${target}) AS i`,
    // Three equi-joins (hash joins on the tag name) rather than one join on an IN list, which PostgreSQL runs as a nested loop.
    ...["'default'", "'site-' || substr(d.hostname, 18, 2)", "'role-' || substr(d.hostname, 11, 1)"].map(
      (name) => `INSERT INTO device_tags (device_id, tag_id)
       SELECT d.id, t.id FROM devices d JOIN tags t ON t.name = ${name}
       WHERE d.created_at >= timestamptz '2026-01-01Z' + ${from} * interval '1 second'`,
    ),
    "VACUUM ANALYZE devices",
    "VACUUM ANALYZE device_tags",
  ]);
}
