// A small cxkit wallboard server on Node's standard library only.
//
//   POST /events                 body: one event object, or an array of events
//   GET  /wallboard?scope=…      scope: `tenant` (default), `skill_group:<id>`
//                                or `org_unit:<id>`
//   GET  /healthz
//
// Run:  node examples/node/server.mjs [port] [config.json|config.toml]
// It listens on 127.0.0.1 only. In an application, import from 'cxkit'
// instead of the relative path this repository example uses.
import http from 'node:http'
import { pathToFileURL } from 'node:url'
import { CallCenter, CxkitError } from '../../bindings/node/index.mjs'

/** The largest request body accepted, in bytes. */
const MAX_BODY = 8 * 1024 * 1024

/** HTTP status for each stable error code. */
const STATUS = {
  INVALID_TRANSITION: 409,
  UNKNOWN_ENTITY: 404,
  PERMISSION_DENIED: 403,
  CONFIG_ERROR: 500,
  VALIDATION_ERROR: 422,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  OUT_OF_ORDER: 409,
  SCORER_ERROR: 500,
  INTERNAL: 500,
}

/** `tenant` | `skill_group:<id>` | `org_unit:<id>` → a Scope object. */
export function parseScope(text) {
  if (!text || text === 'tenant') return { kind: 'tenant' }
  const i = text.indexOf(':')
  const kind = i < 0 ? text : text.slice(0, i)
  const id = i < 0 ? '' : text.slice(i + 1)
  if ((kind === 'skill_group' || kind === 'org_unit') && id) return { kind, id }
  throw new CxkitError('INVALID_INPUT', `scope must be tenant, skill_group:<id> or org_unit:<id>, got \`${text}\``, { field: 'scope' })
}

function send(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (c) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('request body too large'), { httpStatus: 413 }))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** An http.Server over one CallCenter built from `config` (object, path or undefined). */
export function createServer({ config } = {}) {
  const center = new CallCenter(config)
  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost')
      if (req.method === 'POST' && url.pathname === '/events') {
        let body
        try {
          body = JSON.parse(await readBody(req))
        } catch (e) {
          return send(res, e.httpStatus ?? 400, { code: 'INVALID_INPUT', message: e.httpStatus ? e.message : `malformed JSON: ${e.message}`, details: {} })
        }
        // A batch is applied off the event loop (a Promise of the batch result).
        const result = Array.isArray(body) ? await center.applyManyAsync(body) : center.apply(body)
        return send(res, 200, result)
      }
      if (req.method === 'GET' && url.pathname === '/wallboard') {
        return send(res, 200, center.wallboard(parseScope(url.searchParams.get('scope'))))
      }
      if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true })
      return send(res, 404, { code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}`, details: {} })
    } catch (e) {
      if (e instanceof CxkitError) return send(res, STATUS[e.code] ?? 500, e.toJSON())
      return send(res, 500, { code: 'INTERNAL', message: String(e?.message ?? e), details: {} })
    }
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.argv[2] ?? 8080)
  const server = createServer({ config: process.argv[3] })
  server.listen(port, '127.0.0.1', () => {
    const { address, port: bound } = server.address()
    console.log(`cxkit wallboard on http://${address}:${bound} (POST /events, GET /wallboard?scope=tenant)`)
  })
}
