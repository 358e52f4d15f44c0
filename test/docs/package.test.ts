import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)
const read = (file: string): string => readFileSync(new URL(file, root), 'utf8')
const pkg = JSON.parse(read('package.json')) as {
  license: string
  repository?: { url?: string }
  homepage?: string
  bugs?: { url?: string }
  scripts: Record<string, string>
}

describe('the published package', () => {
  it('builds itself when packed, so npm pack on a fresh clone is complete', () => {
    expect(pkg.scripts.prepack).toBe('npm run build')
    expect(pkg.scripts.build).toBe('tsup')
    // The checks that pack right after a build skip the rebuild, not the build.
    expect(pkg.scripts.test).toMatch(/npm run build && npm run test:dist && npm run test:package/)
  })

  it('says where it comes from and where to report bugs', () => {
    expect(pkg.repository?.url).toBe('git+https://github.com/rosterkit/rosterkit.git')
    expect(pkg.homepage).toBe('https://github.com/rosterkit/rosterkit#readme')
    expect(pkg.bugs?.url).toBe('https://github.com/rosterkit/rosterkit/issues')
  })

  it('ships the MIT licence it declares', () => {
    expect(pkg.license).toBe('MIT')
    const license = read('LICENSE')
    expect(license).toMatch(/^MIT License\n/)
    expect(license).toMatch(/Copyright \(c\) \d{4} rosterkit contributors/)
  })

  it('puts the README and every guide on the API reference', () => {
    const typedoc = JSON.parse(read('typedoc.json')) as { readme?: string; projectDocuments?: string[] }
    expect(typedoc.readme).toBe('README.md')
    expect(typedoc.projectDocuments).toContain('docs/*.md')
    const guides = readdirSync(new URL('docs/', root)).filter((f) => f.endsWith('.md'))
    expect(guides.length).toBeGreaterThan(5)
    // Every guide is reachable from the README, the reference's landing page.
    const readme = read('README.md')
    for (const guide of guides) expect(readme, guide).toContain(`(docs/${guide})`)
  })
})
