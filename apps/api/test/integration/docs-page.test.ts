/// <reference lib="dom" />
// (DOM types for the code that runs inside the page.)
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchChromium } from "../helpers/chromium.js";
import { useTestApp } from "../helpers/test-app.js";

// The docs page in a real browser: Debian's chromium, driven by playwright-core.
const t = useTestApp();
let browser: BrowserContext;
let closeBrowser: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchChromium());
}, 60_000);
afterAll(async () => {
  await closeBrowser?.();
});

describe("the docs page", () => {
  it("renders every operation expanded without a resolver error, with real example values", async () => {
    const address = await t().app.listen({ host: "127.0.0.1", port: 0 });
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    await page.goto(`${address}/docs`, { waitUntil: "networkidle" });
    await page.waitForSelector(".opblock", { timeout: 30_000 });
    const count = await page.locator(".opblock").count();
    expect(count).toBeGreaterThan(40);
    // Expand every operation, a batch at a time (all at once stalls Swagger UI), and read what it shows.
    const toggle = (indexes: number[]) =>
      page.evaluate((list) => {
        const blocks = document.querySelectorAll(".opblock");
        for (const i of list) blocks[i]?.querySelector<HTMLButtonElement>(".opblock-summary-control")?.click();
      }, indexes);
    const texts: string[] = [];
    for (let start = 0; start < count; start += 8) {
      const batch = Array.from({ length: Math.min(8, count - start) }, (_v, k) => start + k);
      await toggle(batch);
      for (const i of batch) await page.locator(".opblock").nth(i).locator(".responses-wrapper").waitFor({ timeout: 30_000 });
      texts.push(await page.evaluate(() => document.body.innerText));
      expect(await page.locator(".errors-wrapper").count(), `operations ${start}..${start + batch.length - 1}`).toBe(0);
      await toggle(batch);
    }
    const text = texts.join("\n");
    expect(text).not.toMatch(/Resolver error/i);
    // Response examples carry real ids and timestamps.
    expect(text).toMatch(/"id": "[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).toMatch(/"createdAt": "\d{4}-\d\d-\d\dT/);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 180_000);
});
