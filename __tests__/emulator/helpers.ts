import { request } from 'undici'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js'

export interface Res {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
}

export async function call(
  emu: Emulator,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  opts: { token?: string; body?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  let body: string | undefined
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(opts.form).toString()
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json; charset=UTF-8'
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
  }
  const res = await request(`${emu.url}${path}`, { method, headers, body })
  const text = await res.body.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.statusCode, headers: res.headers, text, json }
}

export const MB = 1024 * 1024

export function fileUpload(size: number, chunk = size, total = 1): Record<string, unknown> {
  return { source: 'FILE_UPLOAD', video_size: size, chunk_size: chunk, total_chunk_count: total }
}

export function directBody(source: Record<string, unknown>, post: Record<string, unknown> = {}): Record<string, unknown> {
  return { post_info: { title: 'hello #emu', privacy_level: 'PUBLIC_TO_EVERYONE', ...post }, source_info: source }
}

export async function putChunk(
  uploadUrl: string,
  data: Buffer,
  range: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; range: string | undefined; text: string }> {
  const res = await request(uploadUrl, {
    method: 'PUT',
    headers: { 'content-type': 'video/mp4', 'content-range': range, 'content-length': String(data.length), ...headers },
    body: data
  })
  const text = await res.body.text()
  return { status: res.statusCode, range: res.headers['content-range'] as string | undefined, text }
}

/** Starts an emulator whose clock the test owns, and closes it after the file's tests. */
export function useEmulator(options: EmulatorOptions = {}): { emu: () => Emulator; clock: { t: number } } {
  let emu: Emulator | undefined
  const clock = { t: Date.UTC(2026, 11, 1, 12, 0, 0) }
  beforeEach(async () => {
    clock.t = Date.UTC(2026, 11, 1, 12, 0, 0)
    emu = await startEmulator({ now: () => clock.t, ...options })
  })
  afterEach(async () => {
    await emu?.close()
    emu = undefined
  })
  return { emu: () => emu!, clock }
}

/** Direct FILE_UPLOAD init + single-chunk upload of `size` random bytes; returns the publish_id. */
export async function uploadSmallPost(emu: Emulator, token: string, post: Record<string, unknown> = {}, size = 1000): Promise<string> {
  const init = await call(emu, 'POST', '/v2/post/publish/video/init/', { token, body: directBody(fileUpload(size), post) })
  if (init.status !== 200) throw new Error(`init failed: ${init.text}`)
  const put = await putChunk(init.json.data.upload_url, Buffer.alloc(size, 7), `bytes 0-${size - 1}/${size}`)
  if (put.status !== 201) throw new Error(`upload failed: ${put.status} ${put.text}`)
  return init.json.data.publish_id as string
}

export async function pollUntilFinal(emu: Emulator, token: string, publish_id: string, max = 20): Promise<Res[]> {
  const seen: Res[] = []
  for (let i = 0; i < max; i++) {
    const r = await call(emu, 'POST', '/v2/post/publish/status/fetch/', { token, body: { publish_id } })
    seen.push(r)
    if (['PUBLISH_COMPLETE', 'SEND_TO_USER_INBOX', 'FAILED'].includes(r.json?.data?.status)) return seen
    if (r.status !== 200) return seen
  }
  return seen
}

/** A new access token for the account (the old one expires after 2 h of emulator time). */
export async function freshAccessToken(emu: Emulator, open_id: string, client_key = 'emu_client_key', client_secret = 'emu_client_secret'): Promise<string> {
  const r = await call(emu, 'POST', '/v2/oauth/token/', {
    form: { client_key, client_secret, grant_type: 'refresh_token', refresh_token: emu.currentRefreshToken(open_id)! }
  })
  if (r.status !== 200) throw new Error(`refresh failed: ${r.text}`)
  return r.json.access_token as string
}
