import TestRunner from 'jest-runner';

/**
 * The peer tier's files share one LiveHelperChat and reset its database, so they run one after
 * another, in the jest process, after the other tiers (jest runs each runner's files in turn).
 */
export default class SerialRunner extends TestRunner {
  override readonly isSerial = true;
}
