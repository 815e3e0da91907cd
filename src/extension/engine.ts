/**
 * The heavy half of the engine the extension host needs: `.prodready.json` validation (ajv), the
 * rule registry (every rule's code) and the workspace scan. Bundled on its own as dist/engine.js
 * and loaded by `engine()` on first use, after activation, so activating the extension stays
 * cheap. The rest of src/extension imports only types and light modules from src/core (languages,
 * walk, readiness, worker-pool, suppression-fixes); import anything else through here.
 */
export { scanWorkspace, loadConfig, CONFIG_FILE_NAME } from '../core/scan';
export { ConfigError, DEFAULT_CONFIG, resolveConfig } from '../core/config';
export { RULES, RULES_BY_ID } from '../core/registry';
