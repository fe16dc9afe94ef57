#!/usr/bin/env node
// A TikTok stand-in for the benchmarks: it speaks just enough of the Content
// Posting API for `apply` to run (OAuth refresh, creator_info, video and inbox
// init, chunk PUTs, status fetch) and otherwise only counts bytes. Unlike the
// emulator it neither hashes nor parses what it receives, so a benchmark
// measures the client and not the server. Correctness lives in the emulator and
// the tests; this server trusts every token and every chunk it is sent.
//
//   node bench/lib/standin.mjs [--latency-ms N] [--processing-polls N]
//
// Prints its URL as the first line of stdout and serves until SIGTERM.
// TikTok's per-token limits are enforced (sliding minute windows: init 6,
// status 30, creator_info 20) and every refusal is counted, so a client that
// paces itself badly shows up as 429s in /_standin/stats.
import http from 'node:http'

const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : dflt
}
const LATENCY_MS = opt('--latency-ms', 0)
// status fetches answered PROCESSING_UPLOAD before PUBLISH_COMPLETE, per post
const PROCESSING_POLLS = opt('--processing-polls', 0)
const LIMITS = { init: 6, status: 30, creator_info: 20 }
const WINDOW_MS = 60_000

let url
let nextId = 1
const posts = new Map() // publish_id -> { size, received, polls, initAt, doneAt, chunks }
const windows = new Map() // `${token}:${cls}` -> send times
const stats = { requests: 0, refused429: 0, refreshes: 0, inits: 0, chunks: 0, statuses: 0, creatorInfos: 0, bytes: 0, maxInFlight: 0 }
let inFlight = 0

const sleep = (ms) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve())

function json(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
const ok = (res, data) => json(res, 200, { data, error: { code: 'ok', message: '', log_id: 'standin' } })

async function readBody(req) {
  const parts = []
  for await (const c of req) parts.push(c)
  return Buffer.concat(parts).toString('utf8')
}

/** true when one more request of `cls` fits in the token's window (and records it) */
function admit(req, cls) {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '')
  const key = `${token}:${cls}`
  const now = Date.now()
  const times = (windows.get(key) ?? []).filter((t) => t > now - WINDOW_MS)
  windows.set(key, times)
  if (times.length >= LIMITS[cls]) return false
  times.push(now)
  return true
}

function refuse429(res) {
  stats.refused429++
  json(res, 429, { data: {}, error: { code: 'rate_limit_exceeded', message: 'per-token limit', log_id: 'standin' } })
}

async function chunk(req, res, id) {
  const post = posts.get(id)
  let n = 0
  for await (const c of req) n += c.length
  stats.chunks++
  stats.bytes += n
  if (!post) return json(res, 404, {})
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '')
  if (!m || Number(m[2]) - Number(m[1]) + 1 !== n || Number(m[1]) !== post.received) {
    res.writeHead(416, { 'content-range': post.received ? `bytes 0-${post.received - 1}/${post.size}` : `bytes */${post.size}`, 'content-length': 0 })
    return res.end()
  }
  post.received += n
  post.chunks++
  if (post.received >= post.size) {
    post.doneAt = Date.now()
    res.writeHead(201, { 'content-length': 0 })
  } else {
    res.writeHead(206, { 'content-range': `bytes 0-${post.received - 1}/${post.size}`, 'content-length': 0 })
  }
  res.end()
}

async function api(req, res) {
  const path = req.url.split('?')[0]
  if (req.method === 'PUT' && path.startsWith('/upload/')) return chunk(req, res, path.slice('/upload/'.length))
  const body = await readBody(req)
  await sleep(LATENCY_MS)
  switch (path) {
    case '/v2/oauth/token/': {
      stats.refreshes++
      const form = new URLSearchParams(body)
      const rt = form.get('refresh_token') ?? 'x'
      // rotate as TikTok does; the stand-in accepts any refresh token
      const n = nextId++
      return json(res, 200, {
        access_token: `act.standin.${n}`,
        expires_in: 86400,
        refresh_token: `${rt.split('~')[0]}~${n}`,
        refresh_expires_in: 31536000,
        open_id: `open-${rt.split('~')[0]}`,
        scope: 'user.info.basic,video.publish,video.upload,video.list',
        token_type: 'Bearer'
      })
    }
    case '/v2/post/publish/creator_info/query/':
      stats.creatorInfos++
      if (!admit(req, 'creator_info')) return refuse429(res)
      return ok(res, {
        creator_username: 'standin',
        creator_nickname: 'Stand-in',
        privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
        comment_disabled: false,
        duet_disabled: false,
        stitch_disabled: false,
        max_video_post_duration_sec: 600
      })
    case '/v2/post/publish/video/init/':
    case '/v2/post/publish/inbox/video/init/': {
      stats.inits++
      if (!admit(req, 'init')) return refuse429(res)
      const source = JSON.parse(body).source_info ?? {}
      const id = `v_pub_standin~${nextId++}`
      posts.set(id, { size: source.video_size, chunkSize: source.chunk_size, received: 0, polls: 0, initAt: Date.now(), doneAt: undefined, chunks: 0 })
      return ok(res, { publish_id: id, upload_url: `${url}/upload/${encodeURIComponent(id)}` })
    }
    case '/v2/post/publish/status/fetch/': {
      stats.statuses++
      if (!admit(req, 'status')) return refuse429(res)
      const post = posts.get(JSON.parse(body).publish_id)
      if (!post) return json(res, 400, { data: {}, error: { code: 'invalid_publish_id', message: 'unknown publish_id', log_id: 'standin' } })
      const done = post.received >= post.size && post.polls++ >= PROCESSING_POLLS
      return ok(res, { status: done ? 'PUBLISH_COMPLETE' : 'PROCESSING_UPLOAD', publicaly_available_post_id: [], uploaded_bytes: post.received })
    }
    default:
      return json(res, 404, { data: {}, error: { code: 'not_found', message: `the stand-in does not serve ${path}`, log_id: 'standin' } })
  }
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/_standin/stats') {
    const uploads = [...posts.entries()].map(([id, p]) => ({ id, size: p.size, chunkSize: p.chunkSize, received: p.received, chunks: p.chunks, initAt: p.initAt, doneAt: p.doneAt }))
    return json(res, 200, { ...stats, uploads })
  }
  if (req.url === '/_standin/reset') {
    posts.clear()
    windows.clear()
    for (const k of Object.keys(stats)) stats[k] = 0
    return json(res, 200, {})
  }
  stats.requests++
  stats.maxInFlight = Math.max(stats.maxInFlight, ++inFlight)
  try {
    await api(req, res)
  } catch (e) {
    if (!res.headersSent) json(res, 500, { data: {}, error: { code: 'internal_error', message: String(e.message), log_id: 'standin' } })
  } finally {
    inFlight--
  }
})
server.keepAliveTimeout = 30_000
server.requestTimeout = 0
server.listen(0, '127.0.0.1', () => {
  url = `http://127.0.0.1:${server.address().port}`
  process.stdout.write(`${url}\n`)
})
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
