import t from 'tap'
import { existsSync } from 'node:fs'

/**
 * Runs a suite that needs an installed program. Without it the suite fails in
 * CI (CI=true), where .ci/run should have installed it, and skips locally;
 * both say how to install it.
 */
export function whenInstalled (program: string, installHint: string, suite: () => void): void {
  if (existsSync(program)) suite()
  else if (process.env.CI !== undefined && process.env.CI !== '') t.fail(`${program} is missing: ${installHint}`)
  else t.plan(0, `${program} is missing: ${installHint}`)
}
