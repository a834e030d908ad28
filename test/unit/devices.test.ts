import { describe, expect, it } from 'vitest';
import { findDevice, inputConstraint } from '../../renderer/media/devices.js';

const today = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default' },
  { kind: 'audioinput', deviceId: 'f3a9', label: 'Jabra Evolve2 65' },
  { kind: 'audiooutput', deviceId: '77c1', label: 'Jabra Evolve2 65' },
  { kind: 'videoinput', deviceId: '0eb5', label: 'Integrated Camera' },
];

describe('finding the saved device', () => {
  it('by id when it is unchanged', () => {
    expect(findDevice(today, 'audioinput', { id: 'f3a9', label: 'renamed' })?.deviceId).toBe('f3a9');
  });

  it('by label when the id changed across a restart, of the right kind only', () => {
    expect(findDevice(today, 'audioinput', { id: 'old-id', label: 'Jabra Evolve2 65' })?.deviceId).toBe('f3a9');
    expect(findDevice(today, 'audiooutput', { id: 'old-id', label: 'Jabra Evolve2 65' })?.deviceId).toBe('77c1');
  });

  it('falls back to the system default when the device is gone or nothing was chosen', () => {
    expect(findDevice(today, 'videoinput', { id: 'usb', label: 'Logitech C920' })).toBeUndefined();
    expect(findDevice(today, 'videoinput', undefined)).toBeUndefined();
    expect(findDevice([{ kind: 'audioinput', deviceId: 'x', label: '' }], 'audioinput', { id: 'y', label: '' })).toBeUndefined();
    expect(inputConstraint(undefined)).toBe(true);
    expect(inputConstraint(today[1]?.deviceId)).toEqual({ deviceId: { exact: 'f3a9' } });
  });
});
