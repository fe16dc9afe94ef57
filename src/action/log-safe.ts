import { showInvisible } from '../text.js'

/**
 * The runner reads every line a step prints and obeys the ones that begin
 * (after spaces) with `::` (`::warning`, `::add-mask`, `::stop-commands`) or
 * with the older `##[`. Paths, names and captions come from the repository, so
 * a link named `x\n::warning::…` would have a line of ours forge an
 * annotation or switch command processing off. Every line is made safe:
 * controls shown as \u{…} (a lone CR ends a line for the runner too), and a
 * line that would begin a command gets its first colon or hash written as
 * \u{3A} or \u{23}.
 */
export function logSafe(text: string): string {
  return showInvisible(text, { keepLayout: true })
    .split('\n')
    .map((line) => line.replace(/^(\s*)(:(?=:)|#(?=#\[))/u, (_m, space: string, c: string) => `${space}\\u{${c === ':' ? '3A' : '23'}}`))
    .join('\n')
}
