package dev.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pre-built Open Sentry request bodies. Building every body before the clock starts keeps JSON generation
 * out of the generator's hot loop, so the generator measures the server, not itself.
 */
final class Payloads {

    private Payloads() {
    }

    /** The bodies with their item count, plus the mean body size, for the report. */
    record Set(List<byte[]> bodies, int itemsPerBody, double meanBodyBytes) {
    }

    /** {@code variants} bodies of {@code items} items each, kinds drawn by weight from {@code mix}. */
    static Set build(Map<String, Integer> mix, int items, int itemBytes, int variants) {
        // A fixed seed: every run of a scenario sends the same bytes.
        Random random = new Random(42);
        int total = mix.values().stream().mapToInt(Integer::intValue).sum();
        List<byte[]> bodies = new ArrayList<>(variants);
        long bytes = 0;
        int n = 0;
        for (int v = 0; v < variants; v++) {
            StringBuilder body = new StringBuilder(items * itemBytes + 64);
            if (items > 1) {
                body.append('[');
            }
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append(item(pick(mix, random.nextInt(total)), n++, itemBytes, random));
            }
            if (items > 1) {
                body.append(']');
            }
            byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
            bytes += b.length;
            bodies.add(b);
        }
        return new Set(List.copyOf(bodies), items, (double) bytes / variants);
    }

    private static String pick(Map<String, Integer> mix, int r) {
        for (Map.Entry<String, Integer> e : mix.entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("empty mix");
    }

    static String item(String kind, int n, int itemBytes, Random random) {
        return switch (kind) {
            case "error" -> error(n, itemBytes);
            case "transaction" -> transaction(n, itemBytes, random);
            case "ai_generation" -> generation(n, itemBytes, random);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** An error padded with stack frames; 50 distinct messages, so the digest groups into 50 issues. */
    private static String error(int n, int itemBytes) {
        String head = "{\"type\":\"error\",\"level\":\"error\",\"environment\":\"bench\",\"release\":\"1.0.0\","
                + "\"tags\":{\"host\":\"bench-" + (n % 4) + "\"},\"exception\":{\"type\":\"IllegalStateException\","
                + "\"value\":\"bench failure " + (n % 50) + "\",\"stacktrace\":{\"frames\":[";
        String tail = "]}}}";
        // Real stacks are many short frames; 512 bytes a frame, at most the protocol's 100.
        int frames = Math.clamp(itemBytes / 512, 1, 100);
        int perFrame = Math.max(0, (itemBytes - head.length() - tail.length()) / frames);
        StringBuilder sb = new StringBuilder(itemBytes + 128).append(head);
        for (int f = 0; f < frames; f++) {
            if (f > 0) {
                sb.append(',');
            }
            String frame = "{\"filename\":\"App" + f + ".java\",\"function\":\"step" + f
                    + "\",\"module\":\"com.example.App\",\"lineno\":" + (10 + f) + ",\"inApp\":true,\"contextLine\":\"";
            sb.append(frame).append(pad(perFrame - frame.length() - 3)).append("\"}");
        }
        return sb.append(tail).toString();
    }

    private static String transaction(int n, int itemBytes, Random random) {
        String head = "{\"type\":\"transaction\",\"name\":\"GET /api/items/" + (n % 20) + "\",\"traceId\":\""
                + Long.toHexString(random.nextLong()) + "\",\"durationMs\":" + (5 + n % 200)
                + ",\"status\":\"ok\",\"environment\":\"bench\",\"spans\":[";
        int spans = Math.clamp(itemBytes / 256, 1, 200);
        int perSpan = Math.max(0, (itemBytes - head.length() - 2) / spans);
        StringBuilder sb = new StringBuilder(itemBytes + 128).append(head);
        for (int s = 0; s < spans; s++) {
            if (s > 0) {
                sb.append(',');
            }
            String span = "{\"spanId\":\"s" + s + "\",\"op\":\"db.query\",\"durationMs\":" + (1 + s % 7)
                    + ",\"description\":\"";
            sb.append(span).append(pad(perSpan - span.length() - 3)).append("\"}");
        }
        return sb.append("]}").toString();
    }

    private static String generation(int n, int itemBytes, Random random) {
        String head = "{\"type\":\"ai_generation\",\"provider\":\"openai\",\"model\":\""
                + (n % 2 == 0 ? "gpt-4o-mini" : "gpt-4o") + "\",\"inputTokens\":" + (100 + random.nextInt(900))
                + ",\"outputTokens\":" + random.nextInt(400) + ",\"latencyMs\":" + (200 + n % 900)
                + ",\"status\":\"ok\",\"environment\":\"bench\",\"metadata\":{\"prompt\":\"";
        return head + pad(itemBytes - head.length() - 3) + "\"}}";
    }

    private static String pad(int length) {
        String words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";
        StringBuilder sb = new StringBuilder(Math.max(0, length));
        while (sb.length() < length) {
            sb.append(words, 0, Math.min(words.length(), length - sb.length()));
        }
        return sb.toString();
    }
}
