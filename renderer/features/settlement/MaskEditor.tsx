import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { type PointerEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A black-out rectangle in the captured image's own pixels. */
interface MaskRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Drags shorter than this (image pixels) are taps, not rectangles. */
const MIN_SIDE = 6;
/** The editor's width on screen; the image keeps its own resolution underneath. */
const DISPLAY_WIDTH = 640;

function normalised(a: { x: number; y: number }, b: { x: number; y: number }): MaskRect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

function paint(context: CanvasRenderingContext2D, image: CanvasImageSource, rects: readonly MaskRect[]): void {
  context.drawImage(image, 0, 0);
  context.fillStyle = '#000';
  for (const rect of rects) context.fillRect(rect.x, rect.y, rect.width, rect.height);
}

/**
 * I-01: after the camera captures the ID, staff black out what must not be kept — a health-insurance card's 記号・番号,
 * anything else the customer asks — by dragging rectangles with a finger or the mouse (undo, clear). Only the masked
 * image leaves this component: the captured frame stays in this page's memory, is drawn into a canvas here and is
 * dropped with the component; it is never staged, sent or written.
 */
export function MaskEditor({
  source,
  required,
  onUse,
  onRetake,
}: {
  /** The captured frame (a data URL made in this page; never sent anywhere). */
  source: string;
  /** The document type needs masking: "use" waits for at least one rectangle. */
  required: boolean;
  onUse: (masked: { dataUrl: string; masks: number }) => void;
  onRetake: () => void;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [rects, setRects] = useState<MaskRect[]>([]);
  const [drag, setDrag] = useState<{ from: { x: number; y: number }; to: { x: number; y: number } } | null>(null);

  useEffect(() => {
    const img = new Image();
    let live = true;
    img.onload = () => {
      if (live) setImage(img);
    };
    img.src = source;
    return () => {
      live = false;
    };
  }, [source]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !image) return;
    paint(context, image, drag ? [...rects, normalised(drag.from, drag.to)] : rects);
  }, [image, rects, drag]);

  /** A pointer position in the image's pixels (the canvas is shown scaled). */
  const toImage = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const scale = event.currentTarget.width / box.width;
    const clamp = (value: number, max: number) => Math.max(0, Math.min(max, value));
    return {
      x: Math.round(clamp((event.clientX - box.left) * scale, event.currentTarget.width)),
      y: Math.round(clamp((event.clientY - box.top) * scale, event.currentTarget.height)),
    };
  };

  const finish = () => {
    if (!drag) return;
    const rect = normalised(drag.from, drag.to);
    if (rect.width >= MIN_SIDE && rect.height >= MIN_SIDE) setRects([...rects, rect]);
    setDrag(null);
  };

  const use = () => {
    if (!image) return;
    const out = document.createElement('canvas');
    out.width = image.naturalWidth;
    out.height = image.naturalHeight;
    const context = out.getContext('2d');
    if (!context) return;
    paint(context, image, rects);
    onUse({ dataUrl: out.toDataURL('image/jpeg', 0.9), masks: rects.length });
  };

  return (
    <Stack data-testid="mask-editor">
      <Text fw={600}>{t('identity.mask.title')}</Text>
      <Text size="sm">{t('identity.mask.help')}</Text>
      <canvas
        ref={canvas}
        width={image?.naturalWidth ?? DISPLAY_WIDTH}
        height={image?.naturalHeight ?? (DISPLAY_WIDTH * 3) / 4}
        aria-label={t('identity.mask.canvas')}
        role="img"
        data-testid="mask-canvas"
        style={{ width: DISPLAY_WIDTH, maxWidth: '100%', touchAction: 'none', cursor: 'crosshair', borderRadius: 8, background: '#000' }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          const at = toImage(event);
          setDrag({ from: at, to: at });
        }}
        onPointerMove={(event) => {
          if (drag) setDrag({ from: drag.from, to: toImage(event) });
        }}
        onPointerUp={finish}
        onPointerCancel={() => setDrag(null)}
      />
      <Text size="sm" data-testid="mask-count">
        {t('identity.mask.count', { count: rects.length })}
      </Text>
      {required && rects.length === 0 && (
        <Alert color="orange" data-testid="mask-required">
          {t('identity.mask.required')}
        </Alert>
      )}
      <Group>
        <Button variant="default" disabled={rects.length === 0} onClick={() => setRects(rects.slice(0, -1))}>
          {t('identity.mask.undo')}
        </Button>
        <Button variant="default" disabled={rects.length === 0} onClick={() => setRects([])}>
          {t('identity.mask.clear')}
        </Button>
        <Button disabled={!image || (required && rects.length === 0)} onClick={use}>
          {t('identity.mask.use')}
        </Button>
        <Button variant="subtle" onClick={onRetake}>
          {t('identity.mask.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
