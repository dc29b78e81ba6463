// Chromium's network stack as a fetch (issue 11 §5): HQ sync and the terminal lease go through the OS proxy/PAC and
// certificate store, as the updater does, instead of Node's fetch, which ignores them (a shop behind a proxy or a
// TLS-inspecting firewall would otherwise be "offline" for HQ while updates work). Works in the main process and in
// a utility process; no custom protocols there.
import { net } from 'electron';

export const netFetch: typeof fetch = (input, init) => net.fetch(input instanceof URL ? input.href : input, init);
