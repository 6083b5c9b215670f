'use strict'
// With no addon to load, `require('cxkit')` says which platform this is,
// which file or package it looked for and how to get or build one — not the
// generated loader's "npm has a bug" guess. The package files are copied to a
// directory with no addon and no node_modules.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const PKG = path.resolve(__dirname, '..')

/** The message of the error `require(dir)` throws in a fresh process; the loader's own error must stay as its cause. */
function requireIn(dir) {
  const script = `try { require(${JSON.stringify(dir)}) } catch (e) {
    process.stdout.write(JSON.stringify({ message: e.message, cause: e.cause && e.cause.message })); process.exit(1) }`
  try {
    execFileSync(process.execPath, ['-e', script], { cwd: dir, env: { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: '' }, stdio: 'pipe' })
  } catch (err) {
    const { message, cause } = JSON.parse(String(err.stdout))
    assert.match(cause, /Cannot find native binding/, 'the generated loader\'s error is the cause')
    return message
  }
  assert.fail('require succeeded without an addon')
}

function copyPackage(edit) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxkit-noaddon-'))
  for (const f of ['index.js', 'binding.js']) fs.copyFileSync(path.join(PKG, f), path.join(dir, f))
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'))
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(edit(pkg)))
  return dir
}

const platform = `${process.platform}-${process.arch}` + (process.platform === 'linux' ? (process.report.getReport().header.glibcVersionRuntime ? '-gnu' : '-musl') : process.platform === 'win32' ? '-msvc' : '')

test('installed package, platform declared: names the platform, the optional package and the fixes', () => {
  const dir = copyPackage((pkg) => ({ ...pkg, optionalDependencies: { [`cxkit-${platform}`]: pkg.version, 'cxkit-other-os': pkg.version } }))
  try {
    const msg = requireIn(dir)
    assert.match(msg, new RegExp(`no native addon for this platform \\(${platform}, Node ${process.version}\\)`))
    assert.match(msg, new RegExp(`package cxkit-${platform}\\b`))
    assert.match(msg, /optional dependency of cxkit/)
    assert.match(msg, /--omit=optional/)
    assert.match(msg, /scripts\/package-node\.sh/)
    assert.doesNotMatch(msg, /npm has a bug/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('installed package, platform not declared: lists the declared ones and says how to build', () => {
  const dir = copyPackage((pkg) => ({ ...pkg, optionalDependencies: { 'cxkit-plan9-mips': pkg.version } }))
  try {
    const msg = requireIn(dir)
    assert.match(msg, new RegExp(`No prebuilt package is declared for ${platform} \\(declared: plan9-mips\\)`))
    assert.match(msg, /scripts\/package-node\.sh/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('a checkout without a built addon: says how to build it in place', () => {
  const dir = copyPackage((pkg) => pkg)
  try {
    const msg = requireIn(dir)
    assert.match(msg, new RegExp(`expected cxkit\\.${platform}\\.node`))
    assert.match(msg, /npx napi build --platform --release/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
