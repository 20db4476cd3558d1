package ai.thinkheads.droptrace.streams.service;

/**
 * A {@link CorrelationService} whose Kafka Streams did not stop in time when it was closed (a Kafka that does not
 * answer its commit): the stop was not a clean one.
 */
public final class NotStoppedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NotStoppedException(String message) {
        super(message);
    }
}
