#!/usr/bin/env node
// The floor for `apply`'s upload: the least a Node process can do to publish the
// same file with the same chunk layout to the same server. Built-ins only
// (node:http, node:fs), no validation, no state, no retries: refresh a token,
// init, PUT each chunk streamed from disk 1 MiB at a time, fetch the status once.
//
//   node bench/lib/bare-upload.mjs URL FILE CHUNK_PLAN_JSON
//
// Prints {"uploadMs": …} (init's answer to the last chunk's answer).
import { createReadStream } from 'node:fs'
import http from 'node:http'

const [base, file, planJson] = process.argv.slice(2)
const plan = JSON.parse(planJson)
const size = plan.chunks.at(-1).last + 1
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

function call(method, target, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method, headers, agent }, (res) => {
      const parts = []
      res.on('data', (d) => parts.push(d))
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString('utf8') }))
    })
    req.on('error', reject)
    if (body === undefined) req.end()
    else if (typeof body === 'string') req.end(body)
    else body.on('error', reject).pipe(req)
  })
}

const form = new URLSearchParams({ client_key: 'k', client_secret: 's', grant_type: 'refresh_token', refresh_token: 'rt_bare' }).toString()
const tok = JSON.parse((await call('POST', `${base}/v2/oauth/token/`, { 'content-type': 'application/x-www-form-urlencoded' }, form)).text)
const auth = { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' }
const initBody = JSON.stringify({
  post_info: { title: 'bare', privacy_level: 'SELF_ONLY' },
  source_info: { source: 'FILE_UPLOAD', video_size: size, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount }
})
const init = JSON.parse((await call('POST', `${base}/v2/post/publish/video/init/`, auth, initBody)).text)
const t0 = process.hrtime.bigint()
for (const c of plan.chunks) {
  const r = await call(
    'PUT',
    init.data.upload_url,
    { 'content-type': 'video/mp4', 'content-length': String(c.last - c.first + 1), 'content-range': `bytes ${c.first}-${c.last}/${size}` },
    createReadStream(file, { start: c.first, end: c.last, highWaterMark: 1024 * 1024 })
  )
  if (r.status !== 206 && r.status !== 201) throw new Error(`chunk got HTTP ${r.status}`)
}
const uploadMs = Number(process.hrtime.bigint() - t0) / 1e6
const status = JSON.parse((await call('POST', `${base}/v2/post/publish/status/fetch/`, auth, JSON.stringify({ publish_id: init.data.publish_id }))).text)
if (status.data.uploaded_bytes !== size) throw new Error(`the stand-in holds ${status.data.uploaded_bytes} of ${size} bytes`)
agent.destroy()
process.stdout.write(`${JSON.stringify({ uploadMs })}\n`)
