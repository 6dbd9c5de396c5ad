import type Sqlite from 'better-sqlite3';

/**
 * A set of 32-bit hashes of identifying keys (phone, WeChat ID, e-mail). The import asks it first:
 * a key whose hash is absent cannot match anyone, so the index lookup is skipped. A hit only means
 * "maybe" and the database is asked. About 8 bytes per key, so a million-row import stays small.
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

/** Above this many members, loading every key costs more than asking the indexes row by row. */
const LOAD_LIMIT = 300_000;

/** The key hashes of the whole workspace, or null when it is too big to be worth loading. */
export function loadKeyHashes(sqlite: Sqlite.Database): KeyHashSet | null {
  const count = (sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  if (count > LOAD_LIMIT) return null;
  const set = new KeyHashSet(Math.max(1 << 16, count * 2));
  const rows = sqlite.prepare('SELECT phone, wechat_key, email_key FROM members').raw().iterate() as IterableIterator<[string | null, string | null, string | null]>;
  for (const [phone, wechat, email] of rows) {
    if (phone !== null) set.add(keyHash('p', phone));
    if (wechat !== null) set.add(keyHash('w', wechat));
    if (email !== null) set.add(keyHash('e', email));
  }
  return set;
}
