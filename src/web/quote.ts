/**
 * Quotes a client-supplied value for an error message: shortened, and with
 * control characters escaped so an echoed value cannot drive a terminal.
 */
export function quote (value: string, max = 40): string {
  const chars = Array.from(value)
  const shown = chars.length > max ? chars.slice(0, max).join('') + '…' : value
  const escaped = shown
    .replace(/["\\]/g, (c) => '\\' + c)
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
  return `"${escaped}"`
}
