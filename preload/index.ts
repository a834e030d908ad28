// Sandboxed preload: exposes `window.softphone` (the contract) and nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createSoftphoneApi } from './api.js';
import { IPC_CHANNELS } from './shared/channels.js';
import type { AppSnapshot, CommandResult } from './shared/contract.js';

const api = createSoftphoneApi({
  invoke: (command) => ipcRenderer.invoke(IPC_CHANNELS.command, command) as Promise<CommandResult>,
  subscribe: (listener) => {
    const forward = (_event: IpcRendererEvent, snapshot: AppSnapshot) => listener(snapshot);
    ipcRenderer.on(IPC_CHANNELS.snapshot, forward);
    return () => ipcRenderer.off(IPC_CHANNELS.snapshot, forward);
  },
});

contextBridge.exposeInMainWorld('softphone', api);
