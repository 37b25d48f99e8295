import { describe, expect, it } from "vitest";

import { buildDeviceListSql } from "./device-reads.js";

describe("buildDeviceListSql", () => {
  it("passes every filter value as a parameter and escapes LIKE wildcards", () => {
    const sql = buildDeviceListSql({ limit: 50, offset: 10, sort: "-createdAt", hostname: "r1_%'; DROP TABLE devices", deviceType: "ios", tag: ["a", "b"] });
    expect(sql.params).toEqual(["%r1\\_\\%'; DROP TABLE devices%", "ios", ["a", "b"]]);
    expect(sql.page).toEqual([50, 10]);
    expect(sql.list).not.toContain("DROP");
    expect(sql.list).toContain("ORDER BY d.created_at DESC, d.id ASC LIMIT $4 OFFSET $5");
    expect(sql.count).toContain("t.name = ANY($3::text[])");
  });

  it("shares one statement text for any number of tags", () => {
    const one = buildDeviceListSql({ limit: 50, offset: 0, sort: "hostname", tag: ["a"] });
    const many = buildDeviceListSql({ limit: 50, offset: 0, sort: "hostname", tag: ["a", "b", "c", "a"] });
    expect(many.list).toBe(one.list);
    expect(many.params).toEqual([["a", "b", "c"]]);
  });

  it("falls back to hostname order for an unknown sort field instead of splicing it", () => {
    expect(buildDeviceListSql({ limit: 1, offset: 0, sort: "id; DELETE" }).list).toContain("ORDER BY d.hostname ASC");
  });
});
