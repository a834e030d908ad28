import type { AppSnapshot } from '../../preload/contract.js';
import { ALL_FEATURES_ON } from '../../preload/settingsValues.js';

/** A snapshot's policy part when no administrator policy applies: every feature on, nothing locked. */
export const NO_POLICY: AppSnapshot['policy'] = { features: { ...ALL_FEATURES_ON }, locked: [] };
