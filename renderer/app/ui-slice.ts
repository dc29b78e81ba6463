import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type Route =
  | { name: 'reception' }
  | { name: 'appraisal'; receptionId?: string }
  | { name: 'settlement'; number?: string }
  | { name: 'list' }
  | { name: 'stock' }
  | { name: 'customers' }
  | { name: 'ledger' }
  | { name: 'settings' }
  | { name: 'cash' }
  | { name: 'bankTransfers' };

export interface UiState {
  route: Route;
  /** Counts navigations, so choosing the current screen again from the menu starts it afresh. */
  visit: number;
}

const initialState: UiState = { route: { name: 'reception' }, visit: 0 };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    navigate(state, action: PayloadAction<Route>) {
      state.route = action.payload;
      state.visit += 1;
    },
  },
});

export const { navigate } = uiSlice.actions;
