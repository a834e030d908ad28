// The packaging tests load ajv, js-yaml, @electron/asar and scheme.json through electron-builder's own
// dependencies: the very copies it uses, wherever npm hoists them (other packages bring older ajv and js-yaml).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const builderRequire = createRequire(createRequire(createRequire(import.meta.url).resolve('electron-builder')).resolve('app-builder-lib/package.json'));

export type ValidateFunction = ((data: unknown) => boolean) & { errors?: unknown[] | null };

export const { Ajv } = builderRequire('ajv') as {
  Ajv: new (options: { allErrors: boolean; strict: boolean }) => { compile(schema: object): ValidateFunction };
};

export const { load: loadYaml } = builderRequire('js-yaml') as { load(text: string): unknown };

export const asar = builderRequire('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
};

export function builderSchema(): object {
  return JSON.parse(readFileSync(builderRequire.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
}
