import { REPOSITORY } from './project.js'

/**
 * Errors a person can act on: bad input, a missing secret, a refusal that needs
 * a setting changed. They are shown as their message alone, never with a stack,
 * and always say what to do. Anything else is a bug and is reported as one.
 */
export interface SourceLocation {
  file: string
  /** 1-based */
  line: number
  /** 1-based */
  column: number
}

export class UserError extends Error {
  override name = 'UserError'
  readonly location?: SourceLocation
  readonly fix?: string

  constructor(message: string, options: { location?: SourceLocation; fix?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.location = options.location
    this.fix = options.fix
  }

  /** `file:line:column: message — fix`, the form editors and CI annotations understand. */
  format(): string {
    const where = this.location ? `${this.location.file}:${this.location.line}:${this.location.column}: ` : ''
    return `${where}${this.message}${this.fix ? `\n  fix: ${this.fix}` : ''}`
  }
}

/** Several user errors found in one pass, so a person fixes them all at once. */
export class UserErrors extends Error {
  override name = 'UserErrors'
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.format()).join('\n'))
  }
}

export function isUserError(e: unknown): e is UserError | UserErrors {
  return e instanceof UserError || e instanceof UserErrors
}

/**
 * A command line that cannot mean anything (a malformed flag value, flags that
 * exclude each other): exit status 2 like the parser's own refusals, so a
 * script tells "you called me wrong" from "a post failed".
 */
export class UsageError extends UserError {
  override name = 'UsageError'
}

/**
 * The words a run fails with when it met a bug (see rules/exceptions.ts): the
 * error's message and where to report it, said once. The stack goes to debug
 * output only, for the report.
 */
export function bugMessage(error: unknown, stackHint: string): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return `${message}\nThis is a bug in tiktok-publish, not in your manifest or workflow: please report it at https://github.com/${REPOSITORY}/issues with this log (${stackHint}).`
}

/** The stack of a bug, for debug output. */
export function bugStack(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined
}
