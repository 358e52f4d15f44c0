import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The layer diagram of DESIGN.md, enforced: every import in `src/` must point down the diagram, and
 * the runtime-agnostic core must not touch Node built-ins.
 *
 *   internal/, errors.ts  <-  transport/, auth/  <-  providers/<name>/  <-  model/ (imported by all)
 *   providers/shared/ holds what every provider reads the same way; each provider may import it,
 *   it imports only the core below the providers, and no provider imports another.
 *   validate/, merge/ import only model/, errors, internal/;  sync/ composes the core;
 *   node/, testing/, postgres/, cli/ are the Node-only entry points.
 */

type Layer =
  | 'errors'
  | 'version'
  | 'internal'
  | 'model'
  | 'transport'
  | 'auth'
  | `provider:${string}`
  | 'provider-shared'
  | 'validate'
  | 'merge'
  | 'sync'
  | 'entry'
  | 'node'
  | 'testing'
  | 'postgres'
  | 'cli'

const CORE_BELOW_PROVIDERS: readonly Layer[] = ['errors', 'version', 'internal', 'model', 'transport', 'auth']
const NODE_ONLY: ReadonlySet<Layer> = new Set(['node', 'testing', 'postgres', 'cli'])
const ENTRY_FILES: ReadonlySet<string> = new Set(['index.ts', 'oneroster.ts', 'clever.ts', 'csv.ts'])

/** Which layer a file (path relative to `src/`, POSIX separators) belongs to, or undefined if none. */
function layerOf(file: string): Layer | undefined {
  const [first, second] = file.split('/')
  if (file === 'errors.ts') return 'errors'
  if (file === 'version.ts') return 'version'
  if (ENTRY_FILES.has(file)) return 'entry'
  if (first === 'providers' && second === 'shared' && file.split('/').length > 2) return 'provider-shared'
  if (first === 'providers' && second !== undefined && file.split('/').length > 2) return `provider:${second}`
  switch (first) {
    case 'internal':
    case 'model':
    case 'transport':
    case 'auth':
    case 'validate':
    case 'merge':
    case 'sync':
    case 'node':
    case 'testing':
    case 'postgres':
    case 'cli':
      return first
    default:
      return undefined
  }
}

/** True when code in layer `from` may import code in layer `to`. */
function mayImport(from: Layer, to: Layer): boolean {
  if (from === to || to === 'version') return true
  switch (from) {
    case 'errors':
    case 'version':
      return false
    case 'internal':
      return to === 'errors'
    case 'model':
      return to === 'errors'
    case 'transport':
    case 'auth':
      return CORE_BELOW_PROVIDERS.includes(to)
    case 'validate':
    case 'merge':
      return to === 'model' || to === 'errors' || to === 'internal'
    case 'sync':
      return !NODE_ONLY.has(to) && to !== 'entry'
    case 'entry':
      return !NODE_ONLY.has(to)
    case 'node':
      return !['testing', 'cli', 'sync'].includes(to)
    case 'testing':
      return !['cli', 'sync'].includes(to)
    case 'postgres':
      // A store for the sync to use: it sees the core, never the CLI or the test kit.
      return !['cli', 'testing', 'node'].includes(to)
    case 'cli':
      return true
    case 'provider-shared':
      return CORE_BELOW_PROVIDERS.includes(to)
    default:
      // Providers: the shared core below them, the providers' shared folder, and their own folder only.
      return CORE_BELOW_PROVIDERS.includes(to) || to === 'provider-shared'
  }
}

const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
/** Third-party packages a layer is limited to; layers not listed may use any runtime dependency. */
const PACKAGES_BY_LAYER: Partial<Record<Layer, readonly string[]>> = {
  errors: [],
  model: ['zod'],
}

/** One import that breaks the rules. */
interface Violation {
  file: string
  specifier: string
  reason: string
}

function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string)
}

/**
 * Checks one source file's imports (static, type-only, re-exports, dynamic `import()` and
 * `require()`) against the layer rules.
 * @param file - path relative to `src/`, POSIX separators
 * @param text - the file's source
 */
function checkImports(file: string, text: string): Violation[] {
  const from = layerOf(file)
  const violations: Violation[] = []
  if (from === undefined) {
    return [{ file, specifier: '', reason: 'file is outside every layer of DESIGN.md; place it in a layer folder' }]
  }
  const { importedFiles } = ts.preProcessFile(text, true, true)
  for (const { fileName: specifier } of importedFiles) {
    if (specifier.startsWith('.')) {
      const target = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts')
      if (target.startsWith('..')) {
        violations.push({ file, specifier, reason: 'imports from outside src/' })
        continue
      }
      const to = layerOf(target) ?? layerOf(target.replace(/\.ts$/, '/index.ts'))
      if (to === undefined) violations.push({ file, specifier, reason: 'imports a file outside every layer' })
      else if (!mayImport(from, to)) violations.push({ file, specifier, reason: `${from} must not import ${to}` })
      continue
    }
    if (NODE_BUILTINS.has(specifier) || specifier.startsWith('node:')) {
      if (!NODE_ONLY.has(from)) {
        violations.push({ file, specifier, reason: `Node built-in in ${from}; the core must run without Node` })
      }
      continue
    }
    const allowed = PACKAGES_BY_LAYER[from]
    if (packageName(specifier) === 'rosterkit' && !NODE_ONLY.has(from)) {
      violations.push({ file, specifier, reason: 'the package imports itself by name; use a relative import' })
    } else if (allowed !== undefined && !allowed.includes(packageName(specifier))) {
      violations.push({ file, specifier, reason: `${from} may import only ${allowed.join(', ') || 'nothing'}` })
    }
  }
  return violations
}

