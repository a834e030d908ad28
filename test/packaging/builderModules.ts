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

/** electron-builder's MSI project template, compiled as its MsiTarget compiles it (ejs, with its own delimiters). */
export function msiProjectTemplate(): (data: Record<string, unknown>) => string {
  const ejs = builderRequire('ejs') as { compile(template: string): (data: Record<string, unknown>) => string };
  const template = readFileSync(builderRequire.resolve('app-builder-lib/templates/msi/template.xml'), 'utf8')
    .replace(/{{/g, '<%')
    .replace(/}}/g, '%>')
    .replace(/\${([^}]+)}/g, '<%=$1%>');
  return ejs.compile(template);
}

/** An XML parser (xmldom, which electron-builder's plist brings). */
export const { DOMParser } = createRequire(builderRequire.resolve('plist'))('@xmldom/xmldom') as {
  DOMParser: new (options?: { onError?: (level: string, message: string) => void }) => { parseFromString(text: string, type: string): XmlDocument };
};

export type XmlElement = {
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElement>;
  parentNode: XmlElement | null;
  textContent: string | null;
};
export type XmlDocument = XmlElement & { documentElement: XmlElement };
