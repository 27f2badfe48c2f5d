// A small streaming PNG encoder (RGB, 8 bits, no filtering), for pictures taller than one canvas:
// a long session's diagram is drawn in bands and the bands' pixels are deflated as they come, so
// the PNG keeps the diagram's own resolution however long it is. CompressionStream('deflate')
// produces the zlib stream PNG's IDAT wants (the PNG specification's chapter on compression; RFC 1950).

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

let crcTable: Uint32Array | undefined;
/** CRC-32 as PNG uses it (ISO 3309, polynomial 0xEDB88320). */
export function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, (crc32(out.subarray(4, 8 + data.length)) ^ 0xffffffff) >>> 0);
  return out;
}

/** The RGB bytes of RGBA pixels (a canvas's getImageData), alpha dropped: the picture is drawn on white. */
export function rgbaToRgb(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return rgb;
}

/** Width and height from a PNG's IHDR. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Encodes an RGB picture given as bands of raw pixels, top to bottom: each band is `rows` rows of
 * `width * 3` bytes. The bands must add up to `height` rows.
 */
export async function encodePng(width: number, height: number, bands: AsyncIterable<{ rows: number; rgb: Uint8Array }>): Promise<Uint8Array<ArrayBuffer>> {
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method choice, no interlace
  const zs = new CompressionStream('deflate');
  const compressed = new Response(zs.readable).arrayBuffer();
  // A band that throws (the user cancelled) aborts the stream, which rejects this too: not unhandled.
  compressed.catch(() => undefined);
  const writer = zs.writable.getWriter();
  const stride = width * 3;
  let written = 0;
  try {
    for await (const band of bands) {
      // Each scanline starts with its filter type byte (0: none).
      const raw = new Uint8Array(band.rows * (stride + 1));
      for (let r = 0; r < band.rows; r++) raw.set(band.rgb.subarray(r * stride, (r + 1) * stride), r * (stride + 1) + 1);
      await writer.write(raw);
      written += band.rows;
    }
  } catch (err) {
    await writer.abort(err).catch(() => undefined);
    throw err;
  }
  await writer.close();
  if (written !== height) throw new Error(`the picture has ${written} rows, not ${height}`);
  const idat = new Uint8Array(await compressed);
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
