package dev.sluice.digest;

import dev.sluice.protocol.Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Frames from the stack-trace text job SDKs send (Java, Node, Python, Ruby), innermost first like Open Sentry's
 * frames, so job failures group by rule 1 exactly as errors do: type, message and the outermost three in-app
 * frames. Lines that match no known format are skipped; a trace with none yields no frames (grouping then
 * falls back to type and message).
 */
public final class StackTraces {

    private static final int MAX_FRAMES = 100;
    /** {@code at com.acme.Job.run(Job.java:42)} */
    private static final Pattern JAVA = Pattern.compile("^\\s*at ([\\w$.<>/]+)\\.([\\w$<>]+)\\(([^:)]*)(?::\\d+)?\\)");
    /** {@code at handler (/app/src/job.js:12:5)} or {@code at /app/src/job.js:12:5} */
    private static final Pattern NODE = Pattern.compile("^\\s*at (?:(.+?) \\()?([^()]+?):\\d+:\\d+\\)?\\s*$");
    /** {@code File "/app/jobs.py", line 12, in send_email} */
    private static final Pattern PYTHON = Pattern.compile("^\\s*File \"([^\"]+)\", line \\d+, in (\\S+)");
    /** {@code /app/jobs/mailer.rb:12:in `deliver'} */
    private static final Pattern RUBY = Pattern.compile("^\\s*([^:\\s]+\\.rb):\\d+:in [`']([^'`]+)'");

    private StackTraces() {
    }

    /** The frames of a stack-trace text, innermost first; empty when no line matches a known format. */
    public static List<Frame> frames(Optional<String> stackTrace) {
        if (stackTrace.isEmpty()) {
            return List.of();
        }
        List<Frame> frames = new ArrayList<>();
        boolean outermostFirst = false;
        for (String line : stackTrace.get().split("\\R")) {
            Optional<Frame> f = parse(line);
            if (f.isPresent()) {
                frames.add(f.get());
                // Python prints the most recent call last; every other format prints it first.
                outermostFirst |= PYTHON.matcher(line).find();
            }
            if (frames.size() == MAX_FRAMES) {
                break;
            }
        }
        if (outermostFirst) {
            Collections.reverse(frames);
        }
        return List.copyOf(frames);
    }

    private static Optional<Frame> parse(String line) {
        Matcher m = JAVA.matcher(line);
        if (m.find()) {
            String cls = m.group(1);
            return Optional.of(frame(m.group(3), cls.substring(cls.lastIndexOf('.') + 1) + "." + m.group(2),
                    !cls.matches("(java|javax|jdk|sun|com\\.sun|kotlin)\\..*")));
        }
        m = PYTHON.matcher(line);
        if (m.find()) {
            return Optional.of(frame(m.group(1), m.group(2), !m.group(1).contains("site-packages")
                    && !m.group(1).contains("/lib/python")));
        }
        m = RUBY.matcher(line);
        if (m.find()) {
            return Optional.of(frame(m.group(1), m.group(2), !m.group(1).contains("/gems/")));
        }
        m = NODE.matcher(line);
        if (m.find()) {
            String file = m.group(2);
            return Optional.of(frame(file, Optional.ofNullable(m.group(1)).orElse("anonymous"),
                    !file.contains("node_modules") && !file.startsWith("node:")));
        }
        return Optional.empty();
    }

    private static Frame frame(String file, String function, boolean inApp) {
        return new Frame(Optional.of(file), Optional.of(function), inApp);
    }
}
