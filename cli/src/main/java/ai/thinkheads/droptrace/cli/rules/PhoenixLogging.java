package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.common.CommonOptions;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.logging.FileChange;
import ai.thinkheads.droptrace.core.firewall.logging.PhoenixLoggingProposal;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code rules enable-logging --phoenix-etc}: the logging step in the site's own terms (JSON
 * {@code log_level} properties) and the equivalent {@code .fw} change, with the warning that the
 * Phoenix generator does not read the JSON properties yet. {@code --write} changes the JSON files only.
 */
final class PhoenixLogging {

    /** The JSON document. */
    record Report(List<FileChange> json, List<FileChange> fw, List<String> warnings, List<String> notes, boolean written) {
    }

    private PhoenixLogging() {
    }

    static int run(CommonOptions common, Path etc, PhoenixRuleset phoenix, LogLevel level, boolean write) {
        PhoenixLoggingProposal.Result r = PhoenixLoggingProposal.propose(phoenix, file -> read(etc.resolve(file)), level);
        if (write) {
            r.json().forEach(c -> write(etc.resolve(c.path()), c));
        }
        if (common.json()) {
            JsonOutput.document(common.out(), new Report(r.json(), r.fw(), r.warnings(), r.notes(), write));
            return ExitCodes.OK;
        }
        PrintWriter out = common.out();
        out.println("# The change in the Phoenix JSON (" + r.json().size() + " file(s)): \"log_level\" on DROP/REJECT rules, "
                + "\"log_level_in\"/\"log_level_out\" where a policy drops");
        r.json().forEach(c -> out.print(c.diff()));
        out.println("# The equivalent .fw change (" + r.fw().size() + " file(s)), as pve-firewall needs it");
        r.fw().forEach(c -> out.print(c.diff()));
        out.flush();
        r.warnings().forEach(w -> common.err().println("droptrace: warning: " + w));
        r.notes().forEach(n -> common.err().println("droptrace: note: " + n));
        common.err().println("droptrace: " + r.json().size() + " JSON file(s) " + (write ? "written" : "to change")
                + (write || r.json().isEmpty() ? "" : "; run again with --write to change them"));
        common.err().flush();
        return ExitCodes.OK;
    }

    private static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path target, FileChange change) {
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".droptrace.tmp");
            Files.writeString(tmp, String.join("\n", change.after()), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
