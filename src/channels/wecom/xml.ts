/**
 * Safe reading of WeCom's small flat XML documents.
 * No DTDs at all (so no external entities and no billion laughs), no entity expansion beyond the five predefined ones,
 * bounded size and depth, and every value kept as a string (MsgId is a 64-bit integer, beyond 2^53).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class XmlRejected extends Error {
  override readonly name = 'XmlRejected';
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes only the five predefined entities and numeric references: one character each, so nothing can grow. */
function decodePredefinedEntities(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[name] ?? whole;
  });
}

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: 8,
  // CDATA text is taken verbatim; only plain text nodes carry entities.
  cdataPropName: '__cdata',
});

type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };

function flatten(node: XmlNode | XmlNode[] | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return decodePredefinedEntities(node);
  if (Array.isArray(node)) return undefined; // a repeated field is not something WeCom sends
  const cdata = node.__cdata;
  const text = node['#text'];
  if (cdata !== undefined || text !== undefined) {
    const parts = [cdata, text].flat().filter((p): p is string => typeof p === 'string');
    return parts.join('');
  }
  return undefined;
}

/**
 * Parses `<xml><A>..</A><B><![CDATA[..]]></B></xml>` into `{ A: '..', B: '..' }` (string values only).
 * Throws XmlRejected for anything else: DTDs, malformed XML, a different root, or more than `maxBytes`.
 */
export function readFlatXml(xml: string, maxBytes: number): Record<string, string> {
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) throw new XmlRejected('too large');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlRejected('DTDs are not accepted');
  if (XMLValidator.validate(xml) !== true) throw new XmlRejected('not well-formed XML');
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    throw new XmlRejected('not well-formed XML');
  }
  const root = doc.xml;
  if (root === undefined || typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new XmlRejected('root element <xml> missing');
  }
  const fields: Record<string, string> = {};
  for (const [name, node] of Object.entries(root as Record<string, XmlNode | XmlNode[]>)) {
    const value = flatten(node);
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}
