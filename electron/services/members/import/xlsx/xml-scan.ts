/**
 * A streaming scanner for the machine-written XML of an xlsx (worksheets, shared strings): it finds
 * tags and the text between them in decoded chunks and hands them to a handler, nothing more. No
 * DOM, no attribute maps, no event objects: at a million rows a general SAX parser's allocations
 * are most of the cost of reading a sheet. Comments, processing instructions and CDATA are handled;
 * a DOCTYPE is refused (entity definitions have no place in a spreadsheet part).
 */

export interface XmlHandler {
  /** Whether the text between tags is wanted now; text is only sliced out while this is true. */
  readonly wantsText: boolean;
  /** `name` is the local name (any prefix dropped); `tag` is the whole tag text, for attribute lookups. */
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text (entities not decoded); one run of text may come in several pieces. */
  text(raw: string): void;
}

export class XmlSyntaxError extends Error {}

/** Tags longer than this are not spreadsheet XML. */
const MAX_TAG_CHARS = 1024 * 1024;

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const COLON = 0x3a;

/** Index of the '>' that ends the tag starting at `lt`, skipping quoted attribute values; -1 if not in `text` yet. */
function tagEnd(text: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === GT) return i;
    else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) quote = code;
  }
  return -1;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isNameEnd(code: number): boolean {
  return isSpace(code) || code === SLASH || code === GT;
}

/** The local name of the tag text starting at `from` (after '<' or '</'). */
function localName(text: string, from: number, end: number): string {
  let start = from;
  let i = from;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isNameEnd(code)) break;
    if (code === COLON) start = i + 1;
  }
  return text.slice(start, i);
}

export class XmlScanner {
  private carry = '';
  private readonly handler: XmlHandler;

  constructor(handler: XmlHandler) {
    this.handler = handler;
  }

  push(chunk: string): void {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    this.carry = '';
    const handler = this.handler;
    let pos = 0;
    while (pos < text.length) {
      const lt = text.indexOf('<', pos);
      if (lt === -1) {
        if (handler.wantsText) handler.text(text.slice(pos));
        return;
      }
      if (lt > pos && handler.wantsText) handler.text(text.slice(pos, lt));
      const next = this.markup(text, lt);
      if (next === -1) {
        this.carry = text.slice(lt);
        if (this.carry.length > MAX_TAG_CHARS) throw new XmlSyntaxError('a tag longer than 1 MB');
        return;
      }
      pos = next;
    }
  }

  /** Throws when the part ended inside a tag. */
  finish(): void {
    if (this.carry.length > 0) throw new XmlSyntaxError('the part ends inside a tag');
  }

  /** Handles the markup starting at `lt`; returns where the text after it starts, or -1 when it is incomplete. */
  private markup(text: string, lt: number): number {
    const first = text.charCodeAt(lt + 1);
    if (Number.isNaN(first)) return -1;
    if (first === BANG) return this.special(text, lt);
    if (first === QUESTION) {
      const end = text.indexOf('?>', lt + 2);
      return end === -1 ? -1 : end + 2;
    }
    const gt = tagEnd(text, lt);
    if (gt === -1) return -1;
    if (first === SLASH) this.handler.close(localName(text, lt + 2, gt));
    else {
      const selfClosing = text.charCodeAt(gt - 1) === SLASH;
      const name = localName(text, lt + 1, gt);
      this.handler.open(name, text.slice(lt, gt + 1), selfClosing);
      if (selfClosing) this.handler.close(name);
    }
    return gt + 1;
  }

  private special(text: string, lt: number): number {
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      return end === -1 ? -1 : end + 3;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end === -1) return -1;
      // CDATA is literal text: escape what decodeXmlText would otherwise read as an entity.
      if (this.handler.wantsText) this.handler.text(text.slice(lt + 9, end).replace(/&/g, '&amp;'));
      return end + 3;
    }
    if (text.length - lt < 9) return -1;
    throw new XmlSyntaxError('a DOCTYPE or other declaration inside a spreadsheet part');
  }
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes XML entities, then the `_xHHHH_` escapes Office writes for characters XML cannot hold
 * (a carriage return in a cell is `_x000D_`); `_x005F_` escapes a literal underscore.
 */
export function decodeXmlText(raw: string): string {
  const text = raw.includes('&') ? decodeEntities(raw) : raw;
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g, (match, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
      const code = hex !== undefined ? parseInt(hex, 16) : dec !== undefined ? Number(dec) : null;
      if (code === null) return NAMED_ENTITIES[named ?? ''] ?? match;
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

/** The value of attribute `name` in a tag's text, or null. Attribute names here are plain ASCII. */
export function attribute(tag: string, name: string): string | null {
  let from = 0;
  for (;;) {
    const at = tag.indexOf(name, from);
    if (at === -1) return null;
    from = at + name.length;
    if (!isSpace(tag.charCodeAt(at - 1))) continue;
    let i = from;
    while (isSpace(tag.charCodeAt(i))) i++;
    if (tag.charCodeAt(i) !== 0x3d) continue;
    i++;
    while (isSpace(tag.charCodeAt(i))) i++;
    const quote = tag.charCodeAt(i);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return null;
    const end = tag.indexOf(String.fromCharCode(quote), i + 1);
    if (end === -1) return null;
    const value = tag.slice(i + 1, end);
    return value.includes('&') ? decodeEntities(value) : value;
  }
}
