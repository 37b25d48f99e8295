import { describe, expect, it } from "vitest";

import { buildDeviceListSql } from "./device-reads.js";

const TAG_A = "00000000-0000-4000-8000-00000000000a";
const TAG_B = "00000000-0000-4000-8000-00000000000b";

describe("buildDeviceListSql", () => {
  it("passes every filter value as a parameter and escapes LIKE wildcards", () => {
    const sql = buildDeviceListSql({ limit: 50, offset: 10, sort: "-createdAt", hostname: "r1_%'; DROP TABLE devices", deviceType: "ios" }, [TAG_A, TAG_B]);
    expect(sql.params).toEqual(["%r1\\_\\%'; DROP TABLE devices%", "ios", TAG_A, [TAG_B]]);
    expect(sql.page).toEqual([51, 10]);
    expect(sql.list).not.toContain("DROP");
    expect(sql.list).toContain("ORDER BY d.created_at DESC, d.id DESC LIMIT $5 OFFSET $6");
    expect(sql.countUpTo).toContain("dt.tag_id = $3::uuid");
    expect(sql.countUpTo).toContain("LIMIT $5) c");
    expect(sql.prepare).toBe(false);
  });

  it("shares one statement text for any number of tags beyond the first", () => {
    const two = buildDeviceListSql({ limit: 50, offset: 0, sort: "hostname" }, [TAG_A, TAG_B]);
    const three = buildDeviceListSql({ limit: 50, offset: 0, sort: "hostname" }, [TAG_A, TAG_B, TAG_A]);
    expect(three.list).toBe(two.list);
  });

  it("starts after the cursor's key and id, compared as the column's type", () => {
    const after = { keys: ["2026-01-01T00:00:00.123456Z"], id: TAG_A };
    const sql = buildDeviceListSql({ limit: 10, offset: 0, sort: "createdAt", deviceType: "ios", after });
    expect(sql.list).toContain("(d.created_at, d.id) > ($2::timestamptz, $3::uuid)");
    expect(sql.params).toEqual(["ios"]);
    expect(sql.page).toEqual(["2026-01-01T00:00:00.123456Z", TAG_A, 11, 0]);
    expect(sql.countAll).not.toContain("created_at");
    expect(sql.prepare).toBe(true);
    const byName = buildDeviceListSql({ limit: 10, offset: 0, sort: "-hostname", after: { keys: ["core-9"], id: TAG_A } });
    expect(byName.list).toContain("d.hostname < $1::text");
  });

  it("falls back to hostname order for an unknown sort field instead of splicing it", () => {
    expect(buildDeviceListSql({ limit: 1, offset: 0, sort: "id; DELETE" }).list).toContain("ORDER BY d.hostname ASC");
  });
});
