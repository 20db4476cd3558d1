package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.common.ConfigFiles;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.logging.FileChange;
import ai.thinkheads.droptrace.core.firewall.logging.LoggingPlan;
import ai.thinkheads.droptrace.core.firewall.logging.LoggingScope;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace rules enable-logging}: the diff that makes pve-firewall log the drops in scope. */
@Command(name = "enable-logging", mixinStandardHelpOptions = true,
        description = "Prints a unified diff that turns logging on for the DROP/REJECT policies (log_level_in/out) and "
                + "the DROP/REJECT rules (-log) of the guests in scope and the host, and for the security groups they "
                + "use. Existing log levels are kept. Writes the files only with --write. With --phoenix-etc: the "
                + "same step in the site's JSON (log_level on rules, log_level_in/out on policies) and the equivalent "
                + ".fw change; --write then changes the JSON files.")
public final class EnableLoggingCommand implements Callable<Integer> {

    @Mixin
    OutputOptions common;

    @Mixin
    FirewallConfigOptions config;

    @Option(names = "--level", paramLabel = "LEVEL", defaultValue = "info", converter = LevelConverter.class,
            completionCandidates = LoggingLevels.class, description = "emerg, alert, crit, err, warning, notice, info or debug. Default: ${DEFAULT-VALUE}.")
    LogLevel level;

    @Option(names = "--guest", paramLabel = "VMID", split = ",",
            description = "Only these guests (repeatable or comma-separated). Default: every guest and the host.")
    List<Integer> guests = new ArrayList<>();

    @Option(names = "--host", description = "The host's files (host.fw, cluster.fw rules): alone, only them; with "
            + "--guest, them too.")
    boolean host;

    @Option(names = "--write", description = "Write the changed files (default: only print the diff).")
    boolean write;

    /** The JSON document. */
    record Report(List<FileChange> changes, List<String> notes, boolean written) {
    }

    @Override
    public Integer call() {
        config.requireOneSource();
        if (config.isPhoenix()) {
            if (!guests.isEmpty() || host) {
                throw new UserException(ExitCodes.USAGE, "--guest and --host work with --config-dir; with --phoenix-etc "
                        + "the proposal covers the whole site");
            }
            return PhoenixLogging.run(common, config.phoenixEtc(), config.phoenix(), level, write);
        }
        Ruleset ruleset = config.load();
        for (int vmid : guests) {
            // a mistyped VMID would change nothing and exit 0, as if its guest had nothing left to log
            if (ruleset.guest(vmid).isEmpty() && ruleset.inventory().byVmid(vmid).isEmpty()) {
                throw new UserException(ExitCodes.USAGE, "--guest " + vmid + ": no such guest in " + config.describe()
                        + " (no firewall file, no qemu-server or lxc configuration)");
            }
        }
        // --host alone is the host's files alone: it changed every guest's too, as if it were not given
        LoggingScope scope = guests.isEmpty() && host ? LoggingScope.hostOnly()
                : new LoggingScope(guests, guests.isEmpty() || host);
        LoggingPlan.Result plan = LoggingPlan.plan(ruleset, this::read, level, scope);
        if (write) {
            // all files or none: a write that stops halfway would leave some guests logging and others not
            Map<Path, String> texts = new LinkedHashMap<>();
            plan.changes().forEach(c -> texts.put(config.configDir().resolve(c.path()),
                    String.join("\n", c.after()) + (c.created() ? "\n" : "")));
            ConfigFiles.writeAll(texts);
        }
        // a line pve-firewall skips logs nothing and gets no change: a header hidden by a byte order mark leaves a whole
        // file unread, which would otherwise end in 'logging is already on everywhere in scope' without a word
        String skipped = FirewallConfigOptions.skippedNote(ruleset, RuleTracer.compile(ruleset));
        if (common.json()) {
            List<String> notes = new ArrayList<>(plan.notes());
            if (skipped != null) {
                notes.add(skipped);
            }
            JsonOutput.document(common.out(), new Report(plan.changes(), notes, write && !plan.changes().isEmpty()));
        } else {
            plan.changes().forEach(c -> common.out().print(c.diff()));
            common.out().flush();
            plan.notes().forEach(n -> common.err().println("droptrace: note: " + n));
            if (skipped != null) {
                common.err().println("droptrace: " + skipped);
            }
            if (plan.changes().isEmpty()) {
                common.err().println("droptrace: 0 file(s) to change: logging is already on everywhere in scope");
            } else {
                common.err().println("droptrace: " + plan.changes().size() + " file(s) " + (write ? "written" : "to change")
                        + (write ? "" : "; run again with --write to apply")
                        + "; pve-firewall compiles the change within seconds");
            }
            common.err().flush();
        }
        return ExitCodes.OK;
    }

    private List<String> read(String relative) {
        Path file = config.configDir().resolve(relative);
        String text = ConfigFiles.readIfPresent(file);
        if (text != null && text.contains("\r\n")) {
            // pve-firewall reads '[OPTIONS]\r' as no header: an option added under one would be skipped as well, and
            // a diff of such lines applies neither with git apply nor with patch
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot change " + file + ": it has CRLF line endings, "
                    + "with which pve-firewall reads none of its [OPTIONS], [ALIASES] and [RULES] headers ('droptrace rules "
                    + "check' lists the lines it skips); convert it to LF line endings (sed -i 's/\\r$//' " + file
                    + ") and run again");
        }
        return text == null ? null : List.of(text.split("\n", -1));
    }

    /** A log level word other than nolog. */
    static final class LevelConverter implements ITypeConverter<LogLevel> {
        @Override
        public LogLevel convert(String value) {
            LogLevel l = LogLevel.parse(value);
            if (l == null || !l.logs()) {
                throw new TypeConversionException("'" + value + "' is not a log level: use one of emerg, alert, crit, "
                        + "err, warning, notice, info, debug");
            }
            return l;
        }
    }

    /** The levels {@code --level} takes, as shell completion offers them: every one that logs ({@code nolog} does not). */
    static final class LoggingLevels implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(LogLevel.values()).filter(LogLevel::logs).map(LogLevel::keyword).iterator();
        }
    }
}
