import { Box, Button, Group, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import SignaturePadLib from 'signature_pad';

/**
 * S-15: the seller signs by touch or mouse; the clear button at the top right resets the pad to blank. Used on the
 * clerk's wizard and, larger, on the customer's own screen (V-02).
 */
export function SignaturePad({
  onChange,
  width = 720,
  height = 240,
}: {
  onChange: (pngDataUrl: string | null) => void;
  width?: number;
  height?: number;
}) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePadLib | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const instance = new SignaturePadLib(canvas.current, { backgroundColor: 'rgb(255,255,255)', penColor: 'rgb(0,0,0)' });
    instance.addEventListener('endStroke', () => onChange(instance.isEmpty() ? null : instance.toDataURL('image/png')));
    pad.current = instance;
    return () => instance.off();
  }, [onChange]);
  return (
    <Box pos="relative" maw={width}>
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{t('wizard.signature')}</Text>
        <Button
          size="md"
          variant="default"
          onClick={() => {
            pad.current?.clear();
            onChange(null);
          }}
        >
          {t('wizard.clearSignature')}
        </Button>
      </Group>
      <canvas
        ref={canvas}
        width={width}
        height={height}
        data-testid="signature-pad"
        aria-label={t('wizard.signatureArea')}
        style={{ border: '2px solid #868e96', borderRadius: 8, touchAction: 'none', width, height, background: 'white' }}
      />
    </Box>
  );
}
