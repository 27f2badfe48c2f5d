// Saving exports in the renderer: a Blob behind an <a download> link, and SVG → PNG through a
// canvas (png.ts for pictures taller than one canvas). Nothing leaves the machine; the CSP allows
// blob: and data: images only.
import { currentLang, t } from '../../i18n';
import { toast } from '../../ui/toast';
import { encodePng, rgbaToRgb } from './png';

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
/**
 * Rows drawn, read back and deflated between two breaths of the page: small enough that the view
 * repaints its progress and answers a click (Cancel) every few hundred milliseconds on a busy machine.
 */
const BAND = 1_024;

/** Above this many pixels (about 1.6 GB of RGBA drawn band by band) the PNG drops to 1×. */
const MAX_PIXELS_2X = 400_000_000;

/** How far a PNG is: rows encoded of all; `total` 0 while the picture is encoded in one piece. */
export interface PngProgress {
  done: number;
  total: number;
}

export interface PngOptions {
  onProgress?: (p: PngProgress) => void;
  /** Aborting stops between two bands; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Lets the page render and handle input before the next band. A message, not a timer: timers of a
 * page in the background are slowed to one a second, and the export would crawl.
 */
function breathe(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(undefined);
  });
}

/**
 * The diagram as PNG at its own resolution, twice its size (crisp on HiDPI screens) however long
 * the session: a picture taller than one canvas is drawn in bands, so it is never scaled down. The
 * bands are drawn one task at a time, with progress, so the page stays responsive meanwhile.
 */
export async function svgToPng(svg: string, width: number, height: number, opts: PngOptions = {}): Promise<Blob> {
  const { onProgress, signal } = opts;
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
    signal?.throwIfAborted();
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
      onProgress?.({ done: 0, total: 0 });
      draw(0, H);
      return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(t('diagram.pngNotEncoded')))), 'image/png'));
    }
    // Each band in three tasks (draw and read back, drop alpha, deflate), with a breath between them.
    const step = async () => {
      await breathe();
      signal?.throwIfAborted();
    };
    async function* bands() {
      for (let y = 0; y < H; y += BAND) {
        onProgress?.({ done: y, total: H });
        await step();
        const rows = Math.min(BAND, H - y);
        draw(y, rows);
        const rgba = ctx!.getImageData(0, 0, W, rows).data;
        await step();
        const rgb = rgbaToRgb(rgba);
        await step();
        yield { rows, rgb };
      }
      onProgress?.({ done: H, total: H });
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
