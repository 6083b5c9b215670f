// cxkit for Node.js — ESM entry: the same objects as the CommonJS entry
// (`index.js`), so `instanceof CxkitError` holds whichever way it was imported.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const cxkit = require('./index.js')

export const {
  CallCenter,
  CallRules,
  Config,
  Escalation,
  Feed,
  Monitor,
  ServiceCalendar,
  SmsTriggers,
  Templates,
  Tickets,
  Trend,
  isCxkitError,
  qaExportCsv,
  CxkitError,
  ERROR_CODES,
  version,
} = cxkit
export default cxkit
