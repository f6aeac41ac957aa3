package dev.sluice.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Where an alert goes: a webhook or e-mail addresses. */
public sealed interface Channel {

    /** A webhook; {@code format} {@code json} (our payload), {@code slack} ({@code text}) or {@code discord} ({@code content}). */
    record Webhook(URI url, Optional<String> secret, String format) implements Channel {
    }

    /** E-mail through the configured SMTP server. */
    record Email(List<String> to) implements Channel {
    }

    Set<String> FORMATS = Set.of("json", "slack", "discord");
    Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** Reads a channel array (as stored, or from a REST body); a bad one is an {@link IllegalArgumentException}. */
    static List<Channel> parseAll(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty() || array.size() > 10) {
            throw new IllegalArgumentException("channels must be an array of 1-10 channels");
        }
        List<Channel> out = new ArrayList<>();
        array.forEach(c -> out.add(parse(c)));
        return out;
    }

    private static Channel parse(JsonNode c) {
        String type = c.path("type").asText("");
        switch (type) {
            case "webhook" -> {
                URI url;
                try {
                    url = URI.create(c.path("url").asText(""));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("webhook url is not a URL");
                }
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                    throw new IllegalArgumentException("webhook url must be http(s)://host/…");
                }
                String format = c.path("format").asText("json");
                if (!FORMATS.contains(format)) {
                    throw new IllegalArgumentException("webhook format must be json, slack or discord");
                }
                Optional<String> secret = c.hasNonNull("secret") ? Optional.of(c.get("secret").asText()) : Optional.empty();
                return new Webhook(url, secret, format);
            }
            case "email" -> {
                List<String> to = new ArrayList<>();
                c.path("to").forEach(a -> to.add(a.asText()));
                if (to.isEmpty() || to.size() > 20 || !to.stream().allMatch(a -> ADDRESS.matcher(a).matches())) {
                    throw new IllegalArgumentException("email channel needs \"to\": 1-20 addresses");
                }
                return new Email(List.copyOf(to));
            }
            default -> throw new IllegalArgumentException("channel type must be webhook or email");
        }
    }
}
