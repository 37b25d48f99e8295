import { LogController } from "fastify";
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString, LogFn, Logger } from "pino";

import { redactUrl } from "../logger.js";

/**
 * request.log as a child of the app logger that is created on the first line
 * it writes. pino runs a child's bindings through the redaction paths when the
 * child is created: about 7 µs and its garbage on every request (device by id,
 * bench --cpu-prof), for a logger that above level info usually writes
 * nothing. The line, when there is one, is the real child's: same bindings,
 * redaction and hooks.
 */
class LazyRequestLogger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly childBindings: Bindings,
  ) {}

  #real(): Logger {
    return (this.#child ??= this.parent.child(this.childBindings));
  }

  #write(level: Level, args: unknown[]): void {
    if (this.#child || this.parent.isLevelEnabled(level)) (this.#real()[level] as (...a: unknown[]) => void).apply(this.#child, args);
  }

  get level(): LevelWithSilentOrString {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.#real().level = level;
  }

  isLevelEnabled(level: LevelWithSilentOrString): boolean {
    return (this.#child ?? this.parent).isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }

  fatal: LogFn = (...args: unknown[]) => this.#write("fatal", args);
  error: LogFn = (...args: unknown[]) => this.#write("error", args);
  warn: LogFn = (...args: unknown[]) => this.#write("warn", args);
  info: LogFn = (...args: unknown[]) => this.#write("info", args);
  debug: LogFn = (...args: unknown[]) => this.#write("debug", args);
  trace: LogFn = (...args: unknown[]) => this.#write("trace", args);
  silent: LogFn = () => undefined;
}

/** Fastify's childLoggerFactory: lazy per request, eager when a route sets its own log level or serializers. */
export function requestLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  if (Object.keys(options).length > 0) return logger.child(bindings, options);
  return new LazyRequestLogger(logger as Logger, bindings) as unknown as FastifyBaseLogger;
}

/**
 * Fastify's request logging as one line per request, written when it is
 * answered: `GET /api/devices 200` with the status, duration and request id
 * (Fastify writes "incoming request" and "request completed", and pino-pretty
 * spread those over about 16 lines). A LogController, not an onResponse
 * hook: no extra step on the request path, and above level info nothing is
 * built. The query's secrets are masked.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // The one line is written when the request ends.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const log = reply.log as unknown as Pick<Logger, "isLevelEnabled" | "info" | "error">;
    if (!error && !log.isLevelEnabled("info")) return;
    const url = redactUrl(request.url);
    const fields = { method: request.method, url, statusCode: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) log.error({ ...fields, err: error }, `${request.method} ${url} ${reply.statusCode} (the response failed)`);
    else log.info(fields, `${request.method} ${url} ${reply.statusCode}`);
  }
}
