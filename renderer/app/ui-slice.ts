import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type Route =
  | { name: 'reception' }
  | { name: 'appraisal'; receptionId?: string }
  | { name: 'settlement'; number?: string }
  | { name: 'list' }
  | { name: 'stock' }
  | { name: 'customers' }
  | { name: 'ledger' }
  | { name: 'settings' };

export interface UiState {
  route: Route;
}

const initialState: UiState = { route: { name: 'reception' } };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    navigate(state, action: PayloadAction<Route>) {
      state.route = action.payload;
    },
  },
});

export const { navigate } = uiSlice.actions;
