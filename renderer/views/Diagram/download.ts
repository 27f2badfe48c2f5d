// Saving exports in the renderer: a Blob behind an <a download> link, and SVG → PNG through a
// canvas (png.ts for pictures taller than one canvas). Nothing leaves the machine; the CSP allows
// blob: and data: images only.
import { currentLang, t } from '../../i18n';
import { toast } from '../../ui/toast';
import { encodePng } from './png';

const kb = (n: number) => (n < 1024 ? t('diagram.sizeBytes', { n }) : t('diagram.sizeKb', { n: (n / 1024).toLocaleString(currentLang(), { maximumFractionDigits: 1 }) }));

/** Hands the file to the browser's download, and confirms what was saved where in a toast. */
export function downloadBlob(blob: Blob, fileName: string, note?: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  // The page cannot know the final path: the desktop app asks in a save dialog, a browser uses its downloads folder.
  const where = navigator.userAgent.includes('Electron') ? t('diagram.whereDialog') : t('diagram.whereDownloads');
  toast({ title: note ? t('diagram.savedNote', { file: fileName, size: kb(blob.size), note }) : t('diagram.saved', { file: fileName, size: kb(blob.size) }), detail: where });
}

/** Canvas height drawn at once; taller pictures are drawn in bands and encoded by png.ts. */
const MAX_CANVAS = 16_384;
const BAND = 4_096;

/** Above this many pixels (about 1.6 GB of RGBA drawn band by band) the PNG drops to 1×. */
const MAX_PIXELS_2X = 400_000_000;

/**
 * The diagram as PNG at its own resolution, twice its size (crisp on HiDPI screens) however long
 * the session: a picture taller than one canvas is drawn in bands, so it is never scaled down.
 */
export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const scale = width * 2 <= MAX_CANVAS && width * height * 4 <= MAX_PIXELS_2X ? 2 : 1;
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error(t('diagram.svgNotDrawn')));
      img.src = url;
    });
    const W = Math.max(1, Math.round(width * scale));
    const H = Math.max(1, Math.round(height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = W;
    const ctx = canvas.getContext('2d', { willReadFrequently: H > MAX_CANVAS });
    if (!ctx) throw new Error(t('diagram.noCanvas'));
    // One band from source row y (picture pixels) of `rows` rows, on white.
    const draw = (y: number, rows: number) => {
      canvas.height = rows;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, W, rows);
      ctx.drawImage(img, 0, y / scale, width, rows / scale, 0, 0, W, rows);
    };
    if (H <= MAX_CANVAS) {
      draw(0, H);
      return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(t('diagram.pngNotEncoded')))), 'image/png'));
    }
    async function* bands() {
      for (let y = 0; y < H; y += BAND) {
        const rows = Math.min(BAND, H - y);
        draw(y, rows);
        const rgba = ctx!.getImageData(0, 0, W, rows).data;
        const rgb = new Uint8Array(W * rows * 3);
        for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
          rgb[j] = rgba[i]!;
          rgb[j + 1] = rgba[i + 1]!;
          rgb[j + 2] = rgba[i + 2]!;
        }
        yield { rows, rgb };
      }
    }
    const png = await encodePng(W, H, bands());
    return new Blob([png], { type: 'image/png' });
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Width and height written on the root <svg> element. */
export function svgSize(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1];
  const h = /<svg[^>]*\sheight="(\d+)"/.exec(svg)?.[1];
  return { width: Number(w ?? 900), height: Number(h ?? 600) };
}
