/**
 * A preload (`node --import <this file>`, passed on through NODE_OPTIONS to every Node process the
 * CLI starts) that records, without changing anything, what a hostile contract must never make
 * apilife do: a connection or DNS lookup to a host other than loopback (and any connection to the
 * counting server's port), and a file opened outside the allowed folders. At exit it writes
 * `guard-<pid>.json` into APILIFE_GUARD_DIR, with the process's peak memory (maxRSS).
 *
 * Plain JavaScript, so it loads before anything else under plain Node, as the built CLI runs.
 *
 * APILIFE_GUARD_ALLOW   folders whose files may be opened, separated by the path delimiter (the
 *                       project, the repository with its node_modules)
 * APILIFE_GUARD_DENY    folders inside those that still count as outside (the canary's)
 * APILIFE_GUARD_PORTS   loopback ports that count as outward (the counting server's)
 */
import dns from 'node:dns';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { delimiter, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const reportDir = process.env.APILIFE_GUARD_DIR;
const list = (name) => (process.env[name] ?? '').split(delimiter).filter(Boolean);
const allow = list('APILIFE_GUARD_ALLOW');
const deny = list('APILIFE_GUARD_DENY');
const ports = new Set(list('APILIFE_GUARD_PORTS').map(Number));

/**
 * Files any Node process reads that no contract can steer: the system's time zone, locale, TLS and
 * resolver files, and `/proc` and `/dev` (the runtime's own). A `$ref` to one of them would still
 * show as a read of that path only if the product opened it, which these prefixes do not hide for
 * the files a hostile contract names (`/etc/passwd` is not among them).
 */
const SYSTEM = [
  '/proc/',
  '/sys/',
  '/dev/null',
  '/dev/urandom',
  '/dev/tty',
  '/usr/share/zoneinfo/',
  '/etc/localtime',
  '/etc/ssl/',
  '/etc/resolv.conf',
  '/etc/hosts',
  '/etc/nsswitch.conf',
  '/etc/os-release',
  '/usr/lib/os-release',
];

const inside = (path, folder) => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const reads = new Set();
/** Temporary folders the process made itself (changelog writes the git states it reads into one). */
const own = [];
const network = [];

function pathOf(value) {
  if (typeof value === 'string') return resolve(value);
  if (value instanceof URL) return value.protocol === 'file:' ? fileURLToPath(value) : undefined;
  if (Buffer.isBuffer(value)) return resolve(value.toString());
  return undefined;
}

/** Where a path really is: a symlink inside an allowed folder may point anywhere. */
const realpath = fs.realpathSync.native;
function real(path) {
  try {
    return realpath(path);
  } catch {
    return path;
  }
}

function noteRead(value) {
  const given = pathOf(value);
  if (given === undefined || reportDir === undefined) return;
  const path = real(given);
  if (SYSTEM.some((prefix) => path === prefix || path.startsWith(prefix))) return;
  if (inside(path, reportDir)) return;
  if (own.some((folder) => inside(path, folder))) return;
  const allowed = allow.some((folder) => inside(path, folder)) && !deny.some((folder) => inside(path, folder));
  if (!allowed) reads.add(path);
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.|localhost$)/;
function noteConnect(how, host, port) {
  const name = String(host ?? 'localhost');
  if (!LOOPBACK.test(name) || ports.has(Number(port))) network.push(`${how} ${name}:${port}`);
}

/** Wraps `object[name]` to note its first argument as a read (keeps `this` and every argument). */
function wrapRead(object, name) {
  const original = object[name];
  if (typeof original !== 'function') return;
  object[name] = function guarded(path, ...rest) {
    noteRead(path);
    return original.call(this, path, ...rest);
  };
}

for (const name of ['open', 'openSync', 'readFile', 'readFileSync', 'createReadStream', 'openAsBlob']) wrapRead(fs, name);
for (const name of ['open', 'readFile']) wrapRead(fs.promises, name);

/** Notes the folder a `mkdtemp` made (its answer, or its callback's second argument). */
function trackTemp(object, name) {
  const original = object[name];
  if (typeof original !== 'function') return;
  object[name] = function trackedTemp(prefix, ...rest) {
    const callback = rest.at(-1);
    if (typeof callback === 'function') {
      rest[rest.length - 1] = (error, folder) => {
        if (!error) own.push(real(folder));
        callback(error, folder);
      };
      return original.call(this, prefix, ...rest);
    }
    const answer = original.call(this, prefix, ...rest);
    if (typeof answer === 'string') own.push(real(answer));
    else if (answer && typeof answer.then === 'function')
      answer.then(
        (folder) => own.push(real(folder)),
        () => {},
      );
    return answer;
  };
}
for (const name of ['mkdtemp', 'mkdtempSync']) trackTemp(fs, name);
trackTemp(fs.promises, 'mkdtemp');

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === 'object') {
    // A port means TCP (an HTTP request's options also carry its `path`); a path alone, a Unix socket.
    if (first.port !== undefined) noteConnect('connect', first.host, first.port);
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    noteConnect('connect', typeof args[1] === 'string' ? args[1] : 'localhost', first);
  }
  return connect.apply(this, args);
};

for (const target of [dns, dns.promises]) {
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function guardedLookup(host, ...rest) {
      noteConnect(`dns.${name}`, host, 0);
      return original.call(this, host, ...rest);
    };
  }
}

syncBuiltinESMExports();

process.on('exit', () => {
  if (reportDir === undefined) return;
  const report = { pid: process.pid, argv: process.argv.slice(1), reads: [...reads], network, maxRssKb: process.resourceUsage().maxRSS };
  try {
    fs.writeFileSync(join(reportDir, `guard-${process.pid}.json`), JSON.stringify(report));
  } catch {
    // the case's folder is gone (aborted): nothing to report to
  }
});
