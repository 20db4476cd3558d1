package ai.thinkheads.droptrace.cli.common;

import java.util.ListResourceBundle;

/**
 * The help text of {@code --namespace} for the commands whose default is not {@code live}: a
 * command names one of these bundles in its {@code @Command(resourceBundle = ...)}, and picocli
 * takes the option's description from it instead of {@link KafkaOptions}' own.
 */
public final class NamespaceDefault {

    private static final String TOPICS = "Topic namespace: topics are droptrace.<NAME>.<topic>. ";

    private NamespaceDefault() {
    }

    /** {@code replay}: its own namespace, whose topics keep old records. */
    public static final class Replay extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][] {{"namespace", TOPICS + "Default: replay."}};
        }
    }

    /** {@code demo} and {@code doctor}: a namespace of their own for each run. */
    public static final class PerRun extends ListResourceBundle {
        @Override
        protected Object[][] getContents() {
            return new Object[][] {{"namespace", TOPICS + "Default: a new one for each run (<command>-<date>-<time>)."}};
        }
    }
}
