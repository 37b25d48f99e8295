import { describe, expect, it } from "vitest";

import { useTestApp } from "../helpers/test-app.js";

const t = useTestApp();

describe("large job output", () => {
  it("keeps list answers small: long text cut with a link, the whole on its own endpoint", async () => {
    const token = t().adminToken;
    const big = { lines: Array.from({ length: 2000 }, (_v, i) => `line ${i} ${"x".repeat(400)}`) }; // ~0.8 MB of JSON
    const message = `${"output ".repeat(1400)}END`; // ~10 KB
    for (let i = 0; i < 20; i++) {
      await t().db.prisma.jobLog.create({ data: { sessionId: `s${i}`, jobType: "bulk", status: "completed", resultMessage: message, jobData: big } });
    }
    const list = await t().call("GET", "/api/job-logs?jobType=bulk&limit=100", { token });
    expect(list.statusCode).toBe(200);
    expect(list.body.length).toBeLessThan(200_000);
    const items = (list.json() as { items: { id: string; resultMessage: string; resultMessageTruncated: boolean; jobData: unknown; jobDataTruncated: boolean; links: { resultMessage: string; jobData: string } }[] }).items;
    expect(items).toHaveLength(20);
    const first = items[0]!;
    expect(first).toMatchObject({ resultMessageTruncated: true, jobData: null, jobDataTruncated: true });
    expect(first.resultMessage.length).toBeLessThanOrEqual(2000);

    const whole = await t().call("GET", first.links.resultMessage, { token });
    expect((whole.json() as { resultMessage: string }).resultMessage).toBe(message);
    const data = await t().call("GET", first.links.jobData, { token });
    expect((data.json() as { jobData: unknown }).jobData).toEqual(big);
  });

  it("cuts long entry messages in the entry list and serves each entry whole", async () => {
    const token = t().adminToken;
    const log = (await t().call("POST", "/api/job-logs", { token, body: { jobType: "x", status: "running" } })).json() as { id: string };
    const message = `${"m".repeat(99_990)}-the-end`;
    for (let i = 0; i < 5; i++) {
      expect((await t().call("POST", `/api/job-logs/${log.id}/entries`, { token, body: { level: "info", message } })).statusCode).toBe(201);
    }
    const list = await t().call("GET", `/api/job-logs/${log.id}/entries`, { token });
    expect(list.body.length).toBeLessThan(30_000);
    const entry = (list.json() as { items: { messageTruncated: boolean; links: { self: string } }[] }).items[0]!;
    expect(entry.messageTruncated).toBe(true);
    const full = await t().call("GET", entry.links.self, { token });
    expect(full.statusCode).toBe(200);
    expect((full.json() as { message: string }).message).toBe(message);
  });
});
