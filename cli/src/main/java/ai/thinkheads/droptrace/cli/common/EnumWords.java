package ai.thinkheads.droptrace.cli.common;

import java.util.function.Function;
import picocli.CommandLine.TypeConversionException;

/**
 * An option's value among an enum's constants, in any case, by the word a user writes for each (its name, or the
 * word Kafka and the docs use); another value is refused in the option's own words, not picocli's upper-case list.
 */
public final class EnumWords {

    private EnumWords() {
    }

    /**
     * The constant of {@code values} whose {@code word} is {@code value} (any case, spaces around it ignored).
     *
     * @param refusal what follows the quoted value in the error: {@code "is not an output format: use text or json"}
     */
    public static <E extends Enum<E>> E parse(String value, E[] values, Function<E, String> word, String refusal) {
        for (E constant : values) {
            if (word.apply(constant).equalsIgnoreCase(value.strip())) {
                return constant;
            }
        }
        throw new TypeConversionException("'" + value + "' " + refusal);
    }
}
