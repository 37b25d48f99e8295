// The parts of the Compose Specification this package reads. Values keep the
// shapes the spec allows (short and long syntax), see normalise-service.ts.

/** `depends_on` entry in long syntax. */
export interface DependsOnCondition {
  condition: "service_started" | "service_healthy" | "service_completed_successfully";
}

/** A volume mount in long syntax. */
export interface VolumeMount {
  type: string;
  source?: string;
  target: string;
  read_only?: boolean;
}

/** A service definition. */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  entrypoint?: string | string[];
  restart?: string;
  depends_on?: string[] | Record<string, DependsOnCondition>;
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: string | string[];
  volumes?: (string | VolumeMount)[];
  ports?: (string | number | Record<string, unknown>)[];
  networks?: string[] | Record<string, unknown>;
  network_mode?: string;
  healthcheck?: { test?: string | string[]; disable?: boolean; interval?: string; timeout?: string; retries?: number; start_period?: string };
  read_only?: boolean;
  [key: string]: unknown;
}

/** A whole compose file. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { internal?: boolean } | null>;
  secrets?: Record<string, unknown>;
  [key: string]: unknown;
}
