import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { isCsvFormatError, isZipUnsafeError } from '../../src/errors.js'
import { readOneRosterCsv, validateOneRosterCsv } from '../../src/providers/csv/index.js'

const manifest = 'propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\nfile.orgs,bulk\r\n'
const orgs =
  'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\no1,active,,District,district,,\r\n'

describe('zip safety', () => {
  it('refuses a zip bomb (a highly compressed entry) with ZipUnsafeError', async () => {
    const bomb = zipSync(
      { 'manifest.csv': strToU8(manifest), 'orgs.csv': new Uint8Array(8 * 1024 * 1024) },
      { level: 1 },
    )
    const err = await readOneRosterCsv(bomb).catch((e: unknown) => e)
    expect(isZipUnsafeError(err)).toBe(true)
    expect((err as Error).message).toMatch(/zip bomb/)
  })

  it('refuses a bundle whose entries inflate past the total size limit', async () => {
    const big = zipSync({ 'manifest.csv': strToU8(manifest), 'orgs.csv': strToU8(orgs.repeat(2000)) }, { level: 0 })
    const err = await readOneRosterCsv(big, { limits: { maxTotalBytes: 10_000 } }).catch((e: unknown) => e)
    expect(isZipUnsafeError(err)).toBe(true)
  })

  it('refuses too many entries', async () => {
    const files: Record<string, Uint8Array> = { 'manifest.csv': strToU8(manifest) }
    for (let i = 0; i < 12; i++) files[`extra-${i}.txt`] = strToU8('x')
    const err = await readOneRosterCsv(zipSync(files), { limits: { maxEntries: 10 } }).catch((e: unknown) => e)
    expect(isZipUnsafeError(err)).toBe(true)
  })

  it.each(['../orgs.csv', '/etc/orgs.csv', 'a/../../orgs.csv', 'C:/orgs.csv', '..\\orgs.csv'])(
    'refuses the traversal entry %s',
    async (name) => {
      const zip = zipSync({ 'manifest.csv': strToU8(manifest), [name]: strToU8(orgs) })
      const err = await readOneRosterCsv(zip).catch((e: unknown) => e)
      expect(isZipUnsafeError(err)).toBe(true)
      const result = await validateOneRosterCsv(zip)
      expect(result.issues[0]).toMatchObject({ code: 'bundle_unsafe', severity: 'error' })
    },
  )

  it('tolerates a nested top folder and reports it', async () => {
    const zip = zipSync({ 'export-2024/manifest.csv': strToU8(manifest), 'export-2024/orgs.csv': strToU8(orgs) })
    const { roster, issues } = await readOneRosterCsv(zip)
    expect(roster.orgs.map((o) => o.sourcedId)).toEqual(['o1'])
    expect(issues.find((i) => i.code === 'file_nested_folder')).toBeDefined()
  })

  it('reads a zip given as a web stream in small chunks and as a Blob', async () => {
    const zip = zipSync({ 'manifest.csv': strToU8(manifest), 'orgs.csv': strToU8(orgs) })
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let o = 0; o < zip.length; o += 7) controller.enqueue(zip.slice(o, o + 7))
        controller.close()
      },
    })
    expect((await readOneRosterCsv(stream)).roster.orgs).toHaveLength(1)
    expect((await readOneRosterCsv(new Blob([zip as Uint8Array<ArrayBuffer>]))).roster.orgs).toHaveLength(1)
  })

  it('refuses bytes that are not a zip with CsvFormatError', async () => {
    const err = await readOneRosterCsv(strToU8('sourcedId,name\r\n')).catch((e: unknown) => e)
    expect(isCsvFormatError(err)).toBe(true)
    expect(isZipUnsafeError(err)).toBe(false)
  })
})
