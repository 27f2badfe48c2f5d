// Groups for the on-screen diagram, read from the exchange list and the log buffer (secrets
// masked by the shared layout; exports are drawn on the main side from the redacted session). Groups are built when drawn and cached per exchange object (an update replaces the
// object, so the cache never goes stale).
import type { Exchange } from '../../../shared/model';
import type { LogBuffer } from '../log/buffer';
import type { ExchangeList } from './exchanges';
import { layoutExchange, METRICS, type DiagramGroup, type EntryView } from '../../../shared/diagram/layout';
import { diagramWords } from '../../../shared/diagram/words';
import type { Lang } from '../../../shared/i18n';
import { viewLang } from '../../i18n-explain';

export class DiagramModel {
  private cache = new WeakMap<Exchange, DiagramGroup>();
  /** The language the cached groups are worded in (a switch lays them out again). */
  private lang: Lang | undefined;

  constructor(
    private readonly list: ExchangeList,
    private readonly buf: LogBuffer,
  ) {}

  private entry = (i: number): EntryView | undefined => {
    if (i >= this.buf.length) return undefined;
    const secret = this.buf.secret(i);
    return { text: this.buf.text(i), kind: this.buf.kind(i), dir: this.buf.dir(i), mono: this.buf.mono(i), ...(secret ? { secret } : {}) };
  };

  private t0(): number {
    return this.buf.length > 0 ? this.buf.mono(0) : (this.list.at(0)?.startedMono ?? 0);
  }

  group(x: Exchange): DiagramGroup {
    const lang = viewLang();
    if (lang !== this.lang) {
      this.lang = lang;
      this.cache = new WeakMap();
    }
    const hit = this.cache.get(x);
    if (hit) return hit;
    const g = layoutExchange(x, this.entry, this.t0(), 90, diagramWords(lang));
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

}
