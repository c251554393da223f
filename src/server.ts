import module from 'node:module'

/*
 * The entry point. Node 22.1+ can keep the code it compiles on disk between
 * starts (in the system's temporary folder); loading the app's hundreds of
 * modules is most of the start-up time, so it is switched on before any of
 * them is imported. Node 20 has no such cache and starts as before.
 */
const { enableCompileCache } = module as { enableCompileCache?: () => unknown }
enableCompileCache?.()

await import('./main.js')
