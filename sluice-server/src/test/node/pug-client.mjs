// A real Connect client (connect-es over HTTP/1.1, binary protobuf, like @pug-sh/node) against Sluice,
// with messages generated from our .proto files. Prints one "RESULT <name> <json>" line per step.
// Env: SLUICE_URL, PUG_KEY.
import { create, toJson } from "@bufbuild/protobuf";
import { TimestampSchema, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { createClient, ConnectError } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { randomUUID } from "node:crypto";
import { EventsService, EventSchema } from "./pug-gen/sdk/events/v1/events_pb.js";
import { ProfilesSDKService } from "./pug-gen/sdk/profiles/v1/profiles_pb.js";
import { ProfilesService, ProfileSchema } from "./pug-gen/shared/profiles/v1/profiles_pb.js";
import { InsightsService, InsightType, Granularity, QueryResponseSchema } from "./pug-gen/shared/insights/v1/insights_pb.js";
import { ActivityService, GetActivityFeedResponseSchema } from "./pug-gen/shared/activity/v1/activity_pb.js";

const key = process.env.PUG_KEY;
const transport = createConnectTransport({
  baseUrl: process.env.SLUICE_URL,
  httpVersion: "1.1",
  useBinaryFormat: true,
  interceptors: [(next) => async (req) => { req.header.set("x-api-key", key); return next(req); }],
});
const result = (name, value) => console.log(`RESULT ${name} ${JSON.stringify(value)}`);

const events = createClient(EventsService, transport);
const sdkProfiles = createClient(ProfilesSDKService, transport);
const profiles = createClient(ProfilesService, transport);
const activity = createClient(ActivityService, transport);
const insights = createClient(InsightsService, transport);

const session = randomUUID();
const now = Date.now();
const str = (v) => ({ value: { case: "stringValue", value: v } });
const batch = [0, 1, 2].map((i) => create(EventSchema, {
  eventId: randomUUID(),
  distinctId: i === 0 ? "anon-node" : "node_user",
  kind: i === 2 ? "order.completed" : "page_view",
  sessionId: session,
  occurTime: timestampFromMs(now - 1000 * (3 - i)),
  autoProperties: { $lib: str("pug-node"), $sdkVersion: str("0.0.5"), $platform: str("server") },
  customProperties: {
    amount: { value: { case: "intValue", value: 49n } },
    currency: str("USD"),
    paid: { value: { case: "boolValue", value: true } },
    when: { value: { case: "timestampValue", value: create(TimestampSchema, {}) } },
    nested: str(JSON.stringify({ a: 1 })),
  },
}));
const created = await events.batchCreate({ events: batch });
result("batch", { accepted: created.accepted });
// A retry of the same events (same ids) is accepted and stored once.
const retried = await events.batchCreate({ events: batch });
result("retry", { accepted: retried.accepted });

await sdkProfiles.identify({
  externalId: "node_user",
  anonymousId: "anon-node",
  traits: {},
});
await sdkProfiles.identify({
  externalId: "node_user",
  // protobuf-es maps google.protobuf.Struct fields to plain JSON objects, as the SDK's identify(traits) does.
  traits: { plan: "pro", seats: 3 },
});
result("identify", { ok: true });

const got = await profiles.getByExternalId({ externalId: "node_user" });
result("profile", toJson(ProfileSchema, got.profile));

let count = 0;
let messages = 0;
for await (const page of profiles.list({})) {
  messages++;
  count += page.profiles.length;
}
result("list", { messages, count });

try {
  await profiles.get({ id: "does-not-exist" });
  result("notfound", { code: null });
} catch (e) {
  result("notfound", { code: ConnectError.from(e).code });
}

const feed = await activity.getActivityFeed({ distinctId: "node_user" });
result("feed", toJson(GetActivityFeedResponseSchema, feed));

const trends = await insights.query({
  spec: { insightType: InsightType.TRENDS, events: [{ event: { kind: "page_view" } }] },
  timeRange: { from: timestampFromMs(now - 3_600_000), to: timestampFromMs(now + 60_000) },
  granularity: Granularity.HOUR,
});
result("trends", toJson(QueryResponseSchema, trends));
