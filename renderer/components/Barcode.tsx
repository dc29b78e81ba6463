import { toSVG } from 'bwip-js/browser';
import { useMemo } from 'react';

/** A CODE128 barcode of a reception number or stock code, drawn by bwip-js so a scanner reads it from the screen. */
export function Barcode({ value, label, height = 12 }: { value: string; label: string; height?: number }) {
  const src = useMemo(() => {
    const svg = toSVG({ bcid: 'code128', text: value, height, includetext: true, textxalign: 'center', scale: 3 });
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }, [value, height]);
  return <img src={src} alt={label} data-barcode={value} style={{ maxWidth: '100%', background: 'white', padding: 8 }} />;
}
