import type { Channel, RequestOf, ResponseOf } from '../../../preload/contract.ts';
import { kioskApi } from '../../kiosk-api.ts';

const q = <C extends Channel>(channel: C) => (request: RequestOf<C>) => ({ channel, request });

/** M-08: the bank-transfer calls, kept beside the feature (kiosk-api.ts is everyone's file). */
export const bankTransferApi = kioskApi.enhanceEndpoints({ addTagTypes: ['BankTransfers'] }).injectEndpoints({
  endpoints: (build) => ({
    stageBankAccount: build.mutation<ResponseOf<'settlement:stageBankAccount'>, RequestOf<'settlement:stageBankAccount'>>({
      query: q('settlement:stageBankAccount'),
    }),
    lastBankAccount: build.query<ResponseOf<'bankTransfer:lastAccount'>, RequestOf<'bankTransfer:lastAccount'>>({
      query: q('bankTransfer:lastAccount'),
      keepUnusedDataFor: 0,
    }),
    pendingTransfers: build.query<ResponseOf<'bankTransfer:pending'>, RequestOf<'bankTransfer:pending'>>({
      query: q('bankTransfer:pending'),
      providesTags: ['BankTransfers'],
      // Personal data: not kept in the store once the screen is left.
      keepUnusedDataFor: 0,
    }),
    markTransfersPaid: build.mutation<ResponseOf<'bankTransfer:markPaid'>, RequestOf<'bankTransfer:markPaid'>>({
      query: q('bankTransfer:markPaid'),
      invalidatesTags: ['BankTransfers'],
    }),
    zenginRemitter: build.query<ResponseOf<'bankTransfer:remitter'>, RequestOf<'bankTransfer:remitter'>>({
      query: q('bankTransfer:remitter'),
      providesTags: ['BankTransfers'],
    }),
    saveZenginRemitter: build.mutation<ResponseOf<'bankTransfer:saveRemitter'>, RequestOf<'bankTransfer:saveRemitter'>>({
      query: q('bankTransfer:saveRemitter'),
      invalidatesTags: ['BankTransfers'],
    }),
  }),
});

export const {
  useStageBankAccountMutation,
  useLastBankAccountQuery,
  usePendingTransfersQuery,
  useMarkTransfersPaidMutation,
  useZenginRemitterQuery,
  useSaveZenginRemitterMutation,
} = bankTransferApi;
