// The API's monitoring listener (/metrics and /status) as seen from the host
// through the stack's published loopback port: what a Prometheus scrape and a
// person with a browser get.
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import type { Family } from "parse-prometheus-text-format";

/** The families of one scrape, by name. */
export class Scrape {
  readonly families: Map<string, Family>;

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  }

  /** The family's type, or "missing". */
  type(name: string): string {
    return this.families.get(name)?.type ?? "missing";
  }

  /** The value of the sample of `name` whose labels include `labels`; NaN when there is none. */
  value(name: string, labels: Record<string, string> = {}): number {
    const sample = this.families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return sample?.value === undefined ? Number.NaN : Number(sample.value);
  }
}

/** GET /metrics on `baseUrl`, checked to be Prometheus text, parsed. */
export async function scrape(baseUrl: string): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text.slice(0, 500)}`);
  const type = response.headers.get("content-type") ?? "";
  if (!/^text\/plain; version=0\.0\.4/.test(type)) throw new Error(`GET /metrics is not Prometheus text: content-type ${type}`);
  return new Scrape(text);
}

/** GET /status on `baseUrl`: the HTML, and its text as a reader sees it. */
export async function statusPage(baseUrl: string): Promise<{ html: string; text: string }> {
  const response = await fetch(`${baseUrl}/status`);
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET /status answered ${response.status}: ${html.slice(0, 500)}`);
  return { html, text: visibleText(html) };
}

// The page is server-rendered without scripts, so its text is the markup minus
// the stylesheet and tags; the API's own tests render it in chromium.
function visibleText(html: string): string {
  const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity)
    .replace(/\s+/g, " ")
    .replace(/ ([.,:;)])/g, "$1");
}
