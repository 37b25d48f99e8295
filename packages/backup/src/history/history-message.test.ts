import { describe, expect, it } from "vitest";

import { historyMessage } from "./history-message.js";

describe("historyMessage", () => {
  it("keeps one line, without connection strings or passwords", () => {
    const error = new Error("PostgreSQL at postgresql://app:***@db:5432/netraven did not accept connections\n  more detail");
    expect(historyMessage(error)).toBe("PostgreSQL at db:5432/netraven did not accept connections");
    expect(historyMessage("pg_dump failed: password=hunter22 postgres://u:hunter22@h/x?sslmode=require")).toBe("pg_dump failed: password=*** h/x");
  });

  it("bounds the length", () => {
    expect(historyMessage("x".repeat(2000))).toHaveLength(500);
  });
});
