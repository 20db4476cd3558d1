package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.rules.IptablesRefusal;
import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Publishes {@code up}'s ruleset versions and says each one published after the start, as a line of {@code up}
 * (the version, the one it replaces, and the lines pve-firewall skips in it), as {@code rules publish} says its
 * version: a change to the configuration, and a typo that made pve-firewall skip a rule, are seen where {@code up}'s
 * lines are, not only in a log at {@code -v}.
 */
final class AnnouncedVersions implements Consumer<PublishedRuleset> {

    private final Consumer<PublishedRuleset> publish;
    private final Consumer<String> say;
    private String version;
    private String note = "";
    private volatile boolean started;

    AnnouncedVersions(Consumer<PublishedRuleset> publish, Consumer<String> say) {
        this.publish = Objects.requireNonNull(publish, "publish");
        this.say = Objects.requireNonNull(say, "say");
    }

    /**
     * Publishes a new version, unless pve-firewall cannot load it (then it throws, and the version before stays
     * published, as pve-firewall's rules stay in force); compiled here, once per new version, not at every check.
     */
    @Override
    public synchronized void accept(PublishedRuleset published) {
        RuleTracer tracer = RuleTracer.compile(published.ruleset());
        IptablesRefusal.of(tracer).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        publish.accept(published);
        String before = version;
        version = published.version();
        String skipped = FirewallConfigOptions.skippedNote(published.ruleset(), tracer);
        note = skipped == null ? "" : "; " + skipped;
        if (started) {
            say.accept("firewall configuration: published version " + version
                    + (before == null ? "" : " (was " + before + ")") + note);
        }
    }

    /** From now on every version published is said (the first is in the part's own line). */
    void start() {
        started = true;
    }

    /** The lines pve-firewall skips in the version published last, as {@code ; N line(s) ...}, or empty. */
    synchronized String note() {
        return note;
    }
}
