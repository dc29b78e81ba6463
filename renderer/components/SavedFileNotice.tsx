import { Alert, Code } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PrintPageResult, SaveFileResult } from '../../preload/types.ts';

/** Says where the main process saved a file (S-20, B-02), so the clerk can tell the manager where to find it. */
export function SavedFileNotice({ result }: { result: SaveFileResult | PrintPageResult | undefined }) {
  const { t } = useTranslation();
  if (result?.outcome !== 'saved') return null;
  return (
    <Alert color="green" data-testid="saved-file">
      {t('shell.files.saved', { fileName: result.fileName })} <Code>{result.folder}</Code>
    </Alert>
  );
}
