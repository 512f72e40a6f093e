// Which qalint binary this machine runs, and where npm, pnpm or Yarn put it. Shared by the
// `qalint` command (bin/qalint.js), the Nuxt module and scripts/npm-pack.sh, so all three
// agree on the package a platform needs.
"use strict";

const fs = require("fs");
const path = require("path");

/** The C library of this Linux: "musl" or "glibc" (null elsewhere). Read at run time, not
 * install time: a lockfile or a node_modules may hold the packages of both. */
function libc() {
  if (process.platform !== "linux") {
    return null;
  }
  // Fast path, as detect-libc does: the dynamic loader's script names its library.
  try {
    const ldd = fs.readFileSync("/usr/bin/ldd", "latin1");
    if (ldd.includes("musl")) return "musl";
    if (ldd.includes("GNU C Library") || ldd.includes("GLIBC")) return "glibc";
  } catch {
    // No ldd (a distroless image): ask Node, which knows the glibc it runs on.
  }
  const header = process.report && process.report.getReport().header;
  return header && header.glibcVersionRuntime ? "glibc" : "musl";
}

/** The platform packages that can run here, best first. The musl builds are static, so they
 * run on a glibc Linux too: the fallback when only they were installed. */
function candidates(platform = process.platform, arch = process.arch, c = libc()) {
  const key = `${platform}-${arch}`;
  switch (key) {
    case "linux-x64":
    case "linux-arm64":
      return c === "musl"
        ? [`@qalint/cli-${key}-musl`]
        : [`@qalint/cli-${key}`, `@qalint/cli-${key}-musl`];
    case "darwin-x64":
      return ["@qalint/cli-darwin-x64"];
    case "darwin-arm64": // x64 through Rosetta when only that one was installed
      return ["@qalint/cli-darwin-arm64", "@qalint/cli-darwin-x64"];
    case "win32-x64":
    case "win32-arm64": // x64 through Windows' emulation
      return ["@qalint/cli-win32-x64"];
    default:
      return [];
  }
}

function binaryName(platform = process.platform) {
  return platform === "win32" ? "qalint.exe" : "qalint";
}

/** The folder of an installed package, seen from this file (npm's and pnpm's layouts, and
 * Yarn PnP, whose runtime answers require.resolve), or null. */
function packageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [__dirname] }));
  } catch {
    return null;
  }
}

/** The first bytes of an executable of each platform (ELF; Mach-O thin and fat, both byte
 * orders; PE's "MZ"). */
const MAGIC = {
  linux: [[0x7f, 0x45, 0x4c, 0x46]],
  darwin: [
    [0xcf, 0xfa, 0xed, 0xfe],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xfe, 0xed, 0xfa, 0xce],
    [0xca, 0xfe, 0xba, 0xbe],
  ],
  win32: [[0x4d, 0x5a]],
};

/** Throws unless `file` is a regular file that starts as an executable of `platform` does:
 * an empty or truncated download, a folder or a script would otherwise run as something else
 * (`/bin/sh` runs an empty file and exits 0). */
function checkExecutable(file, platform = process.platform, arch = process.arch) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new Error(`${file} does not exist (${error.code})`);
  }
  if (!stat.isFile()) {
    throw new Error(`${file} is not a file`);
  }
  const head = Buffer.alloc(64);
  let read = 0;
  const fd = fs.openSync(file, "r");
  try {
    read = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const magics = MAGIC[platform];
  const magic = !magics || magics.some((m) => read >= m.length && m.every((b, i) => head[i] === b));
  // The magic alone is not enough: a file the system cannot execute directly is run by
  // execvp as a shell script (ENOEXEC), so `\x7fELF` and then a script would be a script.
  if (!magic || (platform === "linux" && !elfFor(head.subarray(0, read), arch))) {
    throw new Error(
      `${file} is not a qalint binary for ${platform}-${arch} (${stat.size === 0 ? "it is empty" : "not an executable of this platform"}): ` +
        "the install is damaged; reinstall qalint",
    );
  }
  return file;
}

/** The ELF machine of each Node architecture qalint is built for, with its class (2: 64-bit). */
const ELF_MACHINES = { x64: 62, arm64: 183 };

/** Whether `head` is the header of an ELF executable this machine runs directly: 64-bit,
 * little-endian, version 1, an executable or a position-independent one, for `arch`. */
function elfFor(head, arch) {
  if (head.length < 20) return false;
  const [cls, data, version] = [head[4], head[5], head[6]];
  const type = head.readUInt16LE(16);
  const machine = head.readUInt16LE(18);
  return cls === 2 && data === 1 && version === 1 && (type === 2 || type === 3) && machine === ELF_MACHINES[arch];
}

/** An Error saying no platform package holds a binary for this machine (code
 * QALINT_NO_PACKAGE: the launcher may fall back to the WebAssembly build then, and only then;
 * a damaged binary or a wrong QALINT_BINARY stops it). */
function noPackage(message) {
  const error = new Error(message);
  error.code = "QALINT_NO_PACKAGE";
  return error;
}

/** The binary to run: QALINT_BINARY when set (resolved once, against the current folder, to
 * an absolute path), else the first platform package installed. Either is checked to be an
 * executable of this platform. Throws an Error whose message says what was looked for and how
 * to get it. */
function findBinary(env = process.env, cwd = process.cwd()) {
  if (env.QALINT_BINARY) {
    const binary = path.resolve(cwd, env.QALINT_BINARY);
    try {
      return checkExecutable(binary);
    } catch (error) {
      throw new Error(`QALINT_BINARY is ${env.QALINT_BINARY}: ${error.message}`);
    }
  }
  const wanted = candidates();
  if (wanted.length === 0) {
    throw noPackage(
      `no prebuilt qalint for ${process.platform}-${process.arch}. Build it from source ` +
        "(cargo install --locked qalint) and set QALINT_BINARY to its path.",
    );
  }
  for (const name of wanted) {
    const dir = packageDir(name);
    const binary = dir && path.join(dir, binaryName());
    if (binary && fs.existsSync(binary)) {
      return checkExecutable(binary);
    }
  }
  throw noPackage(
    `the package ${wanted[0]}, which holds qalint's binary for this machine, is not ` +
      "installed. It is an optional dependency of qalint: it is left out by " +
      "`npm install --omit=optional` (or --no-optional), or when node_modules was installed " +
      `on another system. Reinstall without leaving optional dependencies out, or add it: ` +
      `npm install --save-dev ${wanted[0]}. QALINT_BINARY can name a qalint binary instead.`,
  );
}

module.exports = { libc, candidates, binaryName, packageDir, findBinary, checkExecutable };
