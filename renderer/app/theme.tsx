// The look shared by the clerk's screen and the customer's screen (renderer/customer/).
import { type CSSVariablesResolver, createTheme, MantineProvider } from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

// B-08: a counter screen is used by touch; controls default to large sizes.
const makeTheme = (closeLabel: string, togglePasswordLabel: string) =>
  createTheme({
    fontFamily: '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic UI", "Meiryo", sans-serif',
    primaryColor: 'indigo',
    // Shade 8 keeps white button text above WCAG AA contrast (shade 6 is 4.4:1).
    primaryShade: 8,
    autoContrast: true,
    luminanceThreshold: 0.4,
    defaultRadius: 'md',
    components: {
      Button: { defaultProps: { size: 'lg' } },
      TextInput: { defaultProps: { size: 'lg' } },
      // Mantine's own label for the eye button is English; every spoken name follows the chosen language.
      PasswordInput: { defaultProps: { size: 'lg', visibilityToggleButtonProps: { 'aria-label': togglePasswordLabel } } },
      NumberInput: { defaultProps: { size: 'lg' } },
      Select: { defaultProps: { size: 'lg' } },
      Textarea: { defaultProps: { size: 'lg' } },
      Checkbox: { defaultProps: { size: 'lg' } },
      // Icon-only close buttons need a spoken name (axe button-name).
      Modal: { defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } },
      Drawer: { defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } },
    },
  });

// Mantine's default dimmed grey fails WCAG AA contrast on white; counter screens are read at arm's length.
const resolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    // Field errors (the message and the field's own text) in Mantine's red-6 are below AA on white as well.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Light-variant buttons, badges and alerts draw coloured text on a pale tint; shade 9 keeps it readable.
    ...Object.fromEntries(
      ['red', 'indigo', 'green', 'orange', 'blue', 'gray', 'teal'].map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`]),
    ),
  },
  dark: {},
});

/** The theme follows the language, so the close buttons' names are translated too. */
export function ThemedRoot({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the language changes, which changes t
  const theme = useMemo(() => makeTheme(t('common.close'), t('common.togglePassword')), [i18n.language]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={resolver}>
      {children}
    </MantineProvider>
  );
}
