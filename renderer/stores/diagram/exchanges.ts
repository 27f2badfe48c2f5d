// Exchanges of the session, outside React state like the log rows: upserted by id, kept in id
// order. The diagram slice keeps only a version number.
import type { Exchange } from '../../../shared/model';

export class ExchangeList {
  private readonly items: Exchange[] = [];
  private readonly pos = new Map<number, number>();
  /** A laptop probe is among the exchanges: the diagram draws its fourth lane. */
  hasLaptop = false;

  /** Replaces exchanges with the same id, adds the others (in id order). */
  upsert(batch: readonly Exchange[]): void {
    let resort = false;
    for (const x of batch) {
      if (x.kind === 'laptop') this.hasLaptop = true;
      const at = this.pos.get(x.id);
      if (at !== undefined) {
        this.items[at] = x;
        continue;
      }
      const last = this.items[this.items.length - 1];
      if (last && last.id > x.id) resort = true;
      this.pos.set(x.id, this.items.length);
      this.items.push(x);
    }
    if (resort) {
      this.items.sort((a, b) => a.id - b.id);
      this.pos.clear();
      this.items.forEach((x, i) => this.pos.set(x.id, i));
    }
  }

  get length(): number {
    return this.items.length;
  }

  at(pos: number): Exchange | undefined {
    return this.items[pos];
  }

  byId(id: number): Exchange | undefined {
    const p = this.pos.get(id);
    return p === undefined ? undefined : this.items[p];
  }

  positionOf(id: number): number | undefined {
    return this.pos.get(id);
  }

  all(): readonly Exchange[] {
    return this.items;
  }

  clear(): void {
    this.items.length = 0;
    this.pos.clear();
    this.hasLaptop = false;
  }
}

export const exchangeList = new ExchangeList();
