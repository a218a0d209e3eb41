import type { Configuration } from 'electron-builder';
import { updatePublishConfiguration } from './update-feed';

/**
 * What `npm run dist` adds to electron-builder.yml: the update feed from the build's environment.
 * Tests build with the same.
 */
export function packagingConfiguration(options: { env: NodeJS.ProcessEnv }): Configuration {
  return { publish: updatePublishConfiguration(options.env) };
}
