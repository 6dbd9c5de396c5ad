import type Sqlite from 'better-sqlite3';

/**
 * A set of 32-bit hashes of identifying keys (phone, WeChat ID, e-mail): the preview's count of rows
 * repeating an earlier row's key (a hit is wrong only on a 32-bit collision). About 8 bytes per key.
 */
export class KeyHashSet {
  private slots: Int32Array;
  private size = 0;

  constructor(capacity = 1 << 16) {
    let slots = 1 << 4;
    while (slots < capacity * 2) slots <<= 1;
    this.slots = new Int32Array(slots);
  }

  has(hash: number): boolean {
    const mask = this.slots.length - 1;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const slot = this.slots[index] ?? 0;
      if (slot === 0) return false;
      if (slot === hash) return true;
    }
  }

  add(hash: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const slot = this.slots[index] ?? 0;
      if (slot === hash) return;
      if (slot === 0) {
        this.slots[index] = hash;
        this.size += 1;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.size = 0;
    for (const slot of old) if (slot !== 0) this.add(slot);
  }
}

/** FNV-1a over a kind letter and the key; never 0 (0 marks an empty slot). */
export function keyHash(kind: 'p' | 'w' | 'e', key: string): number {
  let hash = 0x811c9dc5 ^ kind.charCodeAt(0);
  hash = Math.imul(hash, 0x01000193);
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash === 0 ? 1 : hash;
}

/**
 * The import's "could this key belong to anyone already?": a Bloom filter over key hashes, a fixed
 * 8 MB (2^26 bits) with two probes per key. A false "maybe" only costs an index lookup: with the
 * 3 million keys of a million-member import about 0.7% of rows pay one. A KeyHashSet of those keys
 * took 32 MB, and 48 MB while it last grew: the largest single piece of a million-row CSV import's
 * peak memory (limit 400 MB).
 */
export class KeyFilter {
  private readonly words = new Int32Array(FILTER_BITS >>> 5);

  add(hash: number): void {
    this.setBit(hash & FILTER_MASK);
    this.setBit(secondProbe(hash));
  }

  mayHave(hash: number): boolean {
    return this.hasBit(hash & FILTER_MASK) && this.hasBit(secondProbe(hash));
  }

  private setBit(bit: number): void {
    this.words[bit >>> 5] = (this.words[bit >>> 5] ?? 0) | (1 << (bit & 31));
  }

  private hasBit(bit: number): boolean {
    return ((this.words[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }
}

const FILTER_BITS = 1 << 26;
const FILTER_MASK = FILTER_BITS - 1;

/** The second bit: the hash's bits mixed again (Fibonacci hashing), so the two probes are independent. */
function secondProbe(hash: number): number {
  return (Math.imul(hash, 0x9e3779b1) >>> 6) & FILTER_MASK;
}

/** Above this many members, loading every key costs more than asking the indexes row by row. */
const LOAD_LIMIT = 300_000;

/** A filter holding every key of the workspace, or null when it is too big to be worth loading. */
export function loadKeyFilter(sqlite: Sqlite.Database): KeyFilter | null {
  const count = (sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  if (count > LOAD_LIMIT) return null;
  const filter = new KeyFilter();
  const rows = sqlite.prepare('SELECT phone, wechat_key, email_key FROM members').raw().iterate() as IterableIterator<[string | null, string | null, string | null]>;
  for (const [phone, wechat, email] of rows) {
    if (phone !== null) filter.add(keyHash('p', phone));
    if (wechat !== null) filter.add(keyHash('w', wechat));
    if (email !== null) filter.add(keyHash('e', email));
  }
  return filter;
}
