import t from 'tap'

export interface RequiredTool {
  /** Whether the tool is there. */
  installed: boolean
  /** What is missing and how to install it. */
  hint: string
}

/**
 * Runs a suite that needs tools from outside npm (Debian's Chromium, Java).
 * Without them the suite fails in CI, where .ci/run must have installed them,
 * and skips locally, saying how to install them.
 */
export function whenInstalled (tools: RequiredTool[], suite: () => void): void {
  const missing = tools.filter((tool) => !tool.installed).map((tool) => tool.hint)
  if (missing.length === 0) suite()
  else if (process.env.CI !== undefined && process.env.CI !== '') t.fail(missing.join('; '))
  else t.plan(0, missing.join('; '))
}
