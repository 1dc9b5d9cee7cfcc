/**
 * Who may import whom (docs/architecture.md, "Folders and who may import whom"), checked over the import
 * graph of every .ts/.tsx file under the folders below. Test files are exempt: they run in Vitest's Node
 * process, never in the browser or a worker thread. Imports are read with the TypeScript parser (static
 * and dynamic imports, re-exports, require(), import types); relative ones are resolved to the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

interface Import {
  /** The importing file, relative to the repository root, with '/' separators. */
  file: string;
  line: number;
  specifier: string;
  /** For a relative specifier: the file it resolves to (repository-relative), or null if none. */
  target: string | null | undefined;
  /** For a bare specifier: the package ('react', '@img/x') or 'node:fs' for a built-in module. */
  pkg: string | undefined;
  /** Erased when compiled: `import type`, `export type`, or every name marked `type`. */
  typeOnly: boolean;
}

interface Rule {
  name: string;
  /** Folder the rule is about, with a trailing '/'. */
  folder: string;
  /** Why `imp` breaks the rule, or undefined when it is allowed. */
  breaks(imp: Import): string | undefined;
}

const inFolder = (path: string | null | undefined, ...folders: string[]): boolean =>
  typeof path === 'string' && folders.some((f) => path.startsWith(f));

const BROWSER_PACKAGES = new Set(['react', 'react-dom', 'recharts']);
const WORKER_FORBIDDEN_PACKAGES = new Set(['sharp', 'electron']);

const RULES: Rule[] = [
  {
    name: 'renderer/ imports only renderer/, shared/ and the browser libraries react, react-dom, recharts',
    folder: 'renderer/',
    breaks: (imp) =>
      imp.pkg !== undefined
        ? BROWSER_PACKAGES.has(imp.pkg)
          ? undefined
          : `${imp.pkg} is not a browser library the renderer may use`
        : inFolder(imp.target, 'renderer/', 'shared/')
          ? undefined
          : `${imp.target} is outside renderer/ and shared/`,
  },
  {
    name: 'shared/ imports only shared/ and, type-only, workers/filters/types (no node:, zod, engine, packages)',
    folder: 'shared/',
    breaks: (imp) => {
      if (imp.pkg !== undefined)
        return `${imp.pkg}: shared/ is loaded by the sandboxed preload and the browser`;
      if (inFolder(imp.target, 'shared/')) return undefined;
      if (imp.target === 'workers/filters/types.ts') {
        return imp.typeOnly ? undefined : 'workers/filters/types must be imported with `import type`';
      }
      return `${imp.target} is outside shared/`;
    },
  },
  {
    name: 'engine/ never imports Electron (the electron package or the electron/ folder)',
    folder: 'engine/',
    breaks: (imp) =>
      imp.pkg === 'electron' || inFolder(imp.target, 'electron/')
        ? `${imp.pkg ?? imp.target}: the engine runs under the CLI and the web host too`
        : undefined,
  },
  {
    name: 'workers/ never import sharp, electron, engine/, hosts/ or electron/',
    folder: 'workers/',
    breaks: (imp) =>
      imp.pkg !== undefined && WORKER_FORBIDDEN_PACKAGES.has(imp.pkg)
        ? `${imp.pkg} in a worker (a worker loading sharp resets libvips' process-wide thread setting)`
        : inFolder(imp.target, 'engine/', 'hosts/', 'electron/')
          ? `${imp.target}: workers are below the engine and the hosts`
          : undefined,
  },
];

function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? `node:${name}` : name;
}

/** The file a relative specifier names, trying the extensions TypeScript would; null if there is none. */
function resolveRelative(fromFile: string, specifier: string): string | null {
  const base = resolve(ROOT, dirname(fromFile), specifier);
  const candidates = ['', '.ts', '.tsx', '.d.ts', '/index.ts', '/index.tsx'].map((ext) => base + ext);
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  return found ? relative(ROOT, found).split(sep).join('/') : null;
}

const allTypeOnly = (elements: readonly { isTypeOnly: boolean }[]): boolean =>
  elements.length > 0 && elements.every((e) => e.isTypeOnly);

/** Every import of a source text (`file` is repository-relative). */
function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (node: ts.Node, typeOnly: boolean): void => {
    if (!ts.isStringLiteralLike(node)) return;
    const specifier = node.text;
    const relativeSpec = specifier.startsWith('.');
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      specifier,
      target: relativeSpec ? resolveRelative(file, specifier) : undefined,
      pkg: relativeSpec ? undefined : packageOf(specifier),
      typeOnly,
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name && named !== undefined && ts.isNamedImports(named) && allTypeOnly(named.elements)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined && ts.isNamedExports(clause) && allTypeOnly(clause.elements));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** What is wrong with `imp` under `rule`: unresolvable, or against the rule. */
function violationOf(rule: Rule, imp: Import): string | undefined {
  const why = imp.target === null ? 'does not resolve to a file, so no rule can check it' : rule.breaks(imp);
  return why && `${imp.file}:${imp.line} imports '${imp.specifier}': ${why}`;
}

/** The non-test .ts/.tsx files under `folder` (repository-relative). */
function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

describe('import boundaries', () => {
  it.each(RULES.map((rule) => [rule.name, rule] as const))('%s', (_, rule) => {
    const files = sourceFiles(rule.folder);
    // A rule over no file (a folder renamed, a wrong pattern) would pass while checking nothing.
    expect(files.length, `no source file under ${rule.folder}`).toBeGreaterThan(0);
    const violations = files.flatMap((file) =>
      importsOf(file, readFileSync(join(ROOT, file), 'utf8')).flatMap((imp) => violationOf(rule, imp) ?? []),
    );
    expect(violations).toEqual([]);
  });

  it('reports a broken rule with file:line and why (the checker itself)', () => {
    const worker = RULES.find((r) => r.folder === 'workers/') as Rule;
    const shared = RULES.find((r) => r.folder === 'shared/') as Rule;
    const renderer = RULES.find((r) => r.folder === 'renderer/') as Rule;
    const check = (rule: Rule, file: string, text: string) =>
      importsOf(file, text).flatMap((imp) => violationOf(rule, imp) ?? []);

    expect(check(worker, 'workers/x.ts', "\nimport sharp from 'sharp';")).toEqual([
      "workers/x.ts:2 imports 'sharp': sharp in a worker (a worker loading sharp resets libvips' process-wide thread setting)",
    ]);
    expect(check(worker, 'workers/x.ts', "const p = await import('../engine/pool/index');")).toHaveLength(1);
    expect(check(renderer, 'renderer/src/x.ts', "import { z } from 'zod';")).toHaveLength(1);
    expect(check(renderer, 'renderer/src/x.ts', "export * from '../../engine/types';")).toEqual([
      "renderer/src/x.ts:1 imports '../../engine/types': engine/types.ts is outside renderer/ and shared/",
    ]);
    const types = "'../workers/filters/types'";
    expect(check(shared, 'shared/x.ts', `import { filters } from ${types};`)).toHaveLength(1);
    expect(check(shared, 'shared/x.ts', `import { type Strip } from ${types};`)).toEqual([]);
    expect(check(shared, 'shared/x.ts', "type F = import('node:fs').Stats;")).toHaveLength(1);
    expect(check(shared, 'shared/x.ts', "import type { A } from './missing';")).toEqual([
      "shared/x.ts:1 imports './missing': does not resolve to a file, so no rule can check it",
    ]);
  });
});
