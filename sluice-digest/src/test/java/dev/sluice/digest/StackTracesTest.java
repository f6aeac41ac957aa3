package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.Frame;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackTracesTest {

    static List<String> rendered(String trace) {
        return StackTraces.frames(Optional.of(trace)).stream()
                .map(f -> f.filename().orElse("?") + ":" + f.function().orElse("?") + (f.inApp() ? "" : " (lib)"))
                .toList();
    }

    @Test
    void javaInnermostFirstWithLibrariesMarked() {
        assertThat(rendered("""
                java.lang.IllegalStateException: boom
                \tat com.acme.Mailer.send(Mailer.java:42)
                \tat com.acme.Job.run(Job.java:10)
                \tat java.base/java.lang.Thread.run(Thread.java:1583)
                """)).containsExactly("Mailer.java:Mailer.send", "Job.java:Job.run", "Thread.java:Thread.run (lib)");
    }

    @Test
    void nodeWithAndWithoutFunctionNames() {
        assertThat(rendered("""
                Error: boom
                    at sendMail (/app/src/mail.js:12:5)
                    at /app/src/job.js:3:1
                    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
                """)).containsExactly("/app/src/mail.js:sendMail", "/app/src/job.js:anonymous",
                "node:internal/process/task_queues:process.processTicksAndRejections (lib)");
    }

    @Test
    void pythonIsReversedToInnermostFirst() {
        assertThat(rendered("""
                Traceback (most recent call last):
                  File "/app/worker.py", line 3, in run
                  File "/app/mail.py", line 9, in send
                ValueError: bad address
                """)).containsExactly("/app/mail.py:send", "/app/worker.py:run");
    }

    @Test
    void rubyAndUnknownText() {
        assertThat(rendered("/app/jobs/mailer.rb:12:in `deliver'\n/gems/sidekiq/processor.rb:5:in `process'"))
                .containsExactly("/app/jobs/mailer.rb:deliver", "/gems/sidekiq/processor.rb:process (lib)");
        assertThat(StackTraces.frames(Optional.of("no frames here"))).isEmpty();
        assertThat(StackTraces.frames(Optional.empty())).isEmpty();
    }

    @Test
    void sameFailureFromAnotherPlaceGroupsApart() {
        List<Frame> a = StackTraces.frames(Optional.of("\tat com.acme.A.run(A.java:1)"));
        List<Frame> b = StackTraces.frames(Optional.of("\tat com.acme.B.run(B.java:1)"));
        assertThat(Grouping.relevantFrames(a)).isNotEqualTo(Grouping.relevantFrames(b));
    }
}
