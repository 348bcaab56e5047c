'use strict';
// Just enough of the zip and class-file formats to answer "does this jar have class C with a
// method m", including methods inherited from superclasses inside the same jar.

const fs = require('node:fs');
const zlib = require('node:zlib');

/** Central directory of a zip: Map(name -> { method, compressedSize, offset }). */
function readEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  // Zip64: jars with more than 65,535 entries (shaded Lambda jars get close).
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (buf.readUInt32LE(locator) === 0x07064b50) {
      const zip64 = Number(buf.readBigUInt64LE(locator + 8));
      count = Number(buf.readBigUInt64LE(zip64 + 32));
      offset = Number(buf.readBigUInt64LE(zip64 + 48));
    }
  }
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = buf.readUInt16LE(offset + 10);
    let compressedSize = buf.readUInt32LE(offset + 20);
    let size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    let localOffset = buf.readUInt32LE(offset + 42);
    const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      let p = offset + 46 + nameLength;
      const end = p + extraLength;
      while (p < end) {
        const id = buf.readUInt16LE(p);
        const size = buf.readUInt16LE(p + 2);
        if (id === 0x0001) {
          let q = p + 4;
          if (size === 0xffffffff) {
            size = Number(buf.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(buf.readBigUInt64LE(q));
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = Number(buf.readBigUInt64LE(q));
        }
        p += 4 + size;
      }
    }
    entries.set(name, { method, compressedSize, size, offset: localOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(buf, entry) {
  const nameLength = buf.readUInt16LE(entry.offset + 26);
  const extraLength = buf.readUInt16LE(entry.offset + 28);
  const start = entry.offset + 30 + nameLength + extraLength;
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return zlib.inflateRawSync(data);
  throw new Error(`unsupported zip compression method ${entry.method}`);
}

/** Super class name and method names of a class file. */
function parseClass(bytes) {
  if (bytes.readUInt32BE(0) !== 0xcafebabe) throw new Error('not a class file');
  const count = bytes.readUInt16BE(8);
  const utf8 = new Map();
  const classes = new Map();
  let p = 10;
  for (let i = 1; i < count; i++) {
    const tag = bytes[p];
    switch (tag) {
      case 1: {
        const len = bytes.readUInt16BE(p + 1);
        utf8.set(i, bytes.toString('utf8', p + 3, p + 3 + len));
        p += 3 + len;
        break;
      }
      case 7:
        classes.set(i, bytes.readUInt16BE(p + 1));
        p += 3;
        break;
      case 8: case 16: case 19: case 20:
        p += 3;
        break;
      case 15:
        p += 4;
        break;
      case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
        p += 5;
        break;
      case 5: case 6:
        p += 9;
        i++; // long and double take two slots
        break;
      default:
        throw new Error(`unknown constant pool tag ${tag}`);
    }
  }
  const superIndex = bytes.readUInt16BE(p + 4);
  p += 6;
  const interfaces = bytes.readUInt16BE(p);
  p += 2 + 2 * interfaces;
  const skipMembers = () => {
    const n = bytes.readUInt16BE(p);
    p += 2;
    const names = [];
    for (let i = 0; i < n; i++) {
      names.push(utf8.get(bytes.readUInt16BE(p + 2)));
      const attributes = bytes.readUInt16BE(p + 6);
      p += 8;
      for (let a = 0; a < attributes; a++) p += 6 + bytes.readUInt32BE(p + 2);
    }
    return names;
  };
  skipMembers(); // fields
  const methods = skipMembers();
  return { superClass: superIndex ? utf8.get(classes.get(superIndex)) : undefined, methods };
}

/**
 * Opens a jar: hasMethod('io.x.Handler', 'handleRequest') -> 'ok' | 'no-class' | 'no-method';
 * size and unzippedSize in bytes (what Lambda's package limits count).
 */
function openJar(file) {
  const buf = fs.readFileSync(file);
  const entries = readEntries(buf);
  let unzippedSize = 0;
  for (const e of entries.values()) unzippedSize += e.size;
  return {
    size: buf.length,
    unzippedSize,
    hasMethod(className, method) {
      let name = className.replace(/\./g, '/');
      let first = true;
      while (name && entries.has(`${name}.class`)) {
        const cls = parseClass(readEntry(buf, entries.get(`${name}.class`)));
        if (cls.methods.includes(method)) return 'ok';
        name = cls.superClass;
        first = false;
      }
      return first ? 'no-class' : 'no-method';
    },
  };
}

module.exports = { openJar };
