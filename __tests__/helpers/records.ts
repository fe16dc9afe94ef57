import { loadManifest } from '../../src/manifest/index.js'
import { digestFiles } from '../../src/media/index.js'
import { fingerprint, type StateRecord } from '../../src/state/index.js'

/**
 * The record a run wrote when it published a file video: its fingerprint made
 * from the manifest and the video as they are in `dir` now, so a plan over the
 * same files finds the pair done.
 */
export async function publishedFileRecord(o: { manifestPath: string; dir: string; post: string; video: string; extra?: Partial<StateRecord> }): Promise<{ record: StateRecord; digest: string }> {
  const post = (await loadManifest(o.manifestPath)).posts.find((p) => p.id === o.post)!
  const digest = (await digestFiles(o.dir, [o.video])).get(o.video)!
  const record: StateRecord = {
    status: 'published',
    fingerprint: fingerprint(post, post.targets[0]!, digest),
    attempts: 1,
    updated_at: '2026-03-01T10:00:00Z',
    initiated_at: '2026-03-01T10:00:00Z',
    publish_id: 'v_pub_file~v2.1',
    video_id: '7300000000000000001',
    mode: 'direct',
    ...o.extra
  }
  return { record, digest }
}
