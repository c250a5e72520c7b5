// workbook writes a small XLSX workbook for the browser tests: the parts
// Excel itself needs and nothing else, each stored uncompressed in the zip.
// sheets maps a sheet's name to its rows, each an array of cells (strings,
// written as inline text, numbers, or {raw: text} written into the XML as it
// is, to damage a sheet); the sheets keep their order.
const xmlText = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const column = (i) => (i < 26 ? String.fromCharCode(65 + i) : column(Math.floor(i / 26) - 1) + column(i % 26));

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function sheetXML(rows) {
  const body = rows.map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => {
    const ref = `${column(c)}${r + 1}`;
    if (v === '' || v === null || v === undefined) return '';
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${v.raw ?? xmlText(v)}</t></is></c>`;
  }).join('')}</row>`).join('');
  return `${head}<worksheet xmlns="${main}"><sheetData>${body}</sheetData></worksheet>`;
}

export function workbook(sheets) {
  const names = Object.keys(sheets);
  const parts = [
    ['[Content_Types].xml', `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
      + '</Types>'],
    ['_rels/.rels', `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `${head}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets>`
      + names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
      + '</sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      + '</Relationships>'],
    ...names.map((n, i) => [`xl/worksheets/sheet${i + 1}.xml`, sheetXML(sheets[n])]),
  ];
  return zip(parts.map(([name, text]) => [name, Buffer.from(text, 'utf8')]));
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// zip stores each [name, bytes] entry uncompressed, dated 2026-01-01.
function zip(entries) {
  const local = [];
  const central = [];
  let at = 0;
  const date = ((2026 - 1980) << 9) | (1 << 5) | 1;
  for (const [name, data] of entries) {
    const n = Buffer.from(name, 'utf8');
    // header is a local (30 bytes) or central (46) header: its signature,
    // then from offset from what both have, in the same order.
    const header = (sig, size, from) => {
      const b = Buffer.alloc(size);
      b.writeUInt32LE(sig, 0);
      b.writeUInt16LE(20, from - 2); // version needed
      b.writeUInt16LE(0x0800, from); // names in UTF-8; stored, at midnight
      b.writeUInt16LE(date, from + 6);
      b.writeUInt32LE(crc32(data), from + 8);
      b.writeUInt32LE(data.length, from + 12);
      b.writeUInt32LE(data.length, from + 16);
      b.writeUInt16LE(n.length, from + 20);
      return b;
    };
    const lh = header(0x04034b50, 30, 6);
    local.push(lh, n, data);
    const ch = header(0x02014b50, 46, 8);
    ch.writeUInt16LE(20, 4); // made by
    ch.writeUInt32LE(at, 42);
    central.push(ch, n);
    at += lh.length + n.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(at, 16);
  return Buffer.concat([...local, dir, end]);
}
