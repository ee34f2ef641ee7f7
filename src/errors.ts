/**
 * The one error type tracewright throws. Every line of its message starts with
 * `[tracewright] ` so that users can tell our messages from the host's (tsc,
 * vite, webpack) in a mixed build log.
 */

/** Prefix of every line of a {@link TracewrightError} message. */
export const ERROR_PREFIX = '[tracewright] ';

/** Where a problem is; every field optional because not every problem has all of them. */
export interface ProblemLocation {
  /** File the problem is in: a rule file, a config file, or a source file. */
  file?: string;
  /** Id of the rule concerned. */
  ruleId?: string;
  /** Field (or option) concerned, e.g. `span.kind` or `include`. */
  field?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based column in `file` (or in the expression named by `field`). */
  column?: number;
}

/** One problem: its location and its one-line message (without the prefix). */
export interface TracewrightProblem extends ProblemLocation {
  message: string;
}

/**
 * An error tracewright raises: invalid rules or options, unusable rule files.
 * When it reports several problems at once (rule validation collects them all,
 * so users can fix everything in one go), the message holds one line per
 * problem and `problems` holds them in order; the location fields then copy the
 * first problem's.
 */
export class TracewrightError extends Error {
  override name = 'TracewrightError';
  readonly file?: string;
  readonly ruleId?: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
  /** Every problem reported by this error (at least one). */
  readonly problems: readonly TracewrightProblem[];

  /**
   * @param message one line, with or without the `[tracewright] ` prefix
   * @param location structured fields, for hosts that place diagnostics
   */
  constructor(message: string, location: ProblemLocation = {}) {
    const text = message.startsWith(ERROR_PREFIX) ? message.slice(ERROR_PREFIX.length) : message;
    super(ERROR_PREFIX + text);
    this.problems = [{ ...location, message: text }];
    // Only own the fields that were given, so `toEqual`/logging stays readable.
    if (location.file !== undefined) this.file = location.file;
    if (location.ruleId !== undefined) this.ruleId = location.ruleId;
    if (location.field !== undefined) this.field = location.field;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
  }

  /**
   * One error for several problems, one prefixed line each.
   * @throws never; returns the error so callers write `throw TracewrightError.from(problems)`.
   */
  static from(problems: readonly TracewrightProblem[]): TracewrightError {
    if (problems.length === 0) throw new Error('TracewrightError.from: no problems');
    const [first] = problems as [TracewrightProblem, ...TracewrightProblem[]];
    const { message: _message, ...location } = first;
    const error = new TracewrightError(first.message, location);
    error.message = problems.map((p) => ERROR_PREFIX + p.message).join('\n');
    (error as { problems: readonly TracewrightProblem[] }).problems = problems.slice();
    return error;
  }
}

/** Collects problems and throws them as one {@link TracewrightError}. @internal */
export class ProblemList {
  readonly items: TracewrightProblem[] = [];
  add(problem: TracewrightProblem): void {
    this.items.push(problem);
  }
  /** Merge the problems of a thrown TracewrightError; rethrow anything else. */
  addError(error: unknown): void {
    if (!(error instanceof TracewrightError)) throw error;
    this.items.push(...error.problems);
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw TracewrightError.from(this.items);
  }
}
