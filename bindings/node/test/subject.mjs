// The package the conformance vectors run against: this checkout's sources
// by default, or — when CXKIT_INSTALLED_PROJECT names a project where cxkit
// was installed from its npm tarballs (scripts/test-node.sh) — the package
// as that project resolves `require('cxkit')`, platform package and all.
import { createRequire } from 'node:module'
import path from 'node:path'

const project = process.env.CXKIT_INSTALLED_PROJECT
const cxkit = project
  ? createRequire(path.join(project, 'package.json'))('cxkit')
  : createRequire(import.meta.url)('../index.js')

/** Where the package was loaded from (a test checks it is the installed one). */
export const loadedFrom = project
  ? createRequire(path.join(project, 'package.json')).resolve('cxkit')
  : createRequire(import.meta.url).resolve('../index.js')

export const {
  CallCenter, CallRules, Config, CxkitError, Escalation, Feed, Monitor, ServiceCalendar, Templates, Tickets,
} = cxkit
export default cxkit
