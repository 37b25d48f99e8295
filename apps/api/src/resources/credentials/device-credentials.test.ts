import { describe, expect, it } from "vitest";

import { orderCandidates } from "./device-credentials.js";

describe("orderCandidates", () => {
  it("tries lower priority first, then the most recent success, then by name", () => {
    const at = (iso: string | null) => (iso ? new Date(iso) : null);
    const ordered = orderCandidates([
      { name: "never", priority: 50, lastSuccess: at(null) },
      { name: "old", priority: 50, lastSuccess: at("2025-01-01T00:00:00Z") },
      { name: "late-primary", priority: 10, lastSuccess: at(null) },
      { name: "new", priority: 50, lastSuccess: at("2026-01-01T00:00:00Z") },
      { name: "a-never", priority: 50, lastSuccess: at(null) },
    ]);
    expect(ordered.map((c) => c.name)).toEqual(["late-primary", "new", "old", "a-never", "never"]);
  });
});
