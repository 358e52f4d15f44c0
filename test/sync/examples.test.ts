import { describe, expect, it } from 'vitest'
import { main as cleverSecureSync } from '../../examples/clever-secure-sync.js'
import { main as csvUpload } from '../../examples/csv-upload-validation.js'
import { main as nightlySync } from '../../examples/nightly-sync.js'
import { main as settingsPage } from '../../examples/settings-page-test-connection.js'

describe('examples', () => {
  it('nightly incremental sync: a full first night, then an incremental one, each emailed', async () => {
    const { nights, emails } = await nightlySync()
    expect(nights.map((n) => n.outcome)).toEqual(['applied', 'applied'])
    expect(nights[1]?.report.data.mode.kind).toBe('incremental')
    expect(nights[1]?.report.data.plan?.byRole.student.create).toBe(4)
    expect(nights[1]?.report.data.plan?.byRole.contact.create).toBe(0)
    expect(emails).toBe(2)
  })

  it('settings page: the right secret passes, a typo fails with a hint', async () => {
    const { good, typo } = await settingsPage()
    expect(good.ok).toBe(true)
    expect(typo.ok).toBe(false)
    expect(typo.rows.some((r) => r.status === 'fail' && r.hint !== undefined)).toBe(true)
    expect(JSON.stringify(typo)).not.toContain('district-secrte')
  })

  it('CSV upload: previews a good export, quarantines defective records, refuses an export without students', async () => {
    const { good, damaged, refused } = await csvUpload()
    expect(good.accepted).toBe(true)
    expect(good.quarantined).toEqual([])
    expect(good.previewText).toContain('Test sync of district-export.zip')
    expect(damaged.accepted).toBe(true)
    expect(damaged.quarantined).toContain('enrollments/enr-orphan')
    expect(damaged.validationText).toContain('dangling_reference')
    expect(damaged.validationText).toContain('missing_required_identifier')
    expect(refused.accepted).toBe(false)
    expect(refused.validationText).toContain('no_students')
  })

  it('Clever Secure Sync: approve the test sync, then follow the events feed', async () => {
    const { approved, nightly } = await cleverSecureSync()
    expect(approved.outcome).toBe('applied')
    expect(nightly.outcome).toBe('applied')
    expect(nightly.report.data.mode.kind).toBe('incremental')
    expect(nightly.report.data.plan?.byRole.student.create).toBe(1)
    expect(nightly.report.data.plan?.byRole.student.archive).toBe(1)
  })
})
