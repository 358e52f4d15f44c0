import { describe, expect, it } from 'vitest'
import { BareQuoteScanner } from '../../src/providers/csv/find-bare-quotes.js'

const TEXT = ['a,b,c', '"x\r\ny",ok,"q""q"', 'Giv"en,z,"w"', '"",a"b"c,', 'end,"tail"""'].join('\r\n')

function scan(chunks: Array<string | Uint8Array>, bareCr = false): number[] {
  const s = new BareQuoteScanner(bareCr)
  for (const c of chunks) s.scan(c)
  return s.lines
}

describe('BareQuoteScanner', () => {
  it('finds the lines holding a quote inside an unquoted field, and nothing in quoted fields', () => {
    expect(scan([TEXT])).toEqual([4, 5])
  })

  it('gives the same lines however the bytes are split into chunks', () => {
    const bytes = new TextEncoder().encode(TEXT)
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(scan([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([4, 5])
      expect(scan([TEXT.slice(0, cut), TEXT.slice(cut)])).toEqual([4, 5])
    }
  })

  it('skips a byte order mark and counts bare CR line endings', () => {
    expect(scan(['\ufeff"a",b\rc"d,e'], true)).toEqual([2])
    expect(scan([new Uint8Array([0xef, 0xbb, 0xbf, 34, 97, 34, 10])])).toEqual([])
  })
})
