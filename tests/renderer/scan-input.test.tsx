import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NumberScanInput } from '../../renderer/components/NumberScanInput.tsx';
import { Totals } from '../../renderer/features/appraisal/Appraisal.tsx';
import { initI18n } from '../../renderer/i18n/index.ts';
import type { Reception } from '../../preload/types.ts';

initI18n('ja');

describe('renderer components', () => {
  it('S-04 a scanner typing the number and Enter opens it, and the input keeps the focus for the next scan', () => {
    const opened: string[] = [];
    render(
      <MantineProvider>
        <NumberScanInput onSubmit={(n) => opened.push(n)} />
      </MantineProvider>,
    );
    const input = screen.getByLabelText('買取受付番号') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    for (const value of ['S', 'S0', 'S001-01-20261127-0001']) fireEvent.change(input, { target: { value } });
    fireEvent.submit(input.closest('form')!);
    expect(opened).toEqual(['S001-01-20261127-0001']);
    expect(document.activeElement).toBe(input);
  });

  it('P-02 totals show integer yen with the adjustment, in Japanese', () => {
    const reception = { totals: { itemsTotal: 33000, adjustmentAmount: -3000, total: 30000, itemCount: 2 } } as Reception;
    render(
      <MantineProvider>
        <Totals reception={reception} />
      </MantineProvider>,
    );
    expect(screen.getByText('商品 2 点')).toBeTruthy();
    expect(screen.getByTestId('total').textContent).toBe('￥30,000');
  });
});
