import { createServer, request, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An HTTP proxy in front of the emulator that can hold a request until the
 * test lets it go. A test that must act "while a request is at TikTok" (break
 * a file, push a commit) then acts on an event, the request's arrival, and
 * not inside a window of injected latency that a loaded machine may overrun.
 */
export interface HoldProxy {
  url: string
  /**
   * Holds the next request of that method whose path starts with `path`:
   * `arrived` resolves once it is here, and it goes on to the emulator only
   * when `release` is called.
   */
  hold(method: string, path: string): { arrived: Promise<void>; release: () => void }
  close(): Promise<void>
}

interface Hold {
  method: string
  path: string
  arrive: () => void
  released: Promise<void>
}

export async function startHoldProxy(target: string): Promise<HoldProxy> {
  const to = new URL(target)
  const holds: Hold[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const at = holds.findIndex((h) => h.method === req.method && (req.url ?? '').startsWith(h.path))
        if (at >= 0) {
          const [h] = holds.splice(at, 1)
          h.arrive()
          await h.released
        }
        const headers: IncomingHttpHeaders = { ...req.headers, host: to.host }
        const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        })
        out.on('error', () => res.destroy())
        out.end(Buffer.concat(chunks))
      })()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold(method, path) {
      let arrive: () => void = () => undefined
      let release: () => void = () => undefined
      const arrived = new Promise<void>((r) => (arrive = r))
      const released = new Promise<void>((r) => (release = r))
      holds.push({ method, path, arrive, released })
      return { arrived, release }
    },
    async close() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    }
  }
}
