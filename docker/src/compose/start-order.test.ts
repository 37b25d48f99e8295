import { describe, expect, it } from "vitest";

import { startOrder } from "./start-order.js";
import type { ComposeFile } from "./types.js";

describe("startOrder", () => {
  it("puts every service after its dependencies", () => {
    const compose: ComposeFile = {
      services: { api: { depends_on: { init: { condition: "service_completed_successfully" } } }, init: { depends_on: ["db"] }, db: {} },
    };
    expect(startOrder(compose)).toEqual(["db", "init", "api"]);
  });

  it("refuses cycles and unknown services", () => {
    expect(() => startOrder({ services: { a: { depends_on: ["b"] }, b: { depends_on: ["a"] } } })).toThrow("cycle: a -> b -> a");
    expect(() => startOrder({ services: { a: { depends_on: ["ghost"] } } })).toThrow("ghost, which is not a service");
  });
});
