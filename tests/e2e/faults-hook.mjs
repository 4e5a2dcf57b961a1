// A failing disk for the e2e server, loaded with `node --import <this file>`: while the marker
// <data dir>/.fail-writes exists, writes under the data folder fail with ENOSPC, as on a full disk.
// Production code carries no backdoor for it: this module swaps node:fs/promises functions in the
// test server's process only (the data folder is the server's own --data-dir argument).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function dataDirArgument(argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir' && argv[i + 1] !== undefined) return argv[i + 1];
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
  }
  throw new Error('faults-hook.mjs: the server was started without --data-dir; the hook only fails writes inside a data folder it is told about');
}

const dataDir = resolve(dataDirArgument(process.argv));
const marker = resolve(dataDir, '.fail-writes');
const promises = fs.promises;
const original = { open: promises.open, writeFile: promises.writeFile, appendFile: promises.appendFile, copyFile: promises.copyFile };

const diskFull = (syscall) => Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC', errno: -28, syscall });

function pathOf(target) {
  if (typeof target === 'string') return resolve(target);
  if (target instanceof URL) return fileURLToPath(target);
  if (Buffer.isBuffer(target)) return resolve(target.toString());
  return undefined; // a file descriptor or a FileHandle: judged by where it was opened
}

/** A path inside the data folder, other than the marker itself. */
function inDataDir(target) {
  const path = pathOf(target);
  return path !== undefined && path !== marker && (path === dataDir || path.startsWith(dataDir + sep));
}
const diskIsFull = () => fs.existsSync(marker);
const refused = (target) => inDataDir(target) && diskIsFull();

const { O_WRONLY, O_RDWR, O_APPEND, O_CREAT, O_TRUNC } = fs.constants;
function writes(flags) {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') return (flags & (O_WRONLY | O_RDWR | O_APPEND | O_CREAT | O_TRUNC)) !== 0;
  return /[wax+]/.test(String(flags));
}

// Handles opened for writing inside the data folder: opening works (it does on a full disk), their
// writes are refused while the marker exists, so the writer's own clean-up path runs too.
const dataHandles = new WeakSet();
promises.open = async function open(path, flags, mode) {
  const handle = await original.open(path, flags, mode);
  if (writes(flags) && inDataDir(path)) dataHandles.add(handle);
  return handle;
};
promises.writeFile = async function writeFile(path, ...rest) {
  if (refused(path)) throw diskFull('write');
  return original.writeFile(path, ...rest);
};
promises.appendFile = async function appendFile(path, ...rest) {
  if (refused(path)) throw diskFull('write');
  return original.appendFile(path, ...rest);
};
promises.copyFile = async function copyFile(source, destination, ...rest) {
  if (refused(destination)) throw diskFull('copyfile');
  return original.copyFile(source, destination, ...rest);
};

// FileHandle is not exported: its prototype is reached through a handle on this very file.
const probe = await original.open(fileURLToPath(import.meta.url), 'r');
const FileHandle = Object.getPrototypeOf(probe);
await probe.close();
for (const name of ['write', 'writev', 'writeFile', 'appendFile', 'truncate']) {
  const method = FileHandle[name];
  FileHandle[name] = async function refusedWhileFull(...args) {
    if (dataHandles.has(this) && diskIsFull()) throw diskFull('write');
    return method.apply(this, args);
  };
}

// The app imports node:fs/promises as ESM named bindings: make them see the replaced functions.
syncBuiltinESMExports();
