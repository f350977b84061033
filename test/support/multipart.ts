/**
 * A multipart/form-data reader for the fake messenger servers (RFC 7578): enough to take apart what grammY
 * (sendPhoto with an InputFile) and Node's fetch with a FormData (WeCom media/upload) send, and hand the test the
 * uploaded bytes. Header names are read case-insensitively and parameter values with or without quotes, as both
 * clients write them differently.
 */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The boundary of a multipart content type, or undefined when it is not multipart/form-data. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** The parts of a multipart body; throws on a body that is not well formed (no closing delimiter, part without name). */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Seen from a leading CRLF, the first delimiter looks like every other one.
  const text = Buffer.concat([Buffer.from('\r\n'), body]);
  const parts: FormPart[] = [];
  let at = text.indexOf(delimiter);
  if (at < 0) throw new Error('multipart: no boundary in the body');
  for (;;) {
    const start = at + delimiter.length;
    if (text.subarray(start, start + 2).toString() === '--') return parts;
    const next = text.indexOf(delimiter, start);
    if (next < 0) throw new Error('multipart: no closing boundary');
    const part = text.subarray(start + 2, next); // after the CRLF that ends the delimiter line
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new Error('multipart: part without headers');
    const headers = new Map<string, string>();
    for (const line of part.subarray(0, split).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = param(disposition, 'name');
    if (name === undefined) throw new Error('multipart: part without a name');
    const filename = param(disposition, 'filename');
    const contentType = headers.get('content-type');
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(contentType ? { contentType } : {}),
      data: part.subarray(split + 4),
    });
    at = next;
  }
}

function param(header: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${name}=(?:"([^"]*)"|([^;]*))`, 'i').exec(header);
  return m ? (m[1] ?? m[2]?.trim()) : undefined;
}
