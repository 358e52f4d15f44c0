/**
 * `npm run bench`: runs every bench/*.bench.ts in its own Node process, one after the other, so each
 * one's timings and peak memory are its own. `npm run bench -- csv` runs only names containing "csv".
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const filter = process.argv[2]
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort()
if (benches.length === 0) {
  console.error(`no benchmark matches ${filter ?? '(all)'}`)
  process.exit(1)
}
let failed = 0
for (const file of benches) {
  console.log(`\n# ${file}`)
  const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', join('bench', file)], {
    stdio: 'inherit',
    env: { ...process.env, ROSTERKIT_NODE_ARGS: '--expose-gc --max-old-space-size=8192' },
  })
  if (r.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
