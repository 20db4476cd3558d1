package ai.thinkheads.droptrace.streams.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KafkaWatchTest {

    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void kafka_not_answering_for_the_quiet_time_is_said_once_and_its_return_once() {
        // Given: a watch that says a silence of 30 s
        List<String> notices = new ArrayList<>();
        try (KafkaWatch watch = KafkaWatch.unstarted("127.0.0.1:9092", Duration.ofSeconds(30), notices::add,
                Clock.fixed(T0.plusSeconds(36), ZoneOffset.UTC))) {
            // When: Kafka answers, then does not for 35 s
            watch.observe(true, T0);
            watch.observe(false, T0.plusSeconds(1));
            watch.observe(false, T0.plusSeconds(20));
            // Then: not yet
            assertThat(notices).isEmpty();
            // When
            watch.observe(false, T0.plusSeconds(31));
            watch.observe(false, T0.plusSeconds(36));
            // Then: once, and the health answer names it
            assertThat(notices).containsExactly("Kafka at 127.0.0.1:9092 has not answered for 30 s (since "
                    + "2026-11-28T00:00:01Z); still running: nothing is correlated, decided or committed until it "
                    + "answers, then it goes on where it was; the query API answers from the state as it is");
            assertThat(watch.health()).isEqualTo("not answering since 2026-11-28T00:00:01Z");
            assertThat(watch.awayLately()).isTrue();
            // When: it answers again
            watch.observe(true, T0.plusSeconds(41));
            // Then
            assertThat(notices).hasSize(2).last().isEqualTo("Kafka at 127.0.0.1:9092 answers again, after 40 s");
            assertThat(watch.health()).isEqualTo("answering");
        }
    }

    @Test
    void a_close_while_kafka_is_asked_does_not_say_that_it_answers_again() throws InterruptedException {
        // Given: a Kafka that does not answer, said at once, then asked again at length (as a broker gone does)
        List<String> notices = new CopyOnWriteArrayList<>();
        CountDownLatch askedAgain = new CountDownLatch(1);
        AtomicInteger asks = new AtomicInteger();
        KafkaWatch watch = KafkaWatch.asking(() -> {
            if (asks.incrementAndGet() == 1) {
                return false;
            }
            askedAgain.countDown();
            try {
                Thread.sleep(60_000);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true; // what the Admin's answer looked like when the close cut it short
            }
        }, Duration.ZERO, notices::add);
        assertThat(askedAgain.await(60, TimeUnit.SECONDS)).isTrue();
        // When
        watch.close();
        // Then: only that it does not answer
        assertThat(notices).hasSize(1).first().asString().contains("has not answered");
    }

    @Test
    void a_short_outage_is_not_said_and_a_thread_failing_in_its_aftermath_is_taken_for_its_casualty() {
        // Given
        List<String> notices = new ArrayList<>();
        Instant now = T0.plusSeconds(60);
        try (KafkaWatch watch = KafkaWatch.unstarted("127.0.0.1:9092", Duration.ofSeconds(30), notices::add,
                Clock.fixed(now, ZoneOffset.UTC))) {
            // When: Kafka does not answer for 10 s, 60 s ago
            watch.observe(false, T0);
            watch.observe(false, T0.plusSeconds(10));
            watch.observe(true, T0.plusSeconds(15));
            // Then: not said, answering, but a stream thread failing now is one of the outage's
            assertThat(notices).isEmpty();
            assertThat(watch.health()).isEqualTo("answering");
            assertThat(watch.awayLately()).isTrue();
        }
        try (KafkaWatch watch = KafkaWatch.unstarted("127.0.0.1:9092", Duration.ofSeconds(30), notices::add,
                Clock.fixed(T0.plus(KafkaWatch.OUTAGE_AFTERMATH).plusSeconds(11), ZoneOffset.UTC))) {
            // When: the outage ended longer ago than its aftermath, or there was none
            watch.observe(false, T0.plusSeconds(10));
            watch.observe(true, T0.plusSeconds(15));
            // Then: a failing thread is no casualty of it
            assertThat(watch.awayLately()).isFalse();
        }
    }
}
