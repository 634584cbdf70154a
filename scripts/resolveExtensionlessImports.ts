// Lets `node scripts/*.ts` (type stripping) load the project's TypeScript modules, which import each
// other without extensions the way the Workers bundler and vitest resolve them.
// Usage: node --import ./scripts/resolveExtensionlessImports.ts scripts/some-script.ts
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relativeWithoutExtension = /^\.{1,2}\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier);
      if (!relativeWithoutExtension) throw error;
      return nextResolve(`${specifier}.ts`, context);
    }
  },
});
