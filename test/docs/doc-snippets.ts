import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

/**
 * Reads the TypeScript code blocks of the README and the guides, and runs one as a program, so the
 * tests exercise exactly the code a reader copies.
 */

/** One fenced code block. */
export interface DocSnippet {
  /** The file, relative to the repository root. */
  file: string
  /** Line of the opening fence. */
  line: number
  /** The code. */
  code: string
}

const ROOT = new URL('../../', import.meta.url).pathname

/** Every ```ts block of README.md and docs/*.md. */
export function readDocSnippets(): DocSnippet[] {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ]
  const snippets: DocSnippet[] = []
  for (const file of files) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue
      const start = i
      const body: string[] = []
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '')
      snippets.push({ file, line: start + 1, code: body.join('\n') })
    }
  }
  return snippets
}

/** The one snippet of a file that contains a marker (e.g. `class PostgresStore`). */
export function docSnippet(file: string, marker: string): DocSnippet {
  const found = readDocSnippets().filter((s) => s.file === file && s.code.includes(marker))
  if (found.length !== 1) throw new Error(`expected one code block in ${file} with "${marker}", found ${found.length}`)
  return found[0] as DocSnippet
}

const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'\s*;?[ \t]*(?:\/\/.*)?$/gm

/**
 * Runs a snippet: its imports come from `modules`, the free names it uses (credentials, the host's
 * store, `save`…) from `context`. Returns what it declares at the top level (its classes, functions
 * and constants), so a test can use a class a guide defines. Types are stripped by the TypeScript
 * compiler and `export` keywords dropped; everything else runs as written.
 */
export async function runSnippet(
  snippet: DocSnippet,
  modules: Readonly<Record<string, Record<string, unknown>>>,
  context: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const missing: string[] = []
  const body = snippet.code
    .replace(/^export (?=(class|function|const|let|async) )/gm, '')
    .replace(IMPORT, (_all, typeOnly: string | undefined, names: string, from: string) => {
      if (typeOnly) return ''
      const module = modules[from]
      if (!module) missing.push(from)
      const values = names
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '' && !n.startsWith('type '))
        .map((n) => n.replace(/\s+as\s+/, ': '))
      return `const { ${values.join(', ')} } = __modules[${JSON.stringify(from)}];`
    })
  if (missing.length > 0) throw new Error(`${snippet.file}:${snippet.line} imports ${missing.join(', ')}, not given`)
  const js = ts.transpileModule(body, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    reportDiagnostics: true,
  })
  if (js.diagnostics && js.diagnostics.length > 0) {
    throw new Error(`${snippet.file}:${snippet.line} does not compile: ${String(js.diagnostics[0]?.messageText)}`)
  }
  // A name the snippet declares itself is not passed in (a parameter of the same name would clash).
  const declared = topLevelNames(js.outputText)
  const names = Object.keys(context).filter((n) => !declared.has(n))
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<Record<string, unknown>>
  const code = `${js.outputText.replace(/^export \{\};?$/m, '')}\nreturn { ${[...declared].join(', ')} }`
  const run = new AsyncFunction('__modules', ...names, code)
  return run(modules, ...names.map((n) => context[n]))
}

function topLevelNames(code: string): Set<string> {
  const names = new Set<string>()
  const file = ts.createSourceFile('snippet.js', code, ts.ScriptTarget.ES2022)
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text)
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name)
  }
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) bind(d.name)
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text)
    }
  }
  return names
}
