/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { SoftphoneApi } from '../preload/shared/contract';

declare global {
  interface Window {
    softphone: SoftphoneApi;
  }
}
