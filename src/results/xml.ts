import { escapeXml } from '../image/svg.js'

/**
 * Text XML 1.0 cannot carry, not even as a character reference (ESC and the
 * other C0 controls): its UTF-8 bytes in base64, marked `encoding="base64"`.
 */
export class Base64Text {
  constructor (readonly text: string) {}

  /** In JSON, which can carry any character, the text itself. */
  toJSON (): string {
    return this.text
  }
}

export type XmlValue = string | number | boolean | null | Base64Text | XmlValue[] | { [key: string]: XmlValue }

/**
 * Serialises a plain object as an element per field; arrays repeat the element
 * named by `itemNames` (lines -> line), null becomes an empty element marked
 * `nil="true"`. Strings keep their white space (`xml:space="preserve"`); a
 * Base64Text is written in base64.
 */
export function toXml (root: string, value: { [key: string]: XmlValue }, itemNames: Record<string, string> = {}): string {
  const element = (name: string, item: XmlValue, indent: string): string => {
    if (item === null) return `${indent}<${name} nil="true"/>`
    if (item instanceof Base64Text) return `${indent}<${name} encoding="base64">${Buffer.from(item.text).toString('base64')}</${name}>`
    if (Array.isArray(item)) {
      const child = itemNames[name] ?? 'item'
      return `${indent}<${name}>\n${item.map((entry) => element(child, entry, indent + '  ')).join('\n')}\n${indent}</${name}>`
    }
    if (typeof item === 'object') {
      const children = Object.entries(item).map(([key, entry]) => element(key, entry, indent + '  '))
      return `${indent}<${name}>\n${children.join('\n')}\n${indent}</${name}>`
    }
    const text = escapeXml(String(item))
    return typeof item === 'string' ? `${indent}<${name} xml:space="preserve">${text}</${name}>` : `${indent}<${name}>${text}</${name}>`
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, '')}\n`
}
