// How tap loads the suites (package.json, "tap"."node-arg"): through tsx, registered in every
// thread that starts with this flag. `--import tsx` registers itself only in the main thread
// on Node 20, so there a worker thread started from a .ts file (src/image/png-worker.ts)
// could not load it; a worker inherits this flag and registers tsx for itself.
import { register as registerCommonJs } from 'tsx/cjs/api'
import { register } from 'tsx/esm/api'

registerCommonJs()
register()
