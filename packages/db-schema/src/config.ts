import { z } from "zod";

// Configuration of the db-schema tooling (migration:new / migration:check / db:seed).
// Empty strings count as unset, as in every NetRaven package.
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

export const ConfigSchema = z.object({
  /** Scratch server for migration:new/check; else testcontainers or embedded PostgreSQL. */
  TEST_DATABASE_URL: optional,
  DOCKER_HOST: optional,
  /** Target of db:seed (local sample data). */
  DATABASE_URL: optional,
});
export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment once; reports every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new Error(`Invalid configuration:\n${result.error.issues.map((i) => `- ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return Object.freeze(result.data);
}
