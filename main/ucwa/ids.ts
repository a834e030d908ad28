import { randomUUID } from 'node:crypto';

/** A fresh id for a UCWA operation, thread or session context (at most 50 characters: 32 hex digits). */
export const newId = (): string => randomUUID().replaceAll('-', '');
