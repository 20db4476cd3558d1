package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.core.time.WrittenDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as people write it ({@code 90s}, {@code 15m}, {@code 1h30m}, {@code 2d}) or in ISO-8601 ({@code PT1H}). */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    public static Duration parse(String text) {
        Duration d = WrittenDuration.parseOrNull(text);
        if (d == null || d.isNegative()) {
            throw invalid(text); // "PT-1H": as "-1h", not a span of time
        }
        return d;
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a duration; write it like 90s, 15m, 1h30m, 2d or PT1H");
    }
}
