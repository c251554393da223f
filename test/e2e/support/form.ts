import type { Page } from 'playwright-core'
import { DEFAULT_OPTIONS, type CowOptions } from '../../../src/cowsay/index.js'

/** Fills the cow form as a person would: only the fields that differ from what is there. */
export async function fillForm (page: Page, text: string, options: Partial<CowOptions>): Promise<void> {
  await page.getByLabel('Message').fill(text)
  if (options.action !== undefined) await page.getByLabel(options.action === 'say' ? 'says it' : 'thinks it').check()
  if (options.cow !== undefined) await page.getByLabel('Cow', { exact: true }).selectOption(options.cow)
  if (options.mode !== undefined) await page.getByLabel('Mode').selectOption(options.mode ?? '')
  if (options.eyes !== undefined) await page.getByLabel('Eyes').fill(options.eyes)
  if (options.tongue !== undefined) await page.getByLabel('Tongue').fill(options.tongue)
  if (options.width !== undefined) await page.getByLabel('Wrap width').fill(String(options.width))
  if (options.nowrap !== undefined) await page.getByLabel('Keep my line breaks').setChecked(options.nowrap)
  if (options.color !== undefined) await page.getByLabel('Colour').selectOption(options.color)
}

export const withDefaults = (options: Partial<CowOptions>): CowOptions => ({ ...DEFAULT_OPTIONS, ...options })

export interface ApiResult {
  text: string
  cow: string
  output: string
  permalink: string
}

/** What the JSON API answers for a URL: the drawing a page must show. */
export async function apiResult (url: string): Promise<ApiResult> {
  const response = await fetch(url, { headers: { accept: 'application/json' } })
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`)
  return await response.json() as ApiResult
}
