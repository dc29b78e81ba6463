import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, transportFor } from '../../renderer/api.ts';
import { BridgeMissing } from '../../renderer/app/BridgeMissing.tsx';
import { initI18n } from '../../renderer/i18n/index.ts';

const ELECTRON_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) kaitori-kiosk/0.1.0 Chrome/146.0.0.0 Electron/41.7.1 Safari/537.36';
const CHROMIUM_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

describe('D-01 the renderer never falls back to HTTP inside Electron', () => {
  it.each([
    [{ protocol: 'app:', userAgent: ELECTRON_UA, hasKiosk: true }, 'preload'],
    [{ protocol: 'app:', userAgent: ELECTRON_UA, hasKiosk: false }, 'bridge-missing'],
    // The electron-vite dev server is http: but still Electron: no silent fallback there either.
    [{ protocol: 'http:', userAgent: ELECTRON_UA, hasKiosk: false }, 'bridge-missing'],
    [{ protocol: 'app:', userAgent: CHROMIUM_UA, hasKiosk: false }, 'bridge-missing'],
    [{ protocol: 'http:', userAgent: CHROMIUM_UA, hasKiosk: false }, 'host'],
  ] as const)('%j → %s', (page, expected) => {
    expect(transportFor(page)).toBe(expected);
  });

  afterEach(() => vi.restoreAllMocks());

  it('a call in Electron without window.kiosk answers BRIDGE_MISSING and never fetches', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(ELECTRON_UA);
    await expect(call('app:info', {})).resolves.toEqual({ ok: false, error: { code: 'BRIDGE_MISSING', message: 'errors.BRIDGE_MISSING' } });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it.each([
    ['ja', 'アプリを起動できません', '同じバージョンのインストーラー'],
    ['en', 'The app cannot start', 'Reinstall the app'],
  ] as const)('the fatal screen explains it in %s and tells IT what to do and where the log is', async (language, title, action) => {
    const i18n = initI18n(language);
    await i18n.changeLanguage(language);
    render(
      <MantineProvider>
        <BridgeMissing />
      </MantineProvider>,
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(title);
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(document.body.textContent).toContain(action);
    expect(document.body.textContent).toContain('logs/kiosk.log');
  });
});
