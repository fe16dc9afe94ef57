import type { IncomingMessage, ServerResponse } from 'node:http'
import { describeZodError, parseFault } from './config.js'
import type { Core } from './core.js'
import type { FaultBox } from './faults.js'
import { readSmallBody, sendReply } from './http.js'
import type { Emulator, EmulatorAccountSpec, EmulatorApp } from './types.js'

/**
 * `/_emulator/*`: the test and rehearsal controls over HTTP (faults, accounts,
 * apps, the ledger, the posts, the clock), for a caller in another process.
 */
export async function serveAdmin(
  emulator: Emulator,
  parts: { core: Core; faults: FaultBox },
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string
): Promise<void> {
  const json = (status: number, value: unknown): void => sendReply(res, { status, body: JSON.stringify(value), code: 'ok' })
  let body: unknown = {}
  try {
    const raw = await readSmallBody(req)
    body = raw.trim() ? JSON.parse(raw) : {}
  } catch (error) {
    return json(400, { error: `body is not JSON: ${(error as Error).message}` })
  }
  try {
    const route = `${method} ${path.replace(/\/$/, '')}`
    switch (route) {
      case 'POST /_emulator/faults': {
        const list = Array.isArray(body) ? body : [body]
        const parsed = list.map((f) => parseFault(f))
        for (const f of parsed) emulator.inject(f)
        return json(200, { injected: parsed.length })
      }
      case 'GET /_emulator/faults':
        return json(200, { faults: parts.faults.pending() })
      case 'DELETE /_emulator/faults':
        emulator.clearFaults()
        return json(200, { cleared: true })
      case 'POST /_emulator/accounts':
        return json(200, emulator.addAccount(body as EmulatorAccountSpec))
      case 'GET /_emulator/accounts':
        return json(200, {
          accounts: [...parts.core.accounts.values()].map((a) => ({
            open_id: a.open_id,
            username: a.username,
            app: a.app,
            scopes: a.scopes,
            private: a.private,
            refresh_token: a.refresh_token
          }))
        })
      case 'POST /_emulator/apps':
        emulator.addApp(body as EmulatorApp)
        return json(200, { added: (body as EmulatorApp).client_key })
      case 'GET /_emulator/ledger':
        return json(200, { ledger: emulator.ledger })
      case 'GET /_emulator/posts':
        return json(200, { posts: emulator.posts() })
      case 'POST /_emulator/advance': {
        const ms = (body as { ms?: unknown }).ms
        if (typeof ms !== 'number') return json(400, { error: 'body must be {"ms": NUMBER}' })
        emulator.advance(ms)
        return json(200, { now: parts.core.now() })
      }
      default:
        return json(404, { error: `no admin endpoint ${method} ${path}` })
    }
  } catch (error) {
    const message = error instanceof Error && 'issues' in error ? describeZodError(error as never) : (error as Error).message
    return json(400, { error: message })
  }
}
