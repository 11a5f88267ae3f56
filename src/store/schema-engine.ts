import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/**
 * Prisma's migration engine, compiled to WebAssembly, driven through our own driver adapter.
 * The CLI would download a native `schema-engine` binary, which these machines cannot reach.
 * The package's default entry imports the .wasm as an ES module (Node rejects that), so we
 * instantiate it ourselves and hand the exports to the wasm-bindgen glue.
 */
type EngineModule = { SchemaEngine: typeof SchemaEngine };

// The wasm-bindgen glue is a module singleton that caches views of the instance's memory, so the
// module is instantiated once per process and every engine shares it.
let engineModule: Promise<EngineModule> | undefined;

function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Record<string, unknown> & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
      SchemaEngine: typeof SchemaEngine;
    };
    const bytes = await readFile(join(pkgDir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === 'function') start();
    return bg;
  })();
  return engineModule;
}

export async function loadSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel?: { path: string; content: string },
): Promise<SchemaEngine> {
  const { SchemaEngine: Engine } = await loadEngineModule();
  const log = () => {};
  return Engine.new(
    { datamodels: datamodel ? [[datamodel.path, datamodel.content]] : undefined },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
