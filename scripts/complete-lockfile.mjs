#!/usr/bin/env node
// Adds the platform-specific optional packages that `npm ci` wants to see in package-lock.json but
// `npm install` left out because the registry it used serves only this machine's platform builds
// (biome's and rollup's native binaries for other systems). Each entry is marked optional with its
// os/cpu/libc, so npm skips it on every other platform and never downloads it.
// Usage: node scripts/complete-lockfile.mjs   (after `npm install`, when `npm ci` says "Missing: …")
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const OSES = ['android', 'darwin', 'freebsd', 'linux', 'win32', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony']
const CPUS = ['x64', 'arm64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32']

const ci = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { encoding: 'utf8' })
const missing = [...`${ci.stdout}${ci.stderr}`.matchAll(/Missing: (@?[^@\s]+)@\S* from lock file/g)].map((m) => m[1])
if (missing.length === 0) {
  console.log('package-lock.json already lists every optional platform package')
  process.exit(0)
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'))
const packages = lock.packages
for (const name of missing) {
  const parent = Object.values(packages).find((p) => p.optionalDependencies?.[name])
  if (!parent) throw new Error(`no package in the lockfile asks for ${name}`)
  const parts = name.split('/').at(-1).split('-')
  const os = parts.find((p) => OSES.includes(p))
  const cpu = parts.some((p) => p.includes('eabi')) ? 'arm' : parts.findLast((p) => CPUS.includes(p))
  const entry = { version: parent.optionalDependencies[name], dev: parent.dev === true, optional: true }
  if (os) entry.os = [os]
  if (cpu) entry.cpu = [cpu]
  if (os === 'linux') entry.libc = [parts.some((p) => p.startsWith('musl')) ? 'musl' : 'glibc']
  packages[`node_modules/${name}`] = entry
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
)
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`)
console.log(`added ${missing.length} optional platform packages to package-lock.json`)
