import { Alert, Button, Center, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A render error must not leave a blank kiosk. The screen says so and offers a reload; the main process keeps the
 * wizard's draft and what the customer gave, so a reload goes back to where the clerk was (B-06). Nothing of the
 * error (which may quote personal data) is shown or logged here.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // Deliberately silent: the message and stack may carry a customer's data.
  }

  override render(): ReactNode {
    return this.state.failed ? <RenderFailed /> : this.props.children;
  }
}

function RenderFailed() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="md">
      <Alert color="red" title={t('app.crashedTitle')} role="alert" data-testid="render-error" maw={640}>
        <Stack>
          <Text>{t('app.crashed')}</Text>
          <Button color="red.8" onClick={() => window.location.reload()}>
            {t('app.reload')}
          </Button>
        </Stack>
      </Alert>
    </Center>
  );
}
