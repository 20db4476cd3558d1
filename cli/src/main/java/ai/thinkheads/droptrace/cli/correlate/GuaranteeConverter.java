package ai.thinkheads.droptrace.cli.correlate;

import ai.thinkheads.droptrace.cli.common.EnumWords;
import ai.thinkheads.droptrace.streams.runner.ProcessingGuarantee;
import picocli.CommandLine.ITypeConverter;

/**
 * {@code --guarantee}'s value in any case, named as Kafka Streams and the docs write it ({@code exactly_once_v2},
 * {@code at_least_once}), not as the enum's constants.
 */
public final class GuaranteeConverter implements ITypeConverter<ProcessingGuarantee> {

    @Override
    public ProcessingGuarantee convert(String value) {
        return EnumWords.parse(value, ProcessingGuarantee.values(), ProcessingGuarantee::config,
                "is not a processing guarantee: use exactly_once_v2 or at_least_once");
    }
}
