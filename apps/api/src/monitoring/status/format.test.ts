import { describe, expect, it } from "vitest";

import { formatAge, formatDuration } from "./format.js";
import { html } from "./html.js";

describe("status page formatting", () => {
  it("writes ages in the largest sensible unit", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(formatAge(new Date("2026-12-01T09:00:00Z"), now)).toBe("3 h ago");
    expect(formatAge(new Date("2026-11-28T12:00:00Z"), now)).toBe("3 d ago");
    expect(formatAge(new Date("2026-12-01T12:05:00Z"), now)).toBe("in 5 min");
    expect(formatDuration(30)).toBe("30 s");
  });

  it("escapes every interpolated value but keeps markup made by html", () => {
    const name = `<script>alert("x")</script>&'`;
    const inner = html`<b>${name}</b>`;
    expect(html`<p title="${name}">${inner}${[html`<i>a</i>`, "<u>"]}${null}${false}</p>`.value).toBe(
      `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</b><i>a</i>&lt;u&gt;</p>`,
    );
  });
});