function walk(dir: string, base = ''): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = base ? `${base}/${entry.name}` : entry.name
    if (entry.isDirectory()) files.push(...walk(`${dir}/${entry.name}`, rel))
    else if (/\.(ts|mts|cts|js|mjs)$/.test(entry.name)) files.push(rel)
  }
  return files
}

const srcDir = fileURLToPath(new URL('../src', import.meta.url))

describe('architecture', () => {
  it('every import in src/ follows the layer diagram and keeps Node out of the core', () => {
    const files = walk(srcDir)
    expect(files.length).toBeGreaterThan(10)
    const violations = files.flatMap((file) => checkImports(file, readFileSync(`${srcDir}/${file}`, 'utf8')))
    expect(violations.map((v) => `${v.file}: '${v.specifier}' — ${v.reason}`)).toEqual([])
  })

  describe('the checker', () => {
    it('flags Node built-ins in the core, with or without the node: prefix, static or dynamic', () => {
      expect(checkImports('transport/http.ts', "import { createHash } from 'node:crypto'")).toHaveLength(1)
      expect(checkImports('providers/csv/read.ts', "import { readFile } from 'fs'")).toHaveLength(1)
      expect(checkImports('sync/run.ts', "const fs = await import('node:fs/promises')")).toHaveLength(1)
      expect(checkImports('model/x.ts', "import type { Server } from 'node:http'")).toHaveLength(1)
      expect(checkImports('merge/x.ts', "const p = require('path')")).toHaveLength(1)
    })

    it('allows Node built-ins in the Node-only entry points', () => {
      expect(checkImports('node/read-bundle.ts', "import { readFile } from 'node:fs/promises'")).toEqual([])
      expect(checkImports('testing/oneroster-server/server.ts', "import { createServer } from 'node:http'")).toEqual([])
      expect(checkImports('cli/main.ts', "import { parseArgs } from 'node:util'")).toEqual([])
    })

    it('flags imports that point up the diagram', () => {
      const cases: Array<[string, string]> = [
        ['model/records.ts', "import { x } from '../validate/index.js'"],
        ['model/records.ts', "import { x } from '../internal/util.js'"],
        ['internal/util.ts', "import type { Roster } from '../model/index.js'"],
        ['errors.ts', "import { VERSION } from './transport/http.js'"],
        ['transport/http.ts', "import { x } from '../providers/clever/index.js'"],
        ['providers/clever/client.ts', "import { x } from '../oneroster/wire/field-spec.js'"],
        ['providers/shared/values.ts', "import { x } from '../csv/file-specs.js'"],
        ['providers/shared/values.ts', "import { x } from '../../sync/index.js'"],
        ['providers/csv/read.ts', "export { planMerge } from '../../merge/index.js'"],
        ['providers/oneroster/client.ts', "import { x } from '../../sync/index.js'"],
        ['validate/index.ts', "import { planMerge } from '../merge/index.js'"],
        ['merge/plan.ts', "import { client } from '../transport/http.js'"],
        ['sync/create-roster-sync.ts', "import { openRosterDatabase } from '../postgres/index.js'"],
        ['index.ts', "export * from './postgres/index.js'"],
        ['testing/memory-store.ts', "import type { x } from '../sync/index.js'"],
        ['sync/run.ts', "import { x } from '../testing/index.js'"],
        ['index.ts', "export * from './node/index.js'"],
      ]
      for (const [file, text] of cases) expect(checkImports(file, text), `${file}: ${text}`).toHaveLength(1)
    })

    it('accepts imports that point down the diagram', () => {
      const cases: Array<[string, string]> = [
        ['model/roster.ts', "import { ModelValidationError } from '../errors.js'"],
        ['transport/http.ts', "import { VERSION } from '../version.js'"],
        ['auth/oauth1.ts', "import { request } from '../transport/http.js'"],
        ['providers/oneroster/client.ts', "import { Paginator } from '../../transport/paginator.js'"],
        ['providers/oneroster/client.ts', "import type { Roster } from '../../model/index.js'"],
        ['providers/oneroster/vendors/powerschool.ts', "import { x } from '../wire/field-spec.js'"],
        ['providers/csv/file-processor.ts', "import { x } from '../shared/oneroster-values.js'"],
        ['providers/oneroster/wire/read-record.ts', "import { x } from '../../shared/oneroster-values.js'"],
        ['providers/shared/oneroster-values.ts', "import { x } from '../../model/index.js'"],
        ['validate/rules/ids.ts', "import { indexRoster } from '../../model/index.js'"],
        ['sync/run.ts', "import { planMerge } from '../merge/index.js'"],
        ['oneroster.ts', "export * from './providers/oneroster/index.js'"],
        ['index.ts', "export * from './sync/index.js'"],
        ['testing/clever-server/to-clever-wire.ts', "import { x } from '../../providers/clever/index.js'"],
        ['cli/main.ts', "import { createRosterSync } from '../sync/index.js'"],
      ]
      for (const [file, text] of cases) expect(checkImports(file, text), `${file}: ${text}`).toEqual([])
    })

    it('limits the model to zod and forbids self-imports by package name in the core', () => {
      expect(checkImports('model/records.ts', "import { z } from 'zod'")).toEqual([])
      expect(checkImports('model/records.ts', "import ky from 'ky'")).toHaveLength(1)
      expect(checkImports('transport/http.ts', "import ky from 'ky'")).toEqual([])
      expect(checkImports('sync/run.ts', "import { x } from 'rosterkit/oneroster'")).toHaveLength(1)
    })

    it('ignores imports that appear only in comments and flags files outside every layer', () => {
      expect(checkImports('model/x.ts', "/** import fs from 'node:fs' */\n// import '../sync/index.js'\n")).toEqual([])
      expect(checkImports('helpers/x.ts', '')).toHaveLength(1)
    })
  })
})
