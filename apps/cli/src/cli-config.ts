import { ConfigError, PlenaryConfig, loadConfig } from '../../api/src/config/plenary-config';
import { CliError } from './cli-error';

/** The configuration from the environment; a bad one is a refusal naming each variable. */
export function cliConfig(command: string): PlenaryConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliError(`${command}: invalid configuration: ${error.problems.join('; ')}`);
    throw error;
  }
}
