package ai.thinkheads.droptrace.streams.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RulesetWatcherTest {

    private static final Ruleset RULESET = new Ruleset(Ruleset.SCHEMA_VERSION, "pve1", Ruleset.Layout.PVE,
            FwFileParser.parse("firewall/cluster.fw", FileKind.CLUSTER, null, null, "[OPTIONS]\nenable: 1\n"),
            List.of(), List.of(), new Inventory("pve1", List.of(), List.of()), null, null, List.of());

    @Test
    void a_problem_of_the_first_check_its_caller_said_is_not_said_again_as_new_but_its_end_is() {
        // Given: /etc/pve not mounted yet when up starts (up's line of the part says so), then for two intervals
        AtomicReference<String> problem = new AtomicReference<>("/etc/pve has no cluster.fw");
        List<PublishedRuleset> published = new ArrayList<>();
        Logger logger = (Logger) LoggerFactory.getLogger(RulesetWatcher.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        String first = null;
        try (RulesetWatcher watcher = new RulesetWatcher(() -> {
            if (problem.get() != null) {
                throw new IllegalStateException(problem.get());
            }
            return RULESET;
        }, "/etc/pve", published::add, Clock.systemUTC())) {
            // When
            try {
                watcher.firstCheck();
            } catch (IllegalStateException e) {
                first = e.getMessage();
            }
            watcher.checkAgain();
            watcher.checkAgain();
            problem.set(null);
            watcher.checkAgain();
        } finally {
            logger.detachAppender(log);
        }
        // Then
        assertThat(first).isEqualTo("/etc/pve has no cluster.fw");
        List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).containsExactly("the firewall configuration can be read and published again");
        assertThat(published).hasSize(1);
    }

    @Test
    void a_directory_that_stays_unreadable_is_one_warning_not_one_at_every_interval_and_its_end_is_said() {
        // Given: /etc/pve missing for three intervals, then back, then missing again
        Ruleset ruleset = RULESET;
        AtomicReference<String> problem = new AtomicReference<>("/etc/pve is not a directory");
        List<PublishedRuleset> published = new ArrayList<>();
        Logger logger = (Logger) LoggerFactory.getLogger(RulesetWatcher.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (RulesetWatcher watcher = new RulesetWatcher(() -> {
            if (problem.get() != null) {
                throw new IllegalStateException(problem.get());
            }
            return ruleset;
        }, "/etc/pve", published::add, Clock.systemUTC())) {
            // When
            watcher.checkAgain();
            watcher.checkAgain();
            watcher.checkAgain();
            problem.set(null);
            watcher.checkAgain();
            watcher.checkAgain();
            problem.set("/etc/pve/firewall/cluster.fw: Permission denied");
            watcher.checkAgain();
            watcher.checkAgain();
        } finally {
            logger.detachAppender(log);
        }
        // Then
        List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(e -> e.getKeyValuePairs() == null ? e.getFormattedMessage()
                        : e.getKeyValuePairs().get(0).value + ": " + e.getFormattedMessage())
                .toList();
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).startsWith("/etc/pve is not a directory: cannot read or publish");
        assertThat(warnings.get(1)).contains("can be read and published again");
        assertThat(warnings.get(2)).startsWith("/etc/pve/firewall/cluster.fw: Permission denied: cannot read");
        assertThat(published).hasSize(1);
    }
}
