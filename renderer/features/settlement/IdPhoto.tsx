import { Alert, Button, Group, Image, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MaskEditor } from './MaskEditor.tsx';

/**
 * S-14: only where the device has a camera. With no photo yet, the button starts the camera (live preview, capture
 * a JPEG). A captured photo shows as a thumbnail; clicking it opens the image manager (view large, retake, deselect).
 * I-01: a capture goes through the mask editor first; only the masked image is handed on (onCapture).
 */
export function IdPhoto({
  photo,
  onCapture,
  onDeselect,
  maskingRequired = false,
  masks = null,
}: {
  photo: string | null;
  onCapture: (jpeg: string, masks: number) => void;
  onDeselect: () => void;
  /** I-01: the document type chosen must be masked before its photo is used. */
  maskingRequired?: boolean;
  /** Black-out rectangles of the photo in use; null when not known (taken before masking existed). */
  masks?: number | null;
}) {
  const { t } = useTranslation();
  const [hasCamera, setHasCamera] = useState<boolean | null>(null);
  const [live, setLive] = useState(false);
  const [managing, setManaging] = useState(false);
  /** The captured frame while it is being masked: in this page's memory only. */
  const [captured, setCaptured] = useState<string | null>(null);
  useEffect(() => {
    if (!navigator.mediaDevices?.enumerateDevices) {
      setHasCamera(false);
      return;
    }
    void navigator.mediaDevices.enumerateDevices().then((devices) => setHasCamera(devices.some((d) => d.kind === 'videoinput')));
  }, []);
  // Hold the camera button's place while devices are listed, so the form below does not jump under a finger.
  if (hasCamera === null) return <div style={{ minHeight: 86 }} aria-busy="true" />;
  if (!hasCamera) return <Text c="dimmed">{t('wizard.noCamera')}</Text>;
  return (
    <Stack>
      <Text fw={600}>{t('wizard.idPhoto')}</Text>
      {captured ? (
        <MaskEditor
          source={captured}
          required={maskingRequired}
          onUse={(masked) => {
            setCaptured(null);
            onCapture(masked.dataUrl, masked.masks);
          }}
          onRetake={() => {
            setCaptured(null);
            setLive(true);
          }}
        />
      ) : live ? (
        <Camera
          onCapture={(jpeg) => {
            setCaptured(jpeg);
            setLive(false);
          }}
          onClose={() => setLive(false)}
        />
      ) : photo ? (
        <Stack gap={4}>
          <UnstyledButton onClick={() => setManaging(true)} aria-label={t('wizard.openImageManager')}>
            <Image src={photo} alt={t('wizard.idPhotoThumb')} w={200} radius="sm" data-testid="id-photo-thumb" />
          </UnstyledButton>
          {masks !== null && masks > 0 && (
            <Text size="sm" data-testid="id-photo-masked">
              {t('identity.mask.masked', { count: masks })}
            </Text>
          )}
          {maskingRequired && !masks && (
            <Alert color="orange" data-testid="id-photo-mask-missing">
              {t('identity.mask.required')} {t('identity.mask.redo')}
            </Alert>
          )}
        </Stack>
      ) : (
        <Button variant="light" onClick={() => setLive(true)} w={260}>
          {t('wizard.startCamera')}
        </Button>
      )}
      <Modal opened={managing} onClose={() => setManaging(false)} title={t('wizard.imageManager')} size="xl">
        {photo && <Image src={photo} alt={t('wizard.idPhotoLarge')} />}
        <Group mt="md">
          <Button
            variant="light"
            onClick={() => {
              setManaging(false);
              setLive(true);
            }}
          >
            {t('wizard.retake')}
          </Button>
          <Button
            color="red"
            variant="light"
            onClick={() => {
              onDeselect();
              setManaging(false);
            }}
          >
            {t('wizard.deselect')}
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}

function Camera({ onCapture, onClose }: { onCapture: (jpeg: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    let stream: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({ video: { width: 1280, height: 720 }, audio: false })
      .then((s) => {
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
      })
      .catch(() => setError(true));
    return () => {
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);
  const capture = () => {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    onCapture(canvas.toDataURL('image/jpeg', 0.85));
  };
  if (error) return <Text c="red">{t('wizard.cameraError')}</Text>;
  return (
    <Stack>
      <video ref={video} muted playsInline style={{ width: 480, background: '#000', borderRadius: 8 }} aria-label={t('wizard.cameraPreview')} />
      <Group>
        <Button onClick={capture}>{t('wizard.capture')}</Button>
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
