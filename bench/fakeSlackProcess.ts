/**
 * The fake Slack Web API of test/support as a process of its own, for the
 * benchmarks: in production Slack is elsewhere, so the load generator must
 * not spend its own event loop answering the app's chat.update and
 * views.publish calls while it times the app's acknowledgements.
 * Prints `fake slack listening at <url>`; stops on SIGTERM.
 */
import { FakeSlack } from '../test/support/fakeSlack.js';

const slack = new FakeSlack(Number(process.env.BENCH_POSTS_PER_SECOND ?? 1));
await slack.start();
console.log(`fake slack listening at ${slack.url}`);
process.on('SIGTERM', () => void slack.stop().then(() => process.exit(0)));
