/**
 * Logic logs through this interface so the same code serves the Action (with
 * groups and annotations) and the command line (plain lines on stderr).
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export class ConsoleLogger implements Logger {
  constructor(
    private readonly options: { verbose?: boolean; stream?: NodeJS.WritableStream } = {}
  ) {}
  private write(line: string): void {
    ;(this.options.stream ?? process.stderr).write(line + '\n')
  }
  debug(message: string): void {
    if (this.options.verbose) this.write(`debug: ${message}`)
  }
  info(message: string): void {
    this.write(message)
  }
  warn(message: string): void {
    this.write(`warning: ${message}`)
  }
  error(message: string): void {
    this.write(`error: ${message}`)
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.write(`== ${name}`)
    return fn()
  }
}

/** Collects lines; for tests and for callers that render output later. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = []
  debug(message: string): void {
    this.lines.push(`debug: ${message}`)
  }
  info(message: string): void {
    this.lines.push(message)
  }
  warn(message: string): void {
    this.lines.push(`warning: ${message}`)
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`)
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`== ${name}`)
    return fn()
  }
}
