import { randomBytes } from "node:crypto";

import pg from "pg";

// Values chosen to break naive dump/restore paths: every column type the
// schema uses (uuid, varchar, text, integer, bigint, boolean, timestamptz,
// jsonb, bytea), NULLs, unicode beyond the BMP, right-to-left and combining
// text, quotes/backslashes/newlines/tabs, every byte value, and large rows
// that PostgreSQL TOASTs.
const UNICODE = "Zürich ✓ 東京 😀🦝 שלום مرحبا e\u0301 \"quoted\" 'single' back\\slash\ttab\nnewline";
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** Fills every NetRaven table of a migrated database; returns how many rows went in. */
export async function fillDatabase(url: string): Promise<number> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  let rows = 0;
  const insert = async (sql: string, params: unknown[]) => {
    const result = await db.query(sql, params);
    rows += result.rowCount ?? 0;
    return result.rows[0] as { id: string };
  };
  try {
    const largeText = `${UNICODE}\n`.repeat(40_000); // about 3.6 MB
    const largeBytes = randomBytes(2 * 1024 * 1024);
    const user = await insert(
      `INSERT INTO users (username, email, full_name, password_hash, is_admin, failed_login_count, locked_until, notification_preferences)
       VALUES ($1, $2, $3, 'scrypt$x', true, 3, '2030-01-01T00:00:00.123456Z', $4) RETURNING id`,
      ["admin_ü", "admin@example.test", UNICODE, { nested: { emoji: "🦝", list: [1, 2.5, null, true], empty: {} } }],
    );
    await insert(`INSERT INTO users (username, email, password_hash, full_name) VALUES ('plain', 'p@example.test', 'h', NULL) RETURNING id`, []);
    const device = await insert(
      `INSERT INTO devices (hostname, ip_address, device_type, port, description, serial_number, enabled, is_reachable, owner_id, last_backup_at)
       VALUES ('router-1', '2001:db8::1', 'cisco_ios', 2222, $1, 'SN-1', false, NULL, $2, now()) RETURNING id`,
      [UNICODE, user.id],
    );
    const tag = await insert(`INSERT INTO tags (name, description, color) VALUES ('core ✓', $1, '#6366F1') RETURNING id`, [UNICODE]);
    await insert(`INSERT INTO device_tags (device_id, tag_id) VALUES ($1, $2) RETURNING device_id AS id`, [device.id, tag.id]);
    await insert(`INSERT INTO tag_rules (tag_id, name, rule_criteria) VALUES ($1, 'r', $2) RETURNING id`, [tag.id, { any: [{ field: "hostname", op: "~", value: "^core-\\d+$" }] }]);
    const credential = await insert(
      `INSERT INTO credentials (name, username, password_ciphertext, private_key_ciphertext, key_id, use_keys, success_count)
       VALUES ('cred', 'netops', $1, $2, 'k1', true, 2147483647) RETURNING id`,
      [ALL_BYTES, largeBytes],
    );
    await insert(`INSERT INTO credential_tags (credential_id, tag_id, priority) VALUES ($1, $2, -5) RETURNING id`, [credential.id, tag.id]);
    await insert(
      `INSERT INTO backups (device_id, version, file_path, file_size, status, comment, content_hash, is_automatic)
       VALUES ($1, '1', '/configs/a.cfg', 9223372036854775807, 'complete', $2, $3, false) RETURNING id`,
      [device.id, UNICODE, "f".repeat(128)],
    );
    const job = await insert(
      `INSERT INTO job_logs (session_id, job_type, status, end_time, result_message, job_data, retention_days, device_id, created_by)
       VALUES ('s1', 'backup', 'completed', now(), $1, $2, 30, $3, $4) RETURNING id`,
      [UNICODE, { big: "x".repeat(100_000), arr: Array.from({ length: 1000 }, (_, i) => i) }, device.id, user.id],
    );
    await insert(
      `INSERT INTO job_log_entries (job_log_id, level, category, message, details, session_log_content, credential_username)
       SELECT $1, 'info', 'ssh', 'line ' || g || ' ' || $2, jsonb_build_object('n', g), CASE WHEN g = 1 THEN $3 END, 'netops'
         FROM generate_series(1, 2000) g RETURNING id`,
      [job.id, UNICODE, largeText],
    );
    await insert(
      `INSERT INTO scheduled_jobs (name, schedule_type, schedule_time, schedule_interval, schedule_day, device_id, created_by, job_data)
       VALUES ('nightly', 'daily', '02:00', 1, 'mon', $1, $2, 'null'::jsonb) RETURNING id`,
      [device.id, user.id],
    );
    await insert(
      `INSERT INTO admin_settings (key, value, value_type, category, is_sensitive) VALUES ('a.string', '"text ✓"', 'string', 'system', false),
       ('a.number', '5', 'number', 'security', false), ('a.null', NULL, 'json', 'system', true) RETURNING id`,
      [],
    );
    await insert(
      `INSERT INTO audit_logs (event_type, event_name, actor_id, description, status, event_metadata, ip_address, user_agent)
       VALUES ('auth', 'login', 'admin', $1, 'success', $2, '10.0.0.1', NULL) RETURNING id`,
      [UNICODE, { deep: { deeper: { deepest: [UNICODE] } } }],
    );
    return rows;
  } finally {
    await db.end();
  }
}

/**
 * md5 of every row's text form, ordered, per table: equal checksums mean
 * equal contents, column by column and byte by byte.
 */
export async function tableChecksums(url: string): Promise<Record<string, string>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    const sums: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await db.query<{ sum: string; n: string }>(
        `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum, count(*) AS n FROM ${name} t`,
      );
      sums[name] = `${rows[0]!.n}:${rows[0]!.sum}`;
    }
    return sums;
  } finally {
    await db.end();
  }
}
