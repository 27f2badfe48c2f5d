// Groups for the on-screen diagram and the exports, read from the exchange list and the log
// buffer. Groups are built when drawn and cached per exchange object (an update replaces the
// object, so the cache never goes stale).
import type { Exchange } from '../../../shared/model';
import type { LogBuffer } from '../log/buffer';
import type { ExchangeList } from './exchanges';
import { layoutExchange, METRICS, type DiagramGroup, type EntryView } from './layout';

export class DiagramModel {
  private readonly cache = new WeakMap<Exchange, DiagramGroup>();

  constructor(
    private readonly list: ExchangeList,
    private readonly buf: LogBuffer,
  ) {}

  private entry = (i: number): EntryView | undefined =>
    i < this.buf.length ? { text: this.buf.text(i), kind: this.buf.kind(i), dir: this.buf.dir(i), mono: this.buf.mono(i) } : undefined;

  private t0(): number {
    return this.buf.length > 0 ? this.buf.mono(0) : (this.list.at(0)?.startedMono ?? 0);
  }

  group(x: Exchange): DiagramGroup {
    const hit = this.cache.get(x);
    if (hit) return hit;
    const g = layoutExchange(x, this.entry, this.t0());
    // Rows not received yet would be missing arrows: cache only complete groups.
    if (x.entries.every((i) => i < this.buf.length)) this.cache.set(x, g);
    return g;
  }

  groupAt(pos: number): DiagramGroup | undefined {
    const x = this.list.at(pos);
    return x ? this.group(x) : undefined;
  }

  /** Height of an exchange's group without laying it out (for the virtualiser). */
  heightAt(pos: number): number {
    const x = this.list.at(pos);
    if (!x) return METRICS.header;
    const hit = this.cache.get(x);
    if (hit) return hit.height;
    let lines = 0;
    for (const i of x.entries) if (i >= this.buf.length || this.buf.kind(i) !== 'echo') lines++;
    const failed = x.outcome !== 'ok' && x.outcome !== 'pending';
    return METRICS.header + (lines + x.implied.length) * METRICS.arrow + (failed ? METRICS.note : 0) + METRICS.pad;
  }

  /** Groups of the chosen exchanges (all when none are chosen), in session order. */
  groups(ids?: readonly number[]): DiagramGroup[] {
    if (!ids || ids.length === 0) return this.list.all().map((x) => this.group(x));
    return [...ids]
      .sort((a, b) => a - b)
      .map((id) => this.list.byId(id))
      .filter((x): x is Exchange => x !== undefined)
      .map((x) => this.group(x));
  }
}
