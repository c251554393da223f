import type { Test } from 'tap'
import { existsSync } from 'node:fs'

/*
 * The one "skip locally, fail in CI" rule. A suite that needs a program or a
 * file from outside npm (Debian's cowsay, nginx, Chromium, Java, a font) skips
 * where it is missing, saying how to install it; under CI=true, where .ci/run
 * must have installed it, it fails instead.
 */

export interface RequiredTool {
  /** Whether the tool is there. */
  installed: boolean
  /** What is missing and how to install it. */
  hint: string
}

export const IN_CI = process.env.CI !== undefined && process.env.CI !== ''

/** A tool that is there when `path` exists. */
export const installedAt = (path: string, install: string): RequiredTool =>
  ({ installed: existsSync(path), hint: `${path} is missing: ${install}` })

/**
 * Runs the suite when every tool is there; otherwise fails in CI and skips
 * locally. `t` is the caller's (tap's root test): this module does not import
 * tap, so that scripts can declare the tools they need with it too.
 */
export function whenInstalled (t: Test, tools: RequiredTool[], suite: () => void): void {
  const missing = tools.filter((tool) => !tool.installed).map((tool) => tool.hint)
  if (missing.length === 0) suite()
  else if (IN_CI) t.fail(missing.join('; '))
  else t.plan(0, missing.join('; '))
}

/** The same rule for one part of a test: true when the tool is there, else a failure in CI or a skip. */
export function hasTool (t: Test, tool: RequiredTool): boolean {
  if (tool.installed) return true
  if (IN_CI) t.fail(tool.hint)
  else t.pass(tool.hint, { skip: tool.hint })
  return false
}
