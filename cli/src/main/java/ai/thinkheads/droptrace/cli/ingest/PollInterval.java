package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.common.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ingest tail --poll}: a duration as every other option takes it ({@code 200ms}, {@code 1s}, and as
 * {@code tail.poll} of {@code droptrace up} is written), or a number alone in milliseconds, as the option first
 * took it; 1 ms to 60 s, since 0 would look at the file without a pause (a core busy for nothing).
 */
public final class PollInterval implements ITypeConverter<Duration> {

    static final Duration MIN = Duration.ofMillis(1);
    static final Duration MAX = Duration.ofSeconds(60);

    @Override
    public Duration convert(String text) {
        String t = text.trim();
        Duration poll;
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                poll = Duration.ofMillis(Long.parseLong(t));
            } catch (NumberFormatException e) {
                poll = MAX.plusMillis(1); // more digits than a long holds: out of range, said as such below
            }
        } else {
            poll = DurationConverter.parse(t);
        }
        if (poll.compareTo(MIN) < 0 || poll.compareTo(MAX) > 0) {
            throw new TypeConversionException("'" + text + "' is out of range: 1ms to 60s (the pause between looks at "
                    + "the file; a number alone is milliseconds)");
        }
        return poll;
    }
}
