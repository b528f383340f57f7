// `npm test` runs this first (tsx): one French line and exit 1 when a prerequisite is missing.
import { preflightProblem } from './check';

const problem = preflightProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
