import type { FastifyBaseLogger } from "fastify";
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString, LogFn, Logger } from "pino";

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
