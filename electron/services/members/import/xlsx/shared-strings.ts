/**
 * The shared strings part (xl/sharedStrings.xml): every string the sheets point at by index. An item
 * is plain text (<si><t>..</t></si>) or rich text runs (<si><r><t>..</t></r>...</si>), whose texts are
 * joined; the phonetic guide a Japanese or Chinese IME leaves (<rPh><t>..</t></rPh>) is not the text.
 */
import { decodeXmlText, XmlScanner, type XmlHandler } from './xml-scan.ts';

class SharedStringsHandler implements XmlHandler {
  readonly strings: string[] = [];
  wantsText = false;
  private parts: string[] = [];
  private phoneticDepth = 0;

  open(name: string): void {
    if (name === 'si') this.parts = [];
    else if (name === 'rPh') this.phoneticDepth++;
    else if (name === 't' && this.phoneticDepth === 0) this.wantsText = true;
  }

  close(name: string): void {
    if (name === 't') this.wantsText = false;
    else if (name === 'rPh') this.phoneticDepth--;
    else if (name === 'si') this.strings.push(decodeXmlText(this.parts.length === 1 ? (this.parts[0] ?? '') : this.parts.join('')));
  }

  text(raw: string): void {
    this.parts.push(raw);
  }
}

export async function readSharedStrings(text: AsyncIterable<string>): Promise<string[]> {
  const handler = new SharedStringsHandler();
  const scanner = new XmlScanner(handler);
  for await (const chunk of text) scanner.push(chunk);
  scanner.finish();
  return handler.strings;
}
