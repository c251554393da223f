/**
 * A function of a header's value, remembered: clients send the same few
 * Accept, Accept-Encoding and User-Agent strings over and over, and parsing
 * one with its q-values costs more than the rest of a cached answer's work.
 * Bounded twice: values longer than MAX_KEY_LENGTH are computed each time
 * (a client sending 8 KB headers gets no memory of ours), and when LIMIT
 * values are remembered the memory starts again, empty.
 */
const LIMIT = 500
const MAX_KEY_LENGTH = 256
const ABSENT = '\0absent'

export function memoByHeader<V> (compute: (value: string | undefined) => V): (value: string | undefined) => V {
  const remembered = new Map<string, V>()
  return (value) => {
    if (value !== undefined && value.length > MAX_KEY_LENGTH) return compute(value)
    const key = value ?? ABSENT
    let result = remembered.get(key)
    if (result === undefined && !remembered.has(key)) {
      result = compute(value)
      if (remembered.size >= LIMIT) remembered.clear()
      remembered.set(key, result)
    }
    return result as V
  }
}
