/**
 * The baseline for Claim latency: a Bolt app with the same receiver and
 * request verification as Leadloop, whose Claim handler only acks.
 */
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';

const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
  deferInitialization: true,
});
await app.init();
app.action('lead_claim', async ({ ack }) => {
  await ack();
});
const server = await app.start(Number(process.env.PORT));
console.log(`bare bolt listening on ${JSON.stringify(server.address())}`);
