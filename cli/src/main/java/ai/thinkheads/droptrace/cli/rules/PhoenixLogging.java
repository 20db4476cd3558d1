package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.common.ConfigFiles;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.logging.FileChange;
import ai.thinkheads.droptrace.core.firewall.logging.PhoenixLoggingProposal;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    static int run(OutputOptions common, Path etc, PhoenixRuleset phoenix, LogLevel level, boolean write) {
        PhoenixLoggingProposal.Result r = PhoenixLoggingProposal.propose(phoenix, file -> ConfigFiles.readIfPresent(etc.resolve(file)), level);
        if (write) {
            Map<Path, String> texts = new LinkedHashMap<>();
            r.json().forEach(c -> texts.put(etc.resolve(c.path()), String.join("\n", c.after())));
            ConfigFiles.writeAll(texts);
        }
        if (common.json()) {
            JsonOutput.document(common.out(), new Report(r.json(), r.fw(), r.warnings(), r.notes(), write && !r.json().isEmpty()));
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
}
