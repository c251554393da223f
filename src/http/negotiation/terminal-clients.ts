/**
 * Programs that show what they fetch in a terminal, by the product names of
 * their User-Agent (RFC 9110's `product/version` tokens; comments in
 * parentheses do not count). The list follows wttr.in and cheat.sh, which
 * answer such clients with text: curl and Wget, HTTPie and xh, PowerShell
 * (whose Invoke-WebRequest sends a Mozilla-like string ending in
 * `PowerShell/7.x`, Windows PowerShell `WindowsPowerShell/5.1`), the BSDs'
 * fetch and ftp, Python's aiohttp, requests and httpx, Go's net/http, Perl's
 * lwp-request and libwww-perl, Nushell and Zig's std.http.
 */
const TERMINAL_CLIENTS: readonly string[] = [
  'curl', 'wget', 'wget2', 'httpie', 'xh', 'powershell', 'windowspowershell', 'fetch', 'ftp',
  'aiohttp', 'python-requests', 'python-httpx', 'go-http-client', 'lwp-request', 'libwww-perl',
  'nushell', 'zig', 'http_get'
]

const NAMES = new Set(TERMINAL_CLIENTS)
const COMMENT = /\([^()]*\)/g

/** The product names of a User-Agent, lower-cased: `Mozilla/5.0 (X11) Gecko/1` gives mozilla and gecko. */
export function productNames (userAgent: string): string[] {
  let text = userAgent.slice(0, 512)
  // Comments may nest one level in the wild ("(KHTML, like Gecko)" inside nothing, usually).
  for (let pass = 0; pass < 3 && text.includes('('); pass++) text = text.replace(COMMENT, ' ')
  return text.split(/\s+/).filter((token) => token !== '').map((token) => (token.split('/')[0] ?? '').toLowerCase())
}

/** Whether a User-Agent names a command-line client among its products. */
export function isTerminalClient (userAgent: string | undefined): boolean {
  if (userAgent === undefined || userAgent === '') return false
  return productNames(userAgent).some((name) => NAMES.has(name))
}

/**
 * Whether an Accept header leaves the choice to the server: absent, empty, or
 * nothing but `*\/*` (with or without a q-value). A client that names any
 * type, even with `*\/*` after it, has said what it prefers.
 */
export function acceptsAnything (accept: string | undefined): boolean {
  if (accept === undefined) return true
  return accept.split(',').every((range) => {
    const type = (range.split(';')[0] ?? '').trim()
    return type === '' || type === '*/*'
  })
}
