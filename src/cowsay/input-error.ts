/**
 * A mistake in what someone asked the cow to do: an unknown cow, a value that
 * breaks an option's rule, a message that is too long or holds a control
 * character. The domain says what is wrong; whoever read the request says it
 * in its own terms (the HTTP layer as a 400 or 414, a chat command as a reply).
 */
export class InputError extends Error {
  /** `field`: what the mistake is in, an option's name or 'text' (the message), when one is. */
  constructor (message: string, readonly problem: 'invalid' | 'too long' = 'invalid', readonly field?: string) {
    super(message)
    this.name = 'InputError'
  }
}

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
