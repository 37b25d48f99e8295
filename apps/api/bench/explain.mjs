// EXPLAIN ANALYZE of each device list statement the bench loads, on the
// seeded database at its current size: the plans go into the bench output,
// and a plan that reads `devices` with a sequential scan fails the check
// (a list that scans grows with the table).
import { buildDeviceListSql } from "../dist/index.js";
import { runSql } from "./seed.mjs";

/** Tag ids by name, as listDeviceRows resolves them. */
async function tagIds(url, names) {
  if (names.length === 0) return [];
  const [{ rows }] = await runSql(url, [{ text: "SELECT id, name FROM tags WHERE name = ANY($1)", values: [names] }]);
  return names.map((name) => rows.find((row) => row.name === name).id);
}

/** Plans of the list and count statements of each query; `seqScan` is true when any reads devices sequentially. */
export async function explainDeviceLists(url, queries) {
  const results = [];
  for (const { name, query } of queries) {
    const sql = buildDeviceListSql(query, await tagIds(url, query.tag ?? []));
    const statements = [
      // With a hostname filter the fenced walk answers first (the planner's plan runs only when it finds no full page).
      { text: `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql.fenced ?? sql.list}`, values: [...sql.params, ...sql.page] },
      { text: `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql.countUpTo}`, values: [...sql.params, 1001] },
    ];
    // As the API's sessions run (createDbClient's parallelWorkersPerGather: 0).
    const plans = (await runSql(url, ["SET max_parallel_workers_per_gather = 0", ...statements])).slice(1).map(({ rows }) => rows.map((row) => row["QUERY PLAN"]).join("\n"));
    results.push({ name, plans, seqScan: plans.some((plan) => /Seq Scan on devices/.test(plan)) });
  }
  return results;
}
