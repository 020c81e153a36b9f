/**
 * A small streaming XML tokenizer for coverage reports (Cobertura, Clover).
 *
 * XXE-safe by construction: a DOCTYPE, with its internal subset, is skipped
 * unread, so no external entity or DTD is ever loaded and no entity is expanded
 * beyond the five predefined ones and numeric character references (an unknown
 * `&name;` stays as written, so "billion laughs" costs nothing). It checks what a
 * coverage report needs to be trusted — tags balance, nothing is cut off — and
 * reports the line of the first problem.
 */
export interface XmlHandler {
  open(name: string, attributes: Record<string, string>, line: number): void;
  close(name: string, line: number): void;
  text?(text: string, line: number): void;
}

/** A well-formedness problem at a line of the input. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const START_TAG = /<([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const END_TAG = /<\/([A-Za-z_][\w:.-]*)\s*>/y;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
/** A tag longer than this without its closing `>` is malformed, not merely split across chunks. */
const MAX_TOKEN = 1 << 20;

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decode the predefined entities and character references; anything else stays verbatim. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== "#") return PREDEFINED[name] ?? whole;
    const code = name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (!source) return attributes;
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(source); match; match = ATTRIBUTE.exec(source)) {
    attributes[match[1]!] = decodeEntities(match[2] ?? match[3] ?? "");
  }
  return attributes;
}

export class XmlTokenizer {
  private buffer = "";
  private line = 1;
  private readonly stack: { name: string; line: number }[] = [];
  private sawRoot = false;
  private rootClosed = false;

  constructor(private readonly handler: XmlHandler) {}

  /** Feed the next chunk of text. */
  write(chunk: string): void {
    this.buffer += chunk;
    this.consume(false);
  }

  /** Signal the end of input: anything left open or unfinished is an error. */
  end(): void {
    this.consume(true);
    if (this.buffer.trim()) throw new XmlSyntaxError("unexpected end of file inside a tag", this.line);
    const open = this.stack[this.stack.length - 1];
    if (open) throw new XmlSyntaxError(`unexpected end of file: <${open.name}> opened at line ${open.line} is not closed`, this.line);
    if (!this.sawRoot) throw new XmlSyntaxError("no XML element found", this.line);
  }

  /** Advance the line counter over buffer[from, to). */
  private advance(from: number, to: number): void {
    let index = this.buffer.indexOf("\n", from);
    while (index !== -1 && index < to) {
      this.line++;
      index = this.buffer.indexOf("\n", index + 1);
    }
  }

  private consume(final: boolean): void {
    const buffer = this.buffer;
    let pos = 0;
    while (pos < buffer.length) {
      const lt = buffer.indexOf("<", pos);
      const textEnd = lt === -1 ? buffer.length : lt;
      if (textEnd > pos) {
        if (lt === -1 && !final) break; // the text may continue in the next chunk
        this.onText(buffer.slice(pos, textEnd));
        this.advance(pos, textEnd);
        pos = textEnd;
        if (lt === -1) break;
      }
      const next = this.token(buffer, lt, final);
      if (next === -1) break;
      this.advance(lt, next);
      pos = next;
    }
    this.buffer = buffer.slice(pos);
  }

  /** Handle the markup starting at `at`; return the index after it, or -1 when more input is needed. */
  private token(buffer: string, at: number, final: boolean): number {
    const incomplete = (what: string): number => {
      if (final || buffer.length - at > MAX_TOKEN) throw new XmlSyntaxError(`malformed ${what}`, this.line);
      return -1;
    };
    if (buffer.startsWith("<?", at)) {
      const end = buffer.indexOf("?>", at + 2);
      return end === -1 ? incomplete("processing instruction") : end + 2;
    }
    if (buffer.startsWith("<!--", at)) {
      const end = buffer.indexOf("-->", at + 4);
      return end === -1 ? incomplete("comment") : end + 3;
    }
    if (buffer.startsWith("<![CDATA[", at)) {
      const end = buffer.indexOf("]]>", at + 9);
      if (end === -1) return incomplete("CDATA section");
      this.onText(buffer.slice(at + 9, end), true);
      return end + 3;
    }
    if (buffer.startsWith("<!", at)) {
      if (buffer.length - at < 9 && !final) return -1;
      if (!buffer.startsWith("<!DOCTYPE", at)) throw new XmlSyntaxError("malformed markup declaration", this.line);
      const end = this.endOfDoctype(buffer, at + 9);
      return end === -1 ? incomplete("DOCTYPE") : end;
    }
    if (buffer.startsWith("</", at)) {
      END_TAG.lastIndex = at;
      const match = END_TAG.exec(buffer);
      if (!match) return incomplete("end tag");
      this.onClose(match[1]!);
      return END_TAG.lastIndex;
    }
    START_TAG.lastIndex = at;
    const match = START_TAG.exec(buffer);
    if (!match) {
      if (buffer.length - at > 1 && !/[A-Za-z_]/.test(buffer[at + 1]!)) throw new XmlSyntaxError("malformed tag", this.line);
      return incomplete("tag");
    }
    // Lines inside the tag come before the tag's own events: report the line the tag starts on.
    this.onOpen(match[1]!, parseAttributes(match[2]!), match[3] === "/");
    return START_TAG.lastIndex;
  }

  /** Skip a DOCTYPE and its internal subset, unread. */
  private endOfDoctype(buffer: string, from: number): number {
    let depth = 0;
    let quote = "";
    for (let i = from; i < buffer.length; i++) {
      const char = buffer[i]!;
      if (quote) {
        if (char === quote) quote = "";
      } else if (char === '"' || char === "'") quote = char;
      else if (char === "[") depth++;
      else if (char === "]") depth--;
      else if (char === ">" && depth <= 0) return i + 1;
    }
    return -1;
  }

  private onOpen(name: string, attributes: Record<string, string>, selfClosing: boolean): void {
    if (this.rootClosed) throw new XmlSyntaxError(`<${name}> after the root element was closed`, this.line);
    this.sawRoot = true;
    this.handler.open(name, attributes, this.line);
    if (selfClosing) {
      this.handler.close(name, this.line);
      if (this.stack.length === 0) this.rootClosed = true;
    } else this.stack.push({ name, line: this.line });
  }

  private onClose(name: string): void {
    const open = this.stack.pop();
    if (!open) throw new XmlSyntaxError(`</${name}> without a matching start tag`, this.line);
    if (open.name !== name) throw new XmlSyntaxError(`</${name}> closes <${open.name}> opened at line ${open.line}`, this.line);
    this.handler.close(name, this.line);
    if (this.stack.length === 0) this.rootClosed = true;
  }

  private onText(raw: string, cdata = false): void {
    if (this.stack.length === 0) {
      if (raw.trim()) {
        const before = raw.slice(0, raw.search(/\S/));
        throw new XmlSyntaxError("text outside the root element", this.line + (before.match(/\n/g)?.length ?? 0));
      }
      return;
    }
    this.handler.text?.(cdata ? raw : decodeEntities(raw), this.line);
  }
}
