/**
 * A minimal PNG decoder for screenshots (8-bit RGB or RGBA, not interlaced):
 * enough to count the pixels that are not background.
 *
 * @module
 */
import { inflateSync } from "node:zlib";

/** A decoded image: `channels` bytes per pixel, rows top to bottom. */
export interface Image {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decode a PNG; throws on anything but 8-bit RGB/RGBA without interlace. */
export function decodePng(png: Uint8Array): Image {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, i) => png[i] === b)) throw new Error("not a PNG");
  let width = 0, height = 0, channels = 0;
  const idat: Uint8Array[] = [];
  for (let off = 8; off < png.length;) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(...png.subarray(off + 4, off + 8));
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(off + 8);
      height = view.getUint32(off + 12);
      const depth = data[8], color = data[9], interlace = data[12];
      if (depth !== 8 || (color !== 2 && color !== 6) || interlace !== 0) {
        throw new Error(
          `unsupported PNG: depth ${depth}, colour type ${color}, interlace ${interlace}`,
        );
      }
      channels = color === 6 ? 4 : 3;
    } else if (type === "IDAT") {
      idat.push(data);
    } else if (type === "IEND") {
      break;
    }
    off += 12 + len;
  }
  const packed = new Uint8Array(idat.reduce((a, d) => a + d.length, 0));
  let at = 0;
  for (const d of idat) packed.set(d, (at += d.length) - d.length);
  const raw = new Uint8Array(inflateSync(packed));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      const v = src[x];
      row[x] = filter === 0
        ? v
        : filter === 1
        ? v + a
        : filter === 2
        ? v + b
        : filter === 3
        ? v + ((a + b) >> 1)
        : v + paeth(a, b, c);
    }
  }
  return { width, height, channels, pixels };
}

/** Share (0–1) of pixels darker than near-white in any colour channel. */
export function inkShare(img: Image): number {
  let ink = 0;
  for (let i = 0; i < img.pixels.length; i += img.channels) {
    if (img.pixels[i] < 230 || img.pixels[i + 1] < 230 || img.pixels[i + 2] < 230) ink++;
  }
  return ink / (img.width * img.height);
}
