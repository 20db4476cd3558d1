package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import java.util.Optional;

/**
 * The note on a logged decision: pve-firewall puts a rate limit on each log rule, which cluster.fw's
 * {@code log_ratelimit} ({@code [enable=]<1|0>[,burst=<int>][,rate=<n>/<unit>]}) sets or switches off.
 */
final class RateLimitNote {

    private RateLimitNote() {
    }

    /** The note, or {@code null} when the limit is switched off: then every packet gets its line. */
    static String of(FwFile cluster) {
        Optional<OptionSetting> set = cluster.option("log_ratelimit");
        String rate = "1/second";
        String burst = "5";
        boolean enabled = true;
        for (String part : set.map(OptionSetting::value).orElse("").split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? "enable" : part.substring(0, eq).strip();
            String value = (eq < 0 ? part : part.substring(eq + 1)).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (key) {
                case "enable" -> enabled = !value.equals("0");
                case "rate" -> rate = value;
                case "burst" -> burst = value;
                default -> {
                    // not a property of log_ratelimit: pve-firewall's schema refuses it, the defaults stay
                }
            }
        }
        if (!enabled) {
            return null;
        }
        String where = set.map(s -> ", log_ratelimit at " + cluster.path() + ":" + s.line())
                .orElse(", unless log_ratelimit in cluster.fw says otherwise");
        return "pve-firewall rate-limits each log rule (" + rate + ", burst " + burst + where
                + "), so not every packet gets a line";
    }
}
