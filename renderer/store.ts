import { configureStore } from '@reduxjs/toolkit';
import { type TypedUseSelectorHook, useDispatch, useSelector } from 'react-redux';
import { uiSlice } from './app/ui-slice.ts';
import { wizardListener } from './features/settlement/wizard-listener.ts';
import { wizardSlice } from './features/settlement/wizard-slice.ts';
import { kioskApi } from './kiosk-api.ts';

export function createStore() {
  return configureStore({
    reducer: { ui: uiSlice.reducer, settlementWizard: wizardSlice.reducer, [kioskApi.reducerPath]: kioskApi.reducer },
    middleware: (getDefault) => getDefault().prepend(wizardListener.middleware).concat(kioskApi.middleware),
  });
}

export type AppStore = ReturnType<typeof createStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];
export const useAppDispatch: () => AppDispatch = useDispatch;
export const useAppSelector: TypedUseSelectorHook<RootState> = useSelector;
