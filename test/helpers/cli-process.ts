import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'tsup'

/**
 * The `rosterkit` command as a real process: the CLI entry is bundled once (as `npm run build`
 * would, without types) and each run spawns Node on it, so exit codes, standard streams and signals
 * are the real ones.
 */

const ROOT = new URL('../../', import.meta.url).pathname

/**
 * Bundles the CLI into a fresh folder under the repository's `.tmp/` (where its dependencies
 * resolve from `node_modules`) and returns the path of the program.
 */
export async function buildCli(): Promise<string> {
  await mkdir(join(ROOT, '.tmp'), { recursive: true })
  const outDir = await mkdtemp(join(ROOT, '.tmp', 'cli-process-'))
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
  }
  await build({
    entry: { rosterkit: join(ROOT, 'src/cli/main.ts') },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: false,
    dts: false,
    silent: true,
    config: false,
    outExtension: () => ({ js: '.mjs' }),
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
  })
  return join(outDir, 'rosterkit.mjs')
}

/** What a finished run printed and returned. */
export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Options of a run. */
export interface CliRunOptions {
  env?: Record<string, string> | undefined
  cwd?: string | undefined
}

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Credentials come only from the test, never from the machine running it.
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const key of Object.keys(env)) if (key.startsWith('ROSTERKIT_') && !(key in extra)) delete env[key]
  return env
}

/** Starts the program; the caller reads its streams and ends it. */
export function startCli(program: string, args: readonly string[], options: CliRunOptions = {}): ChildProcess {
  return spawn(process.execPath, [program, ...args], {
    cwd: options.cwd ?? ROOT,
    env: environment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Runs the program to its end. */
export function runCli(program: string, args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const child = startCli(program, args, options)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}
