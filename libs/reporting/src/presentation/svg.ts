/** Minimal SVG building: every text and attribute value is escaped here, so charts are safe to embed unescaped. */
export function escapeXml(value: unknown): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function el(name: string, attributes: Record<string, string | number | undefined>, children: string[] = []): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return children.length ? `<${name}${attrs}>${children.join('')}</${name}>` : `<${name}${attrs}/>`;
}

export const text = (x: number, y: number, content: string, attributes: Record<string, string | number | undefined> = {}): string =>
  `<text x="${round(x)}" y="${round(y)}" font-family="Arial, sans-serif" font-size="13" fill="#0b0c0c"${Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('')}>${escapeXml(content)}</text>`;

export const round = (n: number): number => Math.round(n * 10) / 10;

/** Greyscale-safe fills: solid black, diagonal hatching, light grey with an outline. */
export const PATTERN_DEFS = `<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#0b0c0c" stroke-width="3"/></pattern></defs>`;
export const FILLS = [
  { fill: '#0b0c0c', stroke: '#0b0c0c', name: 'solid black' },
  { fill: 'url(#hatch)', stroke: '#0b0c0c', name: 'black and white stripes' },
  { fill: '#b1b4b6', stroke: '#0b0c0c', name: 'light grey' },
] as const;

/** An accessible SVG: role img, labelled by its title and described by its summary. */
export function svgDocument(id: string, width: number, height: number, title: string, description: string, body: string[]): string {
  return el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, class: 'report-chart', id },
    [el('title', { id: `${id}-title` }, [escapeXml(title)]), el('desc', { id: `${id}-desc` }, [escapeXml(description)]), PATTERN_DEFS.replace(/id="hatch"/g, `id="${id}-hatch"`), ...body.map((b) => b.replace(/url\(#hatch\)/g, `url(#${id}-hatch)`))],
  );
}
