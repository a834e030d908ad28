// The person's devices: which one a saved choice means today, and the constraints that open it.
import type { DeviceChoice } from '../../preload/shared/contract.js';

export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';
export type DeviceInfo = { deviceId: string; label: string; kind: string };

/**
 * The saved device among today's: the same id, else the same label (ids change across restarts and
 * reinstalls), else none, meaning the system default.
 */
export function findDevice(devices: readonly DeviceInfo[], kind: DeviceKind, saved: DeviceChoice | undefined): DeviceInfo | undefined {
  if (!saved) return undefined;
  const ofKind = devices.filter((device) => device.kind === kind);
  return ofKind.find((device) => device.deviceId === saved.id) ?? ofKind.find((device) => device.label !== '' && device.label === saved.label);
}

export function choiceOf(device: DeviceInfo | undefined): DeviceChoice | undefined {
  return device ? { id: device.deviceId, label: device.label } : undefined;
}

/** Constraints for one input: that device exactly when chosen, the default otherwise. */
export function inputConstraint(deviceId: string | undefined): MediaTrackConstraints | true {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

export async function listDevices(): Promise<DeviceInfo[]> {
  return (await navigator.mediaDevices.enumerateDevices()).map(({ deviceId, label, kind }) => ({ deviceId, label, kind }));
}
