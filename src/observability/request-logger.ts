/**
 * fastify's per-request logger, created only when a line is actually written.
 *
 * fastify gives every request a pino child carrying its request id (`reqId`). Building that child (bindings
 * serialised, redaction applied) cost about as much CPU as our whole Update validation, on every webhook, even at
 * LOG_LEVEL=warn when the request never logs anything. This factory hands fastify a stand-in with the same methods:
 * a call at a level that is off returns at once; the first call at a level that is on builds the real child (same
 * bindings, same options: the route's logLevel and serializers) and every later call goes to it. Log lines are
 * therefore exactly what the default factory writes, request id included.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilentOrString } from 'pino';

/** The levels pino knows by default, by rank; a custom level name (never used here) counts as always on. */
const LEVEL_VALUES: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

class LazyRequestLogger {
  private real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): LevelWithSilentOrString {
    return this.real?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: LevelWithSilentOrString) {
    this.materialise().level = level;
  }

  // Methods on the prototype, not per-instance closures: one of these is made per request.
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.materialise().child(bindings, options);
  }

  isLevelEnabled(level: string): boolean {
    const wanted = LEVEL_VALUES[level];
    const threshold = LEVEL_VALUES[this.level];
    return wanted === undefined || threshold === undefined || wanted >= threshold;
  }

  private write(level: Level, args: unknown[]): void {
    if (this.real === undefined && !this.isLevelEnabled(level)) return;
    (this.materialise()[level] as (...a: unknown[]) => void)(...args);
  }

  private materialise(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.options);
    return this.real;
  }
}

/**
 * @example Fastify({ loggerInstance: logger, childLoggerFactory: lazyRequestLoggerFactory })
 */
export const lazyRequestLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) =>
  new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
