#!/usr/bin/env node
// Runs a TypeScript entry of this repository (the CLI, a benchmark) on plain Node 20 without a
// TypeScript loader: esbuild (through tsup) bundles it to .tmp/run/ and Node runs the result.
// Usage: node scripts/run-ts.mjs <file.ts> [args…]
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { build } from 'tsup'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args…]')
  process.exit(2)
}
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const name = basename(entry).replace(/\.ts$/, '')
// One folder per entry, emptied first: a benchmark runner and the benchmark it spawns must never
// write over each other's bundle, and a stale bundle must never run.
const outDir = resolve('.tmp/run', name)
rmSync(outDir, { recursive: true, force: true })
await build({
  entry: { [name]: entry },
  outDir,
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: false,
  sourcemap: true,
  dts: false,
  clean: false,
  silent: true,
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
})
const out = resolve(outDir, `${name}.js`)
const nodeArgs = [
  '--enable-source-maps',
  ...(process.env.ROSTERKIT_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
  out,
  ...args,
]
const result = spawnSync(process.execPath, nodeArgs, { stdio: 'inherit' })
process.exit(result.status ?? 1)
