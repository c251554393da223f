import module from 'node:module'
import { setFlagsFromString } from 'node:v8'

/*
 * The entry point. Node 22.1+ can keep the code it compiles on disk between
 * starts (in the system's temporary folder); loading the app's hundreds of
 * modules is most of the start-up time, so it is switched on before any of
 * them is imported. Node 20 has no such cache and starts as before.
 */
const { enableCompileCache } = module as { enableCompileCache?: () => unknown }
enableCompileCache?.()

/*
 * V8's allocation-site pretenuring allocates straight into the old generation
 * what a site's past objects suggest will live long. Under a stream of new
 * messages it sent the requests' short-lived garbage there: a mark-compact
 * every 70 to 130 ms, a fifth of a new page's CPU time. Without it a new
 * result page costs about a quarter less (docs/performance.md, "Where the
 * time goes"). The flag is read by each collection, so setting it before the
 * app loads is enough, wherever the server is started; NODE_OPTIONS refuses it.
 */
setFlagsFromString('--no-allocation-site-pretenuring')

await import('./main.js')
