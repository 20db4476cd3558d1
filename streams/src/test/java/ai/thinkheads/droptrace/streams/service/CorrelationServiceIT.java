package ai.thinkheads.droptrace.streams.service;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static ai.thinkheads.droptrace.streams.service.ServiceFixture.TIMEOUT;
import static ai.thinkheads.droptrace.streams.service.ServiceFixture.get;
import static ai.thinkheads.droptrace.streams.service.ServiceFixture.pairPath;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.streams.correlate.AlertPolicy;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationStores;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafkaBroker.class)
class CorrelationServiceIT {

    private static final Instant T0 = Instant.parse("2025-11-20T14:00:00Z");
    private static final String RANGE = "from=2025-11-20T14:00:00Z&to=2025-11-20T15:00:00Z";
    private static final String GW = "10.0.0.153";
    private static final String MESH = "10.0.0.12";
    private static final String CA = "10.0.0.10";

    @TempDir
    Path dir;

    @Test
    void events_on_the_events_topic_become_alerts_on_the_alerts_topic_and_answers_of_the_query_api() throws Exception {
        // Given
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace ns = Namespace.of("corr-it-full");
        ServiceFixture.createTopics(bootstrap, ns);
        CorrelationSettings settings = CorrelationSettings.defaults(ns).withAlerts(
                AlertPolicy.defaults().withMustWork(Set.of(new FlowKey(GW, MESH, "tcp", 8443))));
        List<FirewallEvent> events = List.of(
                drop(GW, MESH, 8443, T0.plusSeconds(1)), drop(GW, MESH, 8443, T0.plusSeconds(2)),
                drop(GW, MESH, 8443, T0.plusSeconds(3)), drop(GW, CA, 9000, T0.plusSeconds(10)),
                drop(GW, CA, 9000, T0.plusSeconds(11)),
                event(MESH, CA, "TCP", 9000, Action.ACCEPT, 103, "veth103i0-IN", false, T0.plusSeconds(12)));
        try (CorrelationService service = ServiceFixture.start(settings,
                ServiceFixture.streams(bootstrap, "droptrace-corr-it-full", dir))) {
            // When
            ServiceFixture.produce(bootstrap, ns, events);
            List<Alert> alerts = ServiceFixture.readAlerts(bootstrap, ns, 2);
            service.runner().awaitCaughtUp(
                    List.of(Topics.FIREWALL_EVENTS.name(ns), Topics.PROBE_RESULTS.name(ns)), TIMEOUT);
            var pair = get(service.apiUri(), pairPath(new PairKey(GW, MESH), RANGE));
            var top = get(service.apiUri(), "/v1/top?by=port&" + RANGE);
            var recent = get(service.apiUri(), "/v1/alerts?" + RANGE);
            var bad = get(service.apiUri(), "/v1/top?by=colour&" + RANGE);
            // Then: the alerts topic
            assertThat(alerts).extracting(a -> a.kind() + " " + a.source() + ">" + a.destination())
                    .containsExactlyInAnyOrder("MUST_WORK_BLOCKED 10.0.0.153>10.0.0.12",
                            "FIRST_DROPS 10.0.0.153>10.0.0.10");
            // And the pair answer
            assertThat(pair.status()).as(pair.body()).isEqualTo(200);
            JsonNode p = Json.events().readTree(pair.body());
            assertThat(p.get("seen").asBoolean()).isTrue();
            assertThat(p.get("inRange").get("drops").asLong()).isEqualTo(3);
            assertThat(p.get("byPort").get("tcp/8443").get("drops").asLong()).isEqualTo(3);
            assertThat(p.get("byChain").get("102/veth102i0-IN").get("drops").asLong()).isEqualTo(3);
            assertThat(p.get("range").get("resolution").asText()).isEqualTo("minute");
            assertThat(p.get("recentEvents")).hasSize(3);
            assertThat(p.get("recentAlerts").get(0).get("kind").asText()).isEqualTo("MUST_WORK_BLOCKED");
            // And the top ports and the alert list
            JsonNode rows = Json.events().readTree(top.body()).get("rows");
            assertThat(rows).extracting(r -> r.get("key").asText() + "=" + r.get("blocked").asLong())
                    .containsExactly("tcp/8443=3", "tcp/9000=2");
            assertThat(Json.events().readTree(recent.body()).get("alerts")).hasSize(2);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("pair, chain, port or rule");
            // And the alert feed reads the same alerts, from the beginning or from an event time
            try (TopicFeed<PairKey, Alert> all = TopicFeed.open(bootstrap, ns, Topics.ALERTS, null);
                    TopicFeed<PairKey, Alert> later = TopicFeed.open(bootstrap, ns, Topics.ALERTS, T0.plusSeconds(5))) {
                assertThat(all.readToEnd(TIMEOUT)).hasSize(2);
                assertThat(later.readToEnd(TIMEOUT)).extracting(Alert::kind).containsExactly(AlertKind.FIRST_DROPS);
            }
            assertThat(TopicFeed.open(bootstrap, Namespace.of("corr-it-none"), Topics.ALERTS, null)).isNull();
            // And following the feed hands over every alert until the stop request
            List<Alert> followed = new CopyOnWriteArrayList<>();
            try (TopicFeed<PairKey, Alert> feed = TopicFeed.open(bootstrap, ns, Topics.ALERTS, null); ShutdownSignal signal = ShutdownSignal.manual()) {
                CompletableFuture<Void> follower = CompletableFuture.runAsync(() -> feed.follow(signal, followed::add));
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (followed.size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                signal.requestStop();
                follower.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(followed).hasSize(2);
        }
    }

    @Test
    void two_instances_with_one_application_id_answer_every_query_identically_and_each_owns_some_pairs()
            throws Exception {
        // Given: two instances of one application, each with its own state directory and API port
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace ns = Namespace.of("corr-it-two");
        ServiceFixture.createTopics(bootstrap, ns);
        CorrelationSettings settings = CorrelationSettings.defaults(ns);
        List<PairKey> pairs = new ArrayList<>();
        List<FirewallEvent> events = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            PairKey pair = new PairKey("10.0.1." + i, MESH);
            pairs.add(pair);
            for (int n = 0; n < i; n++) {
                events.add(drop(pair.source(), MESH, 8000 + i, T0.plusSeconds(n)));
            }
        }
        try (CorrelationService a = ServiceFixture.start(settings,
                        ServiceFixture.streams(bootstrap, "droptrace-corr-it-two", dir.resolve("a")));
                CorrelationService b = ServiceFixture.start(settings,
                        ServiceFixture.streams(bootstrap, "droptrace-corr-it-two", dir.resolve("b")))) {
            awaitBothOwnState(a, b);
            // When
            ServiceFixture.produce(bootstrap, ns, events);
            a.runner().awaitCaughtUp(List.of(Topics.FIREWALL_EVENTS.name(ns), Topics.PROBE_RESULTS.name(ns)), TIMEOUT);
            // Then: every pair answers the same through either instance, with its own counts
            Set<HostInfo> owners = new HashSet<>();
            for (int i = 1; i <= pairs.size(); i++) {
                PairKey pair = pairs.get(i - 1);
                var fromA = get(a.apiUri(), pairPath(pair, RANGE));
                var fromB = get(b.apiUri(), pairPath(pair, RANGE));
                assertThat(fromA.status()).as(fromA.body()).isEqualTo(200);
                assertThat(fromB.body()).isEqualTo(fromA.body());
                assertThat(Json.events().readTree(fromA.body()).get("inRange").get("drops").asLong()).isEqualTo(i);
                owners.add(a.runner().streams().queryMetadataForKey(CorrelationStores.SUMMARY, pair,
                        CorrelationStores.KEY.serializer()).activeHost());
            }
            assertThat(owners).hasSize(2);
            // And the lists gathered from both instances are the same too
            for (String query : List.of("/v1/top?by=pair&limit=3&" + RANGE, "/v1/top?by=port&limit=100&" + RANGE,
                    "/v1/top?by=chain&" + RANGE, "/v1/alerts?limit=100&" + RANGE)) {
                var fromA = get(a.apiUri(), query);
                assertThat(fromA.status()).as(fromA.body()).isEqualTo(200);
                assertThat(get(b.apiUri(), query).body()).as(query).isEqualTo(fromA.body());
            }
            JsonNode top = Json.events().readTree(get(b.apiUri(), "/v1/top?by=pair&limit=3&" + RANGE).body());
            assertThat(top.get("rows")).extracting(r -> r.get("key").asText() + "=" + r.get("blocked").asLong())
                    .containsExactly("10.0.1.24|10.0.0.12=24", "10.0.1.23|10.0.0.12=23", "10.0.1.22|10.0.0.12=22");
            JsonNode chains = Json.events().readTree(get(a.apiUri(), "/v1/top?by=chain&" + RANGE).body());
            assertThat(chains.get("rows").get(0).get("blocked").asLong()).isEqualTo(events.size());
            JsonNode alerts = Json.events().readTree(get(a.apiUri(), "/v1/alerts?limit=100&" + RANGE).body());
            assertThat(alerts.get("alerts")).hasSize(24);
        }
    }

    @Test
    void an_instance_that_owns_no_pair_answers_an_old_range_from_the_buckets_the_owner_still_keeps() throws Exception {
        // Given: two instances of one application on a namespace of one partition (a replay's), so that one of them
        // owns all the state; the pair's lines, then a line 7 h later, after which its minute buckets are no longer kept
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace ns = Namespace.of("corr-it-one-owner");
        TopicAdmin.ensure(bootstrap, 1, TIMEOUT, ns, Topics.all());
        List<FirewallEvent> events = List.of(drop(GW, MESH, 8443, T0.plusSeconds(1)),
                drop(GW, MESH, 8443, T0.plusSeconds(2)), drop(GW, MESH, 8443, T0.plusSeconds(3)),
                drop(GW, CA, 9000, T0.plus(Duration.ofHours(7))));
        CorrelationSettings settings = CorrelationSettings.defaults(ns);
        try (CorrelationService a = ServiceFixture.start(settings,
                        ServiceFixture.streams(bootstrap, "droptrace-corr-it-one-owner", dir.resolve("a")));
                CorrelationService b = ServiceFixture.start(settings,
                        ServiceFixture.streams(bootstrap, "droptrace-corr-it-one-owner", dir.resolve("b")))) {
            ServiceFixture.produce(bootstrap, ns, events);
            HostInfo owner = awaitOwner(a, new PairKey(GW, CA));
            CorrelationService owning = owner.port() == a.apiUri().getPort() ? a : b;
            CorrelationService other = owning == a ? b : a;
            // When: the pair's hour, and the top list of it, asked through each instance
            String pair = pairPath(new PairKey(GW, MESH), RANGE);
            String top = "/v1/top?by=pair&" + RANGE;
            var pairFromOwner = get(owning.apiUri(), pair);
            var pairFromOther = get(other.apiUri(), pair);
            var topFromOwner = get(owning.apiUri(), top);
            var topFromOther = get(other.apiUri(), top);
            // Then: both answer from the hour buckets, as the owner does, with the pair's 3 drops
            assertThat(pairFromOwner.status()).as(pairFromOwner.body()).isEqualTo(200);
            JsonNode p = Json.events().readTree(pairFromOwner.body());
            assertThat(p.get("range").get("resolution").asText()).isEqualTo("hour");
            assertThat(p.get("inRange").get("drops").asLong()).isEqualTo(3);
            assertThat(pairFromOther.body()).isEqualTo(pairFromOwner.body());
            assertThat(topFromOwner.status()).as(topFromOwner.body()).isEqualTo(200);
            assertThat(Json.events().readTree(topFromOwner.body()).get("rows"))
                    .extracting(r -> r.get("key").asText() + "=" + r.get("blocked").asLong())
                    .containsExactly("10.0.0.153|10.0.0.12=3");
            assertThat(topFromOther.body()).isEqualTo(topFromOwner.body());
        }
    }

    /** Polls until {@code pair} is in the state of an instance (both running), and returns that instance. */
    private static HostInfo awaitOwner(CorrelationService service, PairKey pair) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (service.runner().streams().state() == KafkaStreams.State.RUNNING) {
                var answer = get(service.apiUri(), pairPath(pair, "from=" + T0 + "&to=" + T0.plus(Duration.ofHours(8))));
                if (answer.status() == 200 && Json.events().readTree(answer.body()).get("seen").asBoolean()) {
                    return service.runner().streams().queryMetadataForKey(CorrelationStores.SUMMARY, pair,
                            CorrelationStores.KEY.serializer()).activeHost();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(pair + " was not in the state of an instance within " + TIMEOUT);
    }

    /** Polls until both instances run and both host part of the correlation state. */
    private static void awaitBothOwnState(CorrelationService a, CorrelationService b) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!(hostsBoth(a) && hostsBoth(b))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the two instances did not settle on sharing the state within " + TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    private static boolean hostsBoth(CorrelationService service) {
        return service.runner().streams().state() == KafkaStreams.State.RUNNING
                && service.runner().streams().streamsMetadataForStore(CorrelationStores.SUMMARY).size() == 2;
    }
}
