/**
 * A message as a one-line, unambiguous test name: JSON string syntax, with invisible and
 * line-breaking characters (U+2028 would end a TAP line) written as escapes.
 */
export function quote (text: string): string {
  return JSON.stringify(text).replace(/[\p{C}\p{Z}]/gu, character =>
    character === ' ' ? ' ' : `\\u{${character.codePointAt(0)?.toString(16).toUpperCase()}}`)
}
