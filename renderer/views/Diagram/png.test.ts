import { describe, expect, it } from 'vitest';
import { crc32, encodePng, pngSize, rgbaToRgb } from './png';

async function* bands(width: number, heights: number[]) {
  let y = 0;
  for (const rows of heights) {
    const rgb = new Uint8Array(rows * width * 3);
    for (let r = 0; r < rows; r++) for (let x = 0; x < width; x++) rgb.set([x & 255, (y + r) & 255, 7], (r * width + x) * 3);
    y += rows;
    yield { rows, rgb };
  }
}

describe('png encoder', () => {
  it('computes the CRC-32 PNG uses', () => {
    // The CRC of "IEND" (an empty IEND chunk ends every PNG with AE 42 60 82).
    expect((crc32(new TextEncoder().encode('IEND')) ^ 0xffffffff) >>> 0).toBe(0xae426082);
  });

  it('writes a PNG whose header and pixels are the bands given, in order', async () => {
    const png = await encodePng(5, 7, bands(5, [3, 4]));
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(pngSize(png)).toEqual({ width: 5, height: 7 });
    const idatLen = new DataView(png.buffer).getUint32(33);
    expect(new TextDecoder().decode(png.subarray(37, 41))).toBe('IDAT');
    const raw = new Uint8Array(await new Response(new Blob([png.subarray(41, 41 + idatLen)]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
    expect(raw.length).toBe(7 * (1 + 5 * 3));
    // Row 5, pixel 2: filter byte, then R = x, G = y, B = 7.
    const at = 5 * 16 + 1 + 2 * 3;
    expect([raw[5 * 16], raw[at], raw[at + 1], raw[at + 2]]).toEqual([0, 2, 5, 7]);
    expect(new TextDecoder().decode(png.subarray(png.length - 8, png.length - 4))).toBe('IEND');
  });

  it('refuses bands that do not add up to the height', async () => {
    await expect(encodePng(2, 5, bands(2, [2]))).rejects.toThrow(/2 rows, not 5/);
  });

  it('stops with the error of a band that throws (a cancelled export), leaving nothing pending', async () => {
    async function* cancelled() {
      yield* bands(4, [2]);
      throw new DOMException('cancelled', 'AbortError');
    }
    await expect(encodePng(4, 6, cancelled())).rejects.toThrow(/cancelled/);
  });

  it('drops the alpha of canvas pixels, keeping R, G, B in order', () => {
    expect([...rgbaToRgb(Uint8ClampedArray.of(1, 2, 3, 255, 250, 251, 252, 0))]).toEqual([1, 2, 3, 250, 251, 252]);
  });
});
