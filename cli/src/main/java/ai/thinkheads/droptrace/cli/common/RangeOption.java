package ai.thinkheads.droptrace.cli.common;

import java.util.Locale;

/** A number given on the command line: outside its range it is a usage error that names the option and why. */
public final class RangeOption {

    private RangeOption() {
    }

    /** {@code value} of {@code option} within {@code min}-{@code max}, else a usage error saying {@code why} the range. */
    public static void check(String option, long value, long min, long max, String why) {
        if (value < min || value > max) {
            throw new UserException(ExitCodes.USAGE, String.format(Locale.ROOT, "%s %d is out of range: %,d to %,d (%s)",
                    option, value, min, max, why));
        }
    }
}
