import { type DefaultTreeAdapterMap, parse } from 'parse5'
import { describe, expect, it } from 'vitest'
import { createRosterSync } from '../../src/index.js'
import { evolveDistrict, generateDistrict, MemoryRosterStore } from '../../src/testing/index.js'
import { createFakeSource } from './fake-source.js'
import { HOSTILE, secondNight } from './report-scenario.js'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

function isElement(node: Node): node is Element {
  return 'tagName' in node
}

/** Every element of the parsed document, in document order. */
function elements(root: Node): Element[] {
  const out: Element[] = []
  const walk = (node: Node) => {
    if (isElement(node)) out.push(node)
    const children = 'childNodes' in node ? node.childNodes : []
    for (const child of children) walk(child)
    if (isElement(node) && node.tagName === 'template') walk((node as Element & { content: Node }).content)
  }
  walk(root)
  return out
}

function text(node: Node): string {
  if ('value' in node && node.nodeName === '#text') return node.value
  return 'childNodes' in node ? node.childNodes.map(text).join('') : ''
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value
}

/** The report as a browser parses it. */
function dom(html: string) {
  const document = parse(html)
  const all = elements(document)
  // A heading's own words, without the muted detail in its span.
  const own = (el: Element) =>
    el.childNodes
      .filter((c) => !isElement(c))
      .map(text)
      .join('')
      .trim()
  const headings = all.filter((el) => /^h[1-3]$/.test(el.tagName)).map((el) => `${el.tagName}:${own(el)}`)
  return { document, all, headings }
}

describe('the HTML report, parsed', () => {
  it('opens with the decision, then what changes, then the detail', async () => {
    const { preview } = await secondNight()
    const { all, headings } = dom(preview.report.toHtml())

    const h2 = headings.filter((h) => h.startsWith('h2:')).map((h) => h.slice(3))
    expect(headings[0]).toMatch(/^h1:Test sync of /)
    expect(h2).toEqual(['What would change', 'Schools', 'Source issues', 'Validation', 'Pull', 'Policy'])
    const h3 = headings.filter((h) => h.startsWith('h3:')).map((h) => h.slice(3))
    expect(h3.slice(0, 4)).toEqual([
      'To archive: 33 records',
      'To update: 3 records',
      'To create: 57 records',
      'Left alone, by reason',
    ])

    // The decision box sits between the title and the first section.
    const order = all.map((el) => el.tagName)
    const decision = all.find((el) => text(el).startsWith('Test sync: some records wait for a person'))
    expect(decision).toBeDefined()
    expect(all.indexOf(decision as Element)).toBeLessThan(order.indexOf('h2'))
    expect(all.indexOf(decision as Element)).toBeGreaterThan(order.indexOf('h1'))
  })

  it('has well-formed tables: a header row and rows of the same width', async () => {
    const { preview } = await secondNight()
    const { all } = dom(preview.report.toHtml())
    const tables = all.filter((el) => el.tagName === 'table')

    expect(tables.length).toBeGreaterThan(8)
    for (const table of tables) {
      const rows = elements(table).filter((el) => el.tagName === 'tr')
      const widths = rows.map((row) => row.childNodes.filter((c) => isElement(c) && /^t[hd]$/.test(c.tagName)).length)
      expect(new Set(widths).size).toBe(1)
    }
    const archive = tables.find((t) => text(t).startsWith('namerecordroleschoolwhy'))
    const archiveRows = elements(archive as Element).filter((el) => el.tagName === 'tr')
    expect(archiveRows).toHaveLength(1 + 10)
  })

  it('escapes a hostile school name: it is text, never markup', async () => {
    const { preview } = await secondNight()
    const html = preview.report.toHtml()
    const { all, document } = dom(html)

    expect(all.filter((el) => el.tagName === 'script')).toEqual([])
    expect(text(document)).toContain(`Lincoln ${HOSTILE}`)
    const title = all.find((el) => el.tagName === 'title')
    expect(text(title as Element)).toContain(HOSTILE)
  })

  it('uses inline styles only, as mail clients need', async () => {
    const { preview } = await secondNight()
    const { all } = dom(preview.report.toHtml())

    expect(all.filter((el) => ['style', 'link', 'script', 'img', 'iframe'].includes(el.tagName))).toEqual([])
    expect(all.some((el) => attr(el, 'class') !== undefined)).toBe(false)
    expect(
      all.filter((el) => ['h1', 'h2', 'table', 'td', 'th'].includes(el.tagName)).every((el) => attr(el, 'style')),
    ).toBe(true)
  })

  it('opens a held run with why it is held and what releases it', async () => {
    const first = generateDistrict({ students: 80, seed: 51 })
    const { roster: second } = evolveDistrict(first, { withdrawals: 30 })
    const store = new MemoryRosterStore()
    const policy = {
      namespace: 'sis',
      schools: { unmatched: 'create' as const },
      roles: { student: { archive: true } },
    }
    const setup = createRosterSync({ source: createFakeSource({ pull: () => first }), store, policy })
    await setup.approve(await setup.preview())

    const result = await createRosterSync({ source: createFakeSource({ pull: () => second }), store, policy }).run()
    const html = result.report.toHtml()
    // What a reader sees before the first section.
    const before = text(parse(html.slice(0, html.indexOf('<h2'))))

    expect(result.outcome).toBe('held')
    expect(before).toContain('Held for approval')
    expect(before).toContain('30 of 80 student users (37.5%)')
    expect(before).toContain('To release: A person checks the records to archive')
    // Schools are named, never shown by their sourcedId.
    for (const school of first.orgs.filter((o) => o.type === 'school')) {
      if (before.includes(school.sourcedId)) throw new Error(`${school.sourcedId} shown instead of ${school.name}`)
    }
    expect(first.orgs.some((o) => o.type === 'school' && before.includes(`users at ${o.name}`))).toBe(true)
    expect(result.report.data.headline).toContain('held for approval (archives above the 10% threshold)')
  })
})
