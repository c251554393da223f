/**
 * What real clients send, as they send it today: the User-Agent (versions
 * included) and their default Accept (undefined: they send none).
 */
export interface Client {
  name: string
  userAgent: string
  accept: string | undefined
}

export const TERMINAL_CLIENTS: readonly Client[] = [
  { name: 'curl (Debian 12)', userAgent: 'curl/7.88.1', accept: '*/*' },
  { name: 'curl 8', userAgent: 'curl/8.11.1', accept: '*/*' },
  { name: 'Wget', userAgent: 'Wget/1.21.3', accept: '*/*' },
  { name: 'Wget2', userAgent: 'wget2/2.1.0', accept: '*/*' },
  { name: 'HTTPie', userAgent: 'HTTPie/3.2.4', accept: '*/*' },
  { name: 'xh', userAgent: 'xh/0.23.0', accept: '*/*' },
  { name: 'PowerShell 7 Invoke-WebRequest', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.26100; en-US) PowerShell/7.4.6', accept: undefined },
  { name: 'PowerShell 7 on Linux', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; Debian GNU/Linux 12 (bookworm)) PowerShell/7.4.6', accept: undefined },
  { name: 'Windows PowerShell 5.1', userAgent: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.26100.2161', accept: undefined },
  { name: 'FreeBSD fetch', userAgent: 'fetch libfetch/2.0', accept: undefined },
  { name: 'OpenBSD ftp', userAgent: 'OpenBSD ftp', accept: undefined },
  { name: 'aiohttp', userAgent: 'Python/3.12 aiohttp/3.11.9', accept: '*/*' },
  { name: 'python-requests', userAgent: 'python-requests/2.32.3', accept: '*/*' },
  { name: 'python-httpx', userAgent: 'python-httpx/0.28.1', accept: '*/*' },
  { name: 'Go net/http, HTTP/1.1', userAgent: 'Go-http-client/1.1', accept: undefined },
  { name: 'Go net/http, HTTP/2', userAgent: 'Go-http-client/2.0', accept: undefined },
  { name: 'lwp-request', userAgent: 'lwp-request/6.77 libwww-perl/6.77', accept: undefined },
  { name: 'Nushell http get', userAgent: 'nushell', accept: '*/*' },
  { name: 'Zig std.http', userAgent: 'zig/0.13.0 (std.http)', accept: undefined }
]

export const BROWSERS: readonly Client[] = [
  {
    name: 'Chromium 131 on Linux',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'
  },
  {
    name: 'Firefox 133 on Linux',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
  },
  {
    name: 'Safari 18 on macOS',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
  },
  // A page's own fetch() sends */* with the browser's User-Agent: still a browser.
  {
    name: 'fetch() in Chromium',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    accept: '*/*'
  }
]
