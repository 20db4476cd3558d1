package ai.thinkheads.droptrace.probes.exec;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.ExecSettings;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Judges a command's output against an exec probe's expectations: exit code, text present, pattern absent. */
public final class ExecCheck {

    private ExecCheck() {
    }

    public static Finding judge(CommandOutput raw, ExecSettings s, Duration timeout) {
        CommandOutput out = GuestAgentOutput.unwrap(raw);
        Finding base = Finding.of(ProbeOutcome.EXEC_OK, "ok").withFact("exec.exitCode", out.exitCode())
                .withFact("exec.millis", out.millis());
        if (out.timedOut()) {
            // not killed here when qm stopped waiting for it: it still runs in the guest, which qm's answer says
            return base.withOutcome(ProbeOutcome.EXEC_FAILED, "the command did not finish" + (raw.timedOut()
                    ? " within " + Explain.seconds(timeout) + " and was killed" : ": " + out.stderr()));
        }
        if (out.exitCode() == 127 && out.stdout().isEmpty() && out.stderr().startsWith("cannot run ")) {
            return base.withOutcome(ProbeOutcome.ERROR, out.stderr());
        }
        String said = Explain.firstLine(out.combined());
        if (out.exitCode() != s.exitCode()) {
            return base.withOutcome(ProbeOutcome.EXEC_FAILED, "the command exited " + out.exitCode() + ", expected "
                    + s.exitCode() + (said.isEmpty() ? "" : ": " + said));
        }
        try {
            return output(base, out, s, said);
        } catch (Overflow e) {
            return base.withOutcome(ProbeOutcome.ERROR, e.getMessage());
        }
    }

    private static Finding output(Finding base, CommandOutput out, ExecSettings s, String said) {
        String text = out.combined();
        if (s.outputContains() != null && !text.contains(s.outputContains())) {
            return out.unreadBytes() > 0 ? unread(base, out, "'" + s.outputContains() + "'")
                    : base.withOutcome(ProbeOutcome.EXEC_FAILED, "the output does not contain '" + s.outputContains() + "'"
                    + (said.isEmpty() ? "" : " (it says: " + said + ")"));
        }
        if (s.outputMatches() != null && !find(s.outputMatches(), text)) {
            return out.unreadBytes() > 0 ? unread(base, out, "/" + s.outputMatches() + "/")
                    : base.withOutcome(ProbeOutcome.EXEC_FAILED, "no output line matches /" + s.outputMatches() + "/"
                    + (said.isEmpty() ? "" : " (it says: " + said + ")"));
        }
        if (s.outputNotMatches() != null) {
            Matcher m = Pattern.compile(s.outputNotMatches(), Pattern.MULTILINE).matcher(text);
            if (find(m, s.outputNotMatches(), text)) {
                String line = lineAround(text, m.start());
                return base.withFact("exec.matchedLine", line).withOutcome(ProbeOutcome.EXEC_FAILED,
                        "an output line matches /" + s.outputNotMatches() + "/: " + line);
            }
            if (out.unreadBytes() > 0) {
                return unread(base, out, "/" + s.outputNotMatches() + "/");
            }
        }
        return base.withOutcome(ProbeOutcome.EXEC_OK, "the command exited " + out.exitCode()
                + (said.isEmpty() ? "" : " and said: " + said));
    }

    private static boolean find(String pattern, String text) {
        return find(Pattern.compile(pattern, Pattern.MULTILINE).matcher(text), pattern, text);
    }

    /**
     * Whether the pattern is found; Java's regex engine recurses once per repetition of a group with alternatives
     * ({@code (.|\n)*}), and on a long output overflows the stack: said as what to write instead.
     */
    private static boolean find(Matcher m, String pattern, String text) {
        try {
            return m.find();
        } catch (StackOverflowError e) {
            throw new Overflow("the pattern /" + pattern + "/ overflowed the stack on an output of "
                    + String.format(Locale.ROOT, "%,d", text.length()) + " characters: a repeated group with alternatives, such as (.|\\n)*, recurses once per "
                    + "character; write (?s).* or [\\s\\S]* instead");
        }
    }

    /** A pattern that could not be tried on the output: no verdict on it either way. */
    private static final class Overflow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Overflow(String message) {
            super(message, null, false, false);
        }
    }

    /** Not in the beginning or the end of a long output, and the middle was not read: not known either way. */
    private static Finding unread(Finding base, CommandOutput out, String what) {
        return base.withFact("exec.unreadBytes", out.unreadBytes()).withOutcome(ProbeOutcome.ERROR, "the command printed "
                + kib(out.unreadBytes() + out.stdout().length() + out.stderr().length()) + "; " + what + " is not in its first "
                + "and last " + kib(CommandRunner.MAX_OUTPUT / 2) + ", and the " + kib(out.unreadBytes()) + " between were not "
                + "read: have it print less (journalctl -n 1000, --since -10min)");
    }

    private static String kib(long bytes) {
        return (bytes + 1023) / 1024 + " KiB";
    }

    private static String lineAround(String text, int at) {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        String line = text.substring(start, end < 0 ? text.length() : end).strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
